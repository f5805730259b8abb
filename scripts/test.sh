#!/usr/bin/env bash
# make test: every test on real parts. The fixtures start their own redis-server, PostgreSQL, DNS server and
# SMTP sinks on loopback; this script only makes sure the packages (and the webhook receiver's npm package) are
# there, then runs dotnet test and ends with one line "N passed, N failed, N skipped". The cluster tests
# (tests/SendGateway.ClusterTests) are built but not run here: make test-cluster runs them (root).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages --test
# The webhook receiver verifies signatures with the npm package standardwebhooks (pinned by its package-lock.json).
npm ci --prefix tests/webhook-receiver --no-audit --no-fund --loglevel=error >/dev/null
export PATH="$PATH:/usr/sbin:$(pg_bin)"

out=$(mktemp)
started=$(date +%s)
status=0
dotnet test SendGateway.sln -c Release --nologo -v quiet --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$out" || status=$?
passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/p' "$out")
rm -f "$out"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or a test host failed before any result was counted
fi
elapsed=$(( $(date +%s) - started ))
log "make test took $((elapsed / 60)) min $((elapsed % 60)) s (budget: 15 min on 2 cores)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ]
