#!/usr/bin/env bash
# Relay acceptance rate against Postfix on the same machine (issue: SMTP relay front, benchmark).
# Postfix's smtp-source (S sessions, connections reused, 5 KB messages) into:
#   a) the SendGateway relay (durable: Redis AOF appendfsync always; no delivery workers, like Postfix's HOLD), and
#   b) a private Postfix smtpd that queues to disk and holds everything (check_client_access static:HOLD).
# Prints both rates and their ratio.   N=20000 S=20 SIZE=5120 RUNS=3 bash benchmarks/relay-vs-postfix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
N=${N:-20000} S=${S:-20} SIZE=${SIZE:-5120} RUNS=${RUNS:-3}
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
source benchmarks/bench-lib.sh

median() { python3 -c "import statistics,sys; print(round(statistics.median(map(float, sys.argv[1:]))))" "$@"; }

# --- SendGateway relay -------------------------------------------------------------------------------------------
bench_start relaybench
HTTP_PORT=$(free_port); RELAY_PORT=$(free_port)
bench_tenant relay-bench
dotnet "$SERVER" --urls "http://127.0.0.1:$HTTP_PORT" --SendGateway:Roles=api,relay,events \
  --SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0 --SendGateway:Relay:Ports:Alternate="$RELAY_PORT" \
  --SendGateway:Relay:TrustedNetworks:0:Network=127.0.0.1/32 --SendGateway:Relay:TrustedNetworks:0:TenantId="$TENANT_ID" \
  --SendGateway:Queue:HighWaterBytes=17179869184 & pids+=($!)
bench_domain "$HTTP_PORT" bench-sender.test
"$SMTP_SOURCE" -s "$S" -d -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT" # warm-up
sleep 3 # let .NET finish tiering up what the warm-up compiled: the figures are steady state, as a long-running server is
ours=(); for _ in $(seq "$RUNS"); do ours+=("$(source_rate "$RELAY_PORT" "$N")"); done
queued=$(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory_human:\(.*\)\r/\1/p')
bench_stop_processes

# --- Postfix smtpd, disk queue, everything held ------------------------------------------------------------------
SINK_PORT=$(free_port) # never reached: everything is held
postfix_start
"$SMTP_SOURCE" -s "$S" -d -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$PF_HOLD_PORT" # warm-up
sleep 3
theirs=(); for _ in $(seq "$RUNS"); do theirs+=("$(source_rate "$PF_HOLD_PORT" "$N")"); done
held=$(find "$PF/queue/hold" -type f | wc -l)

echo "machine: $(nproc) cores, $(uname -r); smtp-source -d -s $S -l $SIZE -m $N, $RUNS runs each"
echo "sendgateway relay accepted msg/s: ${ours[*]} (median $(median "${ours[@]}")); redis used_memory at the end: $queued"
echo "postfix smtpd (disk queue, hold) accepted msg/s: ${theirs[*]} (median $(median "${theirs[@]}")); messages in its hold queue: $held"
python3 -c "print(f'ratio sendgateway / postfix: {$(median "${ours[@]}") / $(median "${theirs[@]}"):.2f}')"
