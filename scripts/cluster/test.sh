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
export PATH="$PATH:/usr/sbin:$(pg_bin)" SENDGATEWAY_CLUSTER_TESTS=1
out=$(mktemp)
started=$(date +%s)
status=0
# The solution first (the server, the sink and this project), then the cluster tests alone.
dotnet build SendGateway.sln -c Release -v quiet -nologo >"$out" 2>&1 || { cat "$out"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test tests/SendGateway.ClusterTests -c Release --no-build --nologo -v quiet --logger "console;verbosity=normal" "$@" 2>&1 | tee "$out" || status=$?
passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/p' "$out")
rm -f "$out"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
bash scripts/cluster/down.sh # the fixture's tear-down did it unless the test host died
elapsed=$(( $(date +%s) - started ))
log "make test-cluster took $((elapsed / 60)) min $((elapsed % 60)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ]
