#!/usr/bin/env bash
# make test-cluster (as root): the tests on the topology of separate hosts (tests/SendGateway.ClusterTests). Their
# fixture brings the topology up once in its own data folder (/var/tmp/sendgateway-cluster-tests) and down at the end.
# Ends with one line "N passed, N failed, N skipped", as make test. Arguments go to dotnet test (--filter ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
if [ "$(id -u)" != 0 ]; then
  log "make test-cluster needs root (network namespaces): sudo make test-cluster"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
ensure_packages
ensure_cluster_packages
export PATH="$PATH:/usr/sbin:$(pg_bin)" SENDGATEWAY_CLUSTER_TESTS=1
out=$(mktemp)
started=$(date +%s)
status=0
# The solution first (the server, the sink and this project), then the cluster tests alone.
dotnet build SendGateway.sln -c Release -v quiet -nologo >"$out" 2>&1 || { cat "$out"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test tests/SendGateway.ClusterTests -c Release --no-build --nologo -v quiet --logger "console;verbosity=normal" "$@" 2>&1 | tee "$out" || status=$?
# The normal console logger ends with "Total tests: N", then "Passed: N", "Failed: N", "Skipped: N" lines (those present).
count() { sed -nE "s/^ +$1: +([0-9]+)\$/\1/p" "$out" | tail -n 1; }
passed=$(count Passed) failed=$(count Failed) skipped=$(count Skipped)
passed=${passed:-0} failed=${failed:-0} skipped=${skipped:-0}
rm -f "$out"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
bash scripts/cluster/down.sh # the fixture's tear-down did it unless the test host died
elapsed=$(( $(date +%s) - started ))
log "make test-cluster took $((elapsed / 60)) min $((elapsed % 60)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ]
