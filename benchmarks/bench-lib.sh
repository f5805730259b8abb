#!/usr/bin/env bash
# Helpers of benchmarks/bench.sh (sourced after benchmarks/lib.sh): probes, timing, the private Postfix, the report.

DRIVER=${DRIVER:-benchmarks/SendGateway.LoadDriver/bin/Release/net10.0/SendGateway.LoadDriver.dll} # the REST load driver (see driver)
SMTP_SOURCE=${SMTP_SOURCE:-$(command -v smtp-source || echo /usr/sbin/smtp-source)} # Postfix's SMTP load generator

now() { date +%s.%N; }
rate_since() { python3 -c "import time; print(round($2 / (time.time() - $1)))"; } # start, count -> per second
kv() { echo "$1" | sed -n "s/^RESULT.* $2=\([0-9.]*\).*/\1/p"; } # driver output, key -> value

wait_until() { # seconds, condition (evaluated every 50 ms)
  local deadline; deadline=$(( $(date +%s) + $1 ))
  until eval "$2"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timed out waiting for: $2"; return 1; }
    sleep 0.05
  done
}

driver() {
  dotnet "$DRIVER" --url "http://127.0.0.1:$HTTP_PORT" --key "$KEY" --from "bench@bench-sender.test" --rcpt-domain bench.test \
    --body-bytes "$SIZE" "$@" | tee -a "$DATA/driver.out" | grep '^RESULT'
}

source_rate() { # port, messages -> accepted per second of one smtp-source run
  local t0; t0=$(now)
  timeout 600 "$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m "$2" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$1"
  rate_since "$t0" "$2"
}

