.PHONY: run test build cluster cluster-down test-cluster docs docs-reference docs-screenshots bench bench-ab bench-roles bench-profile bench-profile-ab bench-micro bench-scale bench-soak load bench-relay bench-tls bench-replica-ack bench-cluster bench-kumo bench-size api-spec

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

build:
	dotnet build SendGateway.sln -c Release

# The service as a cluster of separate network hosts on this machine (root: network namespaces); see
# docs/operations/cluster-topology.md. cluster-down stops it; test-cluster runs the tests on that topology.
cluster:
	bash scripts/cluster/make-cluster.sh

cluster-down:
	bash scripts/cluster/down.sh

test-cluster:
	bash scripts/cluster/test.sh

# The guide as a static site in docs/_site (DocFX, warnings as errors; the HTTP API reference rendered by Redocly).
docs:
	bash scripts/docs.sh

# Regenerates docs/reference/configuration.md from the options classes (commit it with the options it describes).
# Refreshes the web panel guide's pictures from the screenshots the panel's browser tests took (review before committing).
docs-screenshots:
	bash scripts/docs-screenshots.sh

docs-reference:
	UPDATE_DOCS_REFERENCE=1 bash scripts/test.sh --filter TheConfigurationReferenceMatchesTheOptionsClasses

bench:
	bash benchmarks/bench.sh

bench-ab:
	bash benchmarks/ab.sh

bench-roles:
	bash benchmarks/roles.sh

bench-profile:
	bash benchmarks/profile.sh

bench-profile-ab:
	bash benchmarks/profile-ab.sh

bench-micro:
	bash benchmarks/micro.sh

bench-scale:
	bash benchmarks/scale.sh

bench-soak:
	bash benchmarks/soak.sh

load:
	bash benchmarks/load.sh

bench-relay:
	bash benchmarks/relay-vs-postfix.sh

bench-tls:
	bash benchmarks/tls.sh

bench-replica-ack:
	bash benchmarks/replica-ack.sh

bench-cluster:
	bash benchmarks/cluster.sh

# KumoMTA's published yardstick on our side (N=100000 of SIZE=102400 by default; A/B steps N=10000-20000), with the
# Postfix figure of the same run: docs/performance/kumo.md.
bench-kumo:
	bash benchmarks/kumo.sh

bench-size:
	bash benchmarks/size.sh

api-spec:
	UPDATE_API_SPEC=1 bash scripts/test.sh --filter TheOpenApiDocumentMatchesTheCheckedInSpec
