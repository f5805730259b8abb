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
if [ $# -gt 0 ]; then
  # Arguments (a --filter, say) go to one dotnet test of the whole solution.
  dotnet test SendGateway.sln -c Release --nologo -v quiet --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$out" || status=$?
else
  # The integration tests wait on timers, retries and restarts for much of their time (about 40 % of 2 cores idle when
  # run alone), so they run as two test processes side by side, split by folder: each process has its own Redis,
  # PostgreSQL, DNS server and MX servers (TestEnvironment), so they share nothing but the machine. The other test
  # projects run beside them. Built once first.
  dotnet build SendGateway.sln -c Release --nologo -v quiet 2>&1 | tee "$out" || status=$?
  if [ "$status" -eq 0 ]; then
    first="" rest=""
    for folder in Faults Hosting Relay Api Privacy Streams Tracking; do
      first+="${first:+|}FullyQualifiedName~SendGateway.IntegrationTests.$folder."
      rest+="${rest:+&}FullyQualifiedName!~SendGateway.IntegrationTests.$folder."
    done
    run() { dotnet test "$1" -c Release --no-build --nologo -v quiet --logger "console;verbosity=minimal" --filter "$2" 2>&1 | tee "$out.$3"; }
    run tests/SendGateway.IntegrationTests "$first" 1 & one=$!
    run tests/SendGateway.IntegrationTests "$rest" 2 & two=$!
    run SendGateway.sln "FullyQualifiedName!~SendGateway.IntegrationTests." 3 & three=$!
    for job in "$one" "$two" "$three"; do wait "$job" || status=$?; done
    cat "$out".[123] >> "$out" && rm -f "$out".[123]
  fi
fi
passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/p' "$out")
rm -f "$out"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or a test host failed before any result was counted
fi
elapsed=$(( $(date +%s) - started ))
log "make test took $((elapsed / 60)) min $((elapsed % 60)) s (the README promises under 30 min on 2 cores)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ]