psql_value() { "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U sendgateway -d sendgateway -tAc "$1"; }
ok_events() { psql_value "SELECT count(*) FROM events WHERE type = 'ok'"; }
# Events not yet stored in PostgreSQL (the ingester deletes them from the shards' event streams after each commit), in
# one Redis call: cheap to poll every 50 ms, where a count(*) in PostgreSQL (a new connection each time) would take
# PostgreSQL's CPU from the run it measures. Poll it, or the sink, before anything that asks PostgreSQL.
event_backlog() {
  redis-cli -p "$REDIS_PORT" eval "local n = 0 for s = 0, tonumber(ARGV[1]) - 1 do n = n + redis.call('XLEN', 'sg:ev:{s' .. s .. '}') end return n" 0 "${SHARDS:-16}"
}
sink_count() { tail -c 200 "$DATA/sink.out" | tr '\r' '\n' | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1 | grep . || echo 0; }
hook_ok() { curl -sf "http://127.0.0.1:$HOOK_PORT/_count/bench" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"].get("ok", 0))'; }
peak_rss() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$1/status"; } # MiB
gc_heap() { # base url -> MiB of managed heap (all generations) after the last collection, from /metrics
  curl -sf "$1/metrics" | awk '/^dotnet_gc_last_collection_heap_size_bytes/ { s += $2 } END { print int(s / 1048576) }'
}
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; } # MiB, now

# used_memory without the event streams (those drain into PostgreSQL): what the queued messages cost.
queued_bytes() {
  local used streams=0 key
  used=$(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
  for key in $(redis-cli -p "$REDIS_PORT" --scan --pattern 'sg:ev:*'); do
    streams=$(( streams + $(redis-cli -p "$REDIS_PORT" memory usage "$key" samples 0) ))
  done
  echo $(( used - streams ))
}

# The stored templates of make bench's template rows (and make bench-profile PHASE=tracked): a layout, then NAME either
# "bench-load" (a loop) or "bench-track" (three links), each with ~SIZE bytes of html. Needs $HTTP_PORT, $KEY, $SIZE.
bench_template() { # name
  local filler body
  filler=$(head -c "$SIZE" /dev/zero | tr '\0' x)
  curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/templates" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"id\":\"bench-layout\",\"kind\":\"layout\",\"name\":\"Frame\",\"html\":\"<div>{{ content }}</div><p>Acme</p>\"}" >/dev/null || true # made once
  if [ "$1" = bench-track ]; then
    body="\"name\":\"Tracked\",\"subject\":\"Order {{ n }}\",\"html\":\"<p>Hi {{ n }}</p>$(for l in 1 2 3; do printf '<p><a href=\\"https://shop.bench.test/p/%s?n={{ n }}\\">Link %s</a></p>' "$l" "$l"; done)<p>$filler</p>\""
  else
    body="\"name\":\"Load\",\"subject\":\"Load test {{ n }}\",\"html\":\"<p>Hi {{ n }}</p>{% for i in (1..3) %}<p>{{ i }}</p>{% endfor %}<p>$filler</p>\""
  fi
  curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/templates" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"layout_id\":\"bench-layout\",$body}" >/dev/null
}

sink_start() { # -> SINK_PORT, SINK_PID: a Postfix smtp-sink counting what it receives into $DATA/sink.out (see sink_count)
  SINK_PORT=$(free_port)
  "$(command -v smtp-sink || echo /usr/sbin/smtp-sink)" -u nobody -c 127.0.0.1:"$SINK_PORT" 1024 > "$DATA/sink.out" & services+=($!)
  SINK_PID=$!
}

# CPU clock ticks (1/100 s) used so far by a process and everything below it, including children already reaped
# (utime + stime + cutime + cstime of each): a Redis AOF rewrite, PostgreSQL backends, Postfix's smtpd/cleanup/smtp.
tree_ticks() {
  local tree todo=("$@") t=0 p
  tree=$(ps -e -o pid=,ppid=) # one snapshot: the walk cannot chase the subshells it starts itself
  while [ ${#todo[@]} -gt 0 ]; do
    p=${todo[0]}; todo=("${todo[@]:1}")
    [ -r "/proc/$p/stat" ] || continue
    t=$(( t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
    todo+=($(awk -v p="$p" '$2 == p { print $1 }' <<< "$tree"))
  done
  echo "$t"
}
redis_pid() { cat "$DATA/redis/redis.pid"; }
postgres_pid() { head -n 1 "$DATA/pg/postmaster.pid"; }
per_message_ms() { python3 -c "print(f'{($2 - $1) * 10 / $3:.${4:-2}f}')"; } # ticks before, after, messages [, decimals] -> ms of a core each

# The all-roles server's arguments of the end-to-end benches -> server_args: HTTP on HTTP_PORT, the relay on RELAY_PORT
# trusting loopback for TENANT_ID, no rate limits, every destination routed to SINK_PORT.
bench_server_args() {
  server_args=(--urls "http://127.0.0.1:$HTTP_PORT"
    --SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0 --SendGateway:Relay:Ports:Alternate="$RELAY_PORT"
    --SendGateway:Relay:TrustedNetworks:0:Network=127.0.0.1/32 --SendGateway:Relay:TrustedNetworks:0:TenantId="$TENANT_ID"
    --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0 --SendGateway:Tracking:MaxHitsPerAddress=0 # measure the service, not its limits
    --SendGateway:Queue:HighWaterBytes=17179869184 --SendGateway:Webhooks:AllowPrivateNetworks=true
    "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT" --SendGateway:Delivery:MaxConnectionsPerDestination=20
    --SendGateway:Delivery:MaxConnectionsPerMx=200) # one sink stands for every destination's MX: Postfix's limit is per destination too
}

server_start() { # roles, server arguments -> server_pid
  local roles=$1; shift
  dotnet "$SERVER" "--SendGateway:Roles=$roles" "$@" >> "$DATA/server.log" 2>&1 & server_pid=$!; pids+=("$server_pid")
}

# A private Postfix 3.x: PF_HOLD_PORT queues to disk and holds (acceptance), PF_PORT relays to SINK_PORT (end to end).
# PF_MAIN_EXTRA: more main.cf lines (make bench-kumo: short retries).
postfix_start() {
  PF="$DATA/postfix"; PF_PORT=$(free_port); PF_HOLD_PORT=$(free_port)
  mkdir -p "$PF/queue" "$PF/data"
  cp /etc/postfix/master.cf "$PF/master.cf" 2>/dev/null || cp /usr/share/postfix/master.cf.dist "$PF/master.cf"
  sed -i '/^smtp \+inet/d' "$PF/master.cf"
  { echo "127.0.0.1:$PF_PORT inet n - n - - smtpd"
    echo "127.0.0.1:$PF_HOLD_PORT inet n - n - - smtpd -o smtpd_client_restrictions=check_client_access,static:HOLD"; } >> "$PF/master.cf"
  cat > "$PF/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains =
relayhost = [127.0.0.1]:$SINK_PORT
default_transport = smtp
smtpd_relay_restrictions = permit_mynetworks, reject
maillog_file = /dev/stdout
smtp_dns_support_level = disabled
${PF_MAIN_EXTRA:-}
CF
  chown postfix "$PF/data"
  postfix -c "$PF" start-fg > "$PF/postfix.log" 2>&1 & pids+=($!); PF_PID=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$PF_PORT") 2>/dev/null && break; sleep 0.2; done
}

# A three-node Redis Cluster on loopback (AOF always): sets CLUSTER to its connection string.
cluster_start() {
  local ports=() port
  for i in 1 2 3; do
    port=$(free_port); ports+=("127.0.0.1:$port"); mkdir -p "$DATA/cluster/$port"
    redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-port "$(free_port)" --cluster-config-file "$DATA/cluster/$port/nodes.conf" \
      --dir "$DATA/cluster/$port" --appendonly yes --appendfsync always --save '' --rdbcompression no --daemonize yes --pidfile "$DATA/cluster/$port/redis.pid" --logfile "$DATA/cluster/$port/redis.log"
    cluster_ports+=("$port")
  done
  for port in "${cluster_ports[@]}"; do wait_until 10 "redis-cli -p $port ping >/dev/null 2>&1"; done
  redis-cli --cluster create "${ports[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
  for port in "${cluster_ports[@]}"; do wait_until 30 "redis-cli -p $port cluster info | grep -q cluster_state:ok"; done
  CLUSTER=$(IFS=,; echo "${ports[*]}")
}
cluster_stop() { for port in "${cluster_ports[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done; }
cluster_ports=()

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

# One paced REST window (MSGS RATE): prints the driver's result plus the server's own p99 bound, Redis's longest
# fsync stall and how many AOF rewrites (forks) fell in the window. Needs $HTTP_PORT, $REDIS_PORT, $DATA.
paced_window() {
  local forks0 result
  curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" > "$DATA/metrics.before"; redis-cli -p "$REDIS_PORT" latency reset >/dev/null
  forks0=$(aof_rewrites_begun)
  result=$(driver --messages "$1" --concurrency "$C" --accept-only --rate "$2")
  curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" > "$DATA/metrics.after"
  echo "$result server_p99_ms=$(python3 benchmarks/server-p99.py "$DATA/metrics.before" "$DATA/metrics.after")" \
    "fsync_max_ms=$(redis-cli -p "$REDIS_PORT" latency history aof-fsync-always | awk 'NR % 2 == 0 && $1 > m { m = $1 } END { print m + 0 }')" \
    "rewrites=$(( $(aof_rewrites_begun) - forks0 ))"
}
# Redis forks begun so far, less one while a rewrite still runs: the difference over a window counts the rewrites that
# ran during it (including one still running from the phase before).
aof_rewrites_begun() {
  echo $(( $(redis-cli -p "$REDIS_PORT" info stats | sed -n 's/^total_forks:\([0-9]*\).*/\1/p') \
    - $(redis-cli -p "$REDIS_PORT" info persistence | sed -n 's/^aof_rewrite_in_progress:\([0-9]*\).*/\1/p') ))
}
paced_row() { # label result
  echo "| $1 | client p50 $(kv "$2" p50_ms) ms, p99 $(kv "$2" p99_ms) ms; server p99 ≤ $(kv "$2" server_p99_ms) ms; Redis fsync stalls up to $(kv "$2" fsync_max_ms) ms, AOF rewrites in the window $(kv "$2" rewrites) | | | p99 < 20 ms |"
}

machine_line() { # title -> "title, time: cores, memory, kernel, Redis, PostgreSQL and Postfix versions"
  echo "$1, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), Redis $(redis-server --version | sed 's/.*v=\([0-9.]*\).*/\1/'), PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}'), Postfix $(postconf -d -h mail_version 2>/dev/null)."
}

report() {
  cat <<MD
$(machine_line "SendGateway benchmark") ${SIZE} B bodies, loopback.

| Measure | SendGateway | Postfix | Ratio | Target |
|---|---|---|---|---|
| REST accept, 1 recipient, $C clients ($N msgs) | $(kv "$single" accepted_per_s)/s, p50 $(kv "$single" p50_ms) ms, p99 $(kv "$single" p99_ms) ms | | | |
$(paced_row "REST accept paced at half that rate ($(( N / 2 )) msgs)" "$paced")
$(paced_row "… the same with Redis's automatic AOF rewrite held off for the window" "$paced_quiet")
| REST accept, 100-recipient requests ($NB recipients) | $(kv "$batch" accepted_per_s) recipients/s, p99 $(kv "$batch" p99_ms) ms per request | | | > 10,000/s |
| … from a stored template with a layout and a loop, 5 KB html, each recipient rendered at accept | $(kv "$tbatch" accepted_per_s) recipients/s, p99 $(kv "$tbatch" p99_ms) ms per request | | | > 10,000/s |
| Tracking endpoints, opens and clicks alternating, $C clients ($NT hits) | $(kv "$tracking" hits_per_s)/s, p50 $(kv "$tracking" p50_ms) ms, p99 $(kv "$tracking" p99_ms) ms | | | ≥ 5,000/s |
| SMTP accept, smtp-source $S sessions ($N msgs) | $relay_rate/s (AOF rewrites meanwhile: $relay_rewrites) | $pf_accept/s | $(ratio "$relay_rate" "$pf_accept") | ≥ 2 |
| End to end, DKIM-signed, durable ($NE msgs) | $e2e_rate/s | $pf_e2e/s | $(ratio "$e2e_rate" "$pf_e2e") | ≥ 3 |
| … over REST, a stored template rendered per recipient, open and click tracking on ($NE msgs) | $track_rate/s | $pf_e2e/s | $(ratio "$track_rate" "$pf_e2e") | ≥ 1.6 |
| … CPU per message, ms of a core (the load generator aside) | $e2e_cpu_total: SendGateway $e2e_cpu_app, Redis $e2e_cpu_redis, PostgreSQL $e2e_cpu_pg, smtp-sink $e2e_cpu_sink | $pf_cpu_total: Postfix $pf_cpu_app, smtp-sink $pf_cpu_sink | $(ratio "$pf_cpu_total" "$e2e_cpu_total") | |
| Webhook receiver: \`ok\` events received of $NE | $hooks | | | all |
| End to end on a 3-node Redis Cluster, 2 delivery processes, REST over 16 domains ($NE msgs) | $cluster_rate/s | | | nothing lost: $cluster_ok \`ok\` of $NE |
| Event ingestion into PostgreSQL ($injected events) | $ingest_rate/s | | | > 50,000/s |
| Peak RSS (accept process / all-roles process) | $rss_accept / $rss_e2e MiB | | | |
| Redis per queued message (1 recipient / per recipient of 100) | $redis_single / $redis_batch B | | | |
| PostgreSQL per stored event (table + indexes) | $pg_per_event B | | | |
MD
}
