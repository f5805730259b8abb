#!/usr/bin/env bash
# make bench-roles: the inputs of docs/performance/capacity.md and its check on this machine. The end-to-end run of make bench
# (smtp-source -> relay -> Redis -> delivery, DKIM-signed -> smtp-sink, until PostgreSQL holds every ok) with each role
# in a process of its own (api+relay, delivery, events), twice:
#   1. free: no pinning. CPU per delivered message of every process from /proc ticks: the per-role costs.
#   2. pinned with taskset (RELAY_CPUS, DELIVERY_CPUS, EVENTS_CPUS, and OTHERS_CPUS for Redis, PostgreSQL, the sink and
#      smtp-source; default: delivery alone on core 1, everything else on core 0, as if delivery had a machine of its
#      own). The model predicts its rate from run 1's costs: each core carries the sum of the costs pinned to it, so
#      rate <= min over cores of 1000 / its load in ms (and 1000 * cores / all ms); the run measures it.
# Sizes: NE (messages per run, 20000), S (smtp-source sessions, 20), SIZE (body bytes, 5120).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
NE=${NE:-20000} S=${S:-20} SIZE=${SIZE:-5120}
RELAY_CPUS=${RELAY_CPUS:-0} DELIVERY_CPUS=${DELIVERY_CPUS:-1} EVENTS_CPUS=${EVENTS_CPUS:-0} OTHERS_CPUS=${OTHERS_CPUS:-0}
CORES=$(nproc)
OUT=${OUT:-.bench/roles-$(date -u +%Y%m%d-%H%M%S).md}
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
source benchmarks/bench-lib.sh

bench_start roles
HTTP_PORT=$(free_port); RELAY_PORT=$(free_port); sink_start
bench_tenant roles
common=(--SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0 --SendGateway:Relay:Ports:Alternate="$RELAY_PORT"
  --SendGateway:Relay:TrustedNetworks:0:Network=127.0.0.1/32 --SendGateway:Relay:TrustedNetworks:0:TenantId="$TENANT_ID"
  --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0 --SendGateway:Queue:HighWaterBytes=17179869184
  "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT" --SendGateway:Delivery:MaxConnectionsPerDestination=20 --SendGateway:Delivery:MaxConnectionsPerMx=200)

role_start() { # cpus ("" = free), roles, http port -> server_pid
  local cpus=$1 roles=$2 port=$3 pin=()
  [ -z "$cpus" ] || pin=(taskset -c "$cpus")
  "${pin[@]}" dotnet "$SERVER" "--SendGateway:Roles=$roles" --urls "http://127.0.0.1:$port" "${common[@]}" >> "$DATA/server.log" 2>&1 &
  server_pid=$!; pids+=("$server_pid")
  wait_until 60 "curl -sf http://127.0.0.1:$port/readyz >/dev/null"
}

# CPU of this shell's reaped children (smtp-source, psql, curl) in ticks, from a file bash's `times` wrote (`times` must run in
# the shell itself: in a pipeline or $(…) it would report a fresh subshell's).
reaped_ticks() {
  sed -n 2p "$1" | python3 -c "import re,sys; v=[float(m)*60+float(s) for m,s in re.findall(r'([0-9]+)m([0-9.]+)s', sys.stdin.read())]; print(int(sum(v)*100))"
}

pin_tree() { # cpus, pid: every thread of the process and of its children (PostgreSQL's backends inherit the postmaster's)
  local tree todo=("$2") p
  tree=$(ps -e -o pid=,ppid=)
  while [ ${#todo[@]} -gt 0 ]; do
    p=${todo[0]}; todo=("${todo[@]:1}")
    taskset -a -p -c "$1" "$p" >/dev/null 2>&1 || true
    todo+=($(awk -v p="$p" '$2 == p { print $1 }' <<< "$tree"))
  done
}

# One end-to-end run: prints "rate relay delivery events redis postgres sink loadgen" (msg/s, then ms of a core per message),
# then the six processes' ms of a core per second while idle.
run_e2e() { # relay cpus, delivery cpus, events cpus, others cpus ("" = free)
  role_start "$1" api,relay "$HTTP_PORT"; local relay=$server_pid
  role_start "$2" delivery "$(free_port)"; local delivery=$server_pid
  role_start "$3" events "$(free_port)"; local events=$server_pid
  local load=("$SMTP_SOURCE") p
  if [ -n "$4" ]; then
    for p in "$(redis_pid)" "$(postgres_pid)" "$SINK_PID"; do pin_tree "$4" "$p"; done
    load=(taskset -c "$4" "$SMTP_SOURCE")
  fi
  local sink0 ok0; sink0=$(sink_count); ok0=$(ok_events)
  "${load[@]}" -d -s "$S" -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT" # warm-up
  wait_until 120 "[ \$(sink_count) -ge $(( sink0 + 2000 )) ] && [ \$(ok_events) -ge $(( ok0 + 2000 )) ]"; sleep 3
  ok0=$(ok_events); sink0=$(sink_count)
  # The servers and the sink are children of this script: their ticks are read per process; smtp-source and the polling
  # (psql, curl) are reaped children of this shell, read from `times`.
  [ -z "$4" ] || pin_tree "$4" "$(postgres_pid)" # the backends the warm-up opened
  local procs=("$relay" "$delivery" "$events" "$(redis_pid)" "$(postgres_pid)" "$SINK_PID") before=() after=() idle=() t0
  # What each process burns with nothing to do (polls, timers, leases), per second: the model's fixed part.
  for p in "${procs[@]}"; do idle+=("$(tree_ticks "$p")"); done
  sleep 10
  for p in "${procs[@]}"; do before+=("$(tree_ticks "$p")"); done
  times > "$DATA/times.0"; t0=$(now)
  timeout 600 "${load[@]}" -d -s "$S" -l "$SIZE" -m "$NE" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT"
  wait_until 900 "[ \$(sink_count) -ge $(( sink0 + NE )) ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]"
  local rate; rate=$(rate_since "$t0" "$NE")
  for p in "${procs[@]}"; do after+=("$(tree_ticks "$p")"); done
  local line="$rate" i
  for i in "${!procs[@]}"; do line+=" $(per_message_ms "${before[$i]}" "${after[$i]}" "$NE")"; done
  times > "$DATA/times.1"
  line+=" $(per_message_ms "$(reaped_ticks "$DATA/times.0")" "$(reaped_ticks "$DATA/times.1")" "$NE")"
  for i in "${!procs[@]}"; do line+=" $(( before[i] - idle[i] ))"; done # idle: ticks of 10 ms over 10 s = ms of a core per second
  bench_stop_processes; redis-cli -p "$REDIS_PORT" flushall >/dev/null
  echo "$line"
}

role_start "" api "$HTTP_PORT"; bench_domain "$HTTP_PORT" bench-sender.test; bench_stop_processes
log "run 1 of 2: every role free"
free=$(run_e2e "" "" "" "")
log "run 2 of 2: relay on CPU $RELAY_CPUS, delivery on $DELIVERY_CPUS, events on $EVENTS_CPUS, the rest on $OTHERS_CPUS"
pinned=$(run_e2e "$RELAY_CPUS" "$DELIVERY_CPUS" "$EVENTS_CPUS" "$OTHERS_CPUS")
mkdir -p "$(dirname "$OUT")"
python3 benchmarks/roles-table.py "$CORES" "$RELAY_CPUS" "$DELIVERY_CPUS" "$EVENTS_CPUS" "$OTHERS_CPUS" "$free" "$pinned" "$NE" | tee "$OUT"
echo "written to $OUT"
