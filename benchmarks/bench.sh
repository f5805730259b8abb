#!/usr/bin/env bash
# make bench: SendGateway against Postfix on this machine, same run, loopback only; prints one table and writes it
# to $OUT (default .bench/bench-<time>.md). Phases (5 KB bodies throughout):
#   1. Accept, with no delivery and no ingester running (like Postfix's HOLD): first SMTP, smtp-source (S sessions)
#      into the relay while the queue is as short as Postfix's; then REST, single-recipient requests from C clients as
#      fast as they go, again paced at half that rate (p99 there), once more with Redis's automatic AOF rewrite held off
#      for that window (what a rewrite costs), and 100-recipient requests. Redis bytes per queued recipient from
#      used_memory.
#   2. Ingest: the events role starts and drains every injected event of phase 1 into PostgreSQL (binary COPY), timed
#      from its first stored batch.
#   3. End to end: smtp-source -> relay -> Redis -> delivery (DKIM) -> smtp-sink, until PostgreSQL holds every `ok`
#      and the sink counted every message; a webhook endpoint for `ok` on a loopback receiver counts what it got. Then
#      the tracking endpoints, and end to end again over REST from a stored template with open and click tracking on.
#   4. The same end to end on a three-node Redis Cluster with two delivery processes (REST over 16 recipient domains,
#      so the shards spread over the nodes and the workers).
#   5. Postfix: smtp-source -> smtpd -> disk queue (HOLD) for acceptance; -> smtp -> the same smtp-sink end to end.
# Sizes: N (single-recipient messages, default 20000), NB (recipients in 100-recipient requests, default 100000),
# NE (end-to-end messages, default 20000), NT (tracking hits, 50000), C (REST and tracking clients, 64), S (smtp-source
# sessions, 20), SIZE (5120).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
N=${N:-20000} NB=${NB:-100000} NE=${NE:-20000} NT=${NT:-50000} C=${C:-64} S=${S:-20} SIZE=${SIZE:-5120}
OUT=${OUT:-.bench/bench-$(date -u +%Y%m%d-%H%M%S).md}
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
source benchmarks/bench-lib.sh

bench_start bench
(cd tests/webhook-receiver && npm ci --silent --no-audit --no-fund >/dev/null)
HTTP_PORT=$(free_port); RELAY_PORT=$(free_port); HOOK_PORT=$(free_port); sink_start
node tests/webhook-receiver/receiver.mjs "$HOOK_PORT" > "$DATA/receiver.out" & services+=($!)
bench_tenant bench
bench_server_args

# --- 1. accept (roles api, relay) ---------------------------------------------------------------------------------
server_start api,relay "${server_args[@]}"; accept_pid=$server_pid
bench_domain "$HTTP_PORT" bench-sender.test
driver --messages 2000 --concurrency "$C" --accept-only >/dev/null # warm-up: JIT tier-up, pools
"$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT"
sleep 3
redis-cli -p "$REDIS_PORT" config set latency-monitor-threshold 5 >/dev/null # Redis records its own stalls (fsync) above 5 ms
# SMTP first, on a queue as short as Postfix's: after the REST phases it would carry their backlog, and Redis's rewrite
# of that large AOF (which Postfix has no counterpart of) would fall in its window.
forks0=$(aof_rewrites_begun); relay_rate=$(source_rate "$RELAY_PORT" "$N"); relay_rewrites=$(( $(aof_rewrites_begun) - forks0 ))
mem0=$(queued_bytes)
single=$(driver --messages "$N" --concurrency "$C" --accept-only)
paced=$(paced_window "$(( N / 2 ))" "$(( $(kv "$single" accepted_per_s) / 2 ))")
# Again without an AOF rewrite in the window: this phase only fills the queue, so Redis rewrites its growing AOF (a
# fork and a large write that stalls the fsyncs); the difference between the two rows is that rewrite's cost.
redis-cli -p "$REDIS_PORT" config set auto-aof-rewrite-percentage 0 >/dev/null
# …and a rewrite begun in the window before is let finish first: otherwise it runs on into this one.
wait_until 300 "redis-cli -p $REDIS_PORT info persistence | grep -q '^aof_rewrite_in_progress:0'"
paced_quiet=$(paced_window "$(( N / 2 ))" "$(( $(kv "$single" accepted_per_s) / 2 ))")
redis-cli -p "$REDIS_PORT" config set auto-aof-rewrite-percentage 100 >/dev/null
singles=$(( N + N )); mem1=$(queued_bytes)
batch=$(driver --messages "$NB" --concurrency 8 --recipients-per-request 100 --accept-only)
mem2=$(queued_bytes)
# The same from a stored template with a layout, a loop and ~5 KB of html (issue 15: > 10,000 recipients/s).
bench_template bench-load
tbatch=$(driver --messages "$NB" --concurrency 8 --recipients-per-request 100 --accept-only --template bench-load)
rss_accept=$(peak_rss "$accept_pid")

# --- 2. ingest: the events role drains every injected event of phase 1 --------------------------------------------
injected=$(( 2000 + 2000 + N + singles + NB + NB )) # both warm-ups, SMTP, REST single and paced, batches inline and templated
server_start events --urls "http://127.0.0.1:$(free_port)"
wait_until 60 "[ \$(event_backlog) -lt $injected ]"; t0=$(now); first=$(( injected - $(event_backlog) )) # from the first stored batch: not the start-up
wait_until 600 "[ \$(event_backlog) -eq 0 ]" && wait_until 30 "[ \$(psql_value 'SELECT count(*) FROM events') -ge $injected ]"
ingest_rate=$(rate_since "$t0" "$(( injected - first ))")
redis_single=$(( (mem1 - mem0) / singles )); redis_batch=$(( (mem2 - mem1) / NB ))
bench_stop_processes; redis-cli -p "$REDIS_PORT" flushall >/dev/null # an empty queue for the end-to-end run

# --- 3. end to end (all roles) ------------------------------------------------------------------------------------
server_start api,relay,delivery,events "${server_args[@]}"; e2e_pid=$server_pid
wait_until 60 "curl -sf http://127.0.0.1:$HTTP_PORT/readyz >/dev/null"
secret=$(curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/webhooks" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT/hooks/bench\",\"events\":[\"ok\"]}" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
curl -sf -X PUT "http://127.0.0.1:$HOOK_PORT/_config/bench" -d "{\"secret\":\"$secret\",\"status\":204}"
"$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT" # warm-up
wait_until 120 "[ \$(sink_count) -ge 2000 ] && [ \$(ok_events) -ge 2000 ]"; sleep 3
ok0=$(ok_events); sink0=$(sink_count); t0=$(now)
c0=("$(tree_ticks "$e2e_pid")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")" "$(tree_ticks "$SINK_PID")")
timeout 600 "$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m "$NE" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$RELAY_PORT"
wait_until 900 "[ \$(sink_count) -ge $(( sink0 + NE )) ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]"
e2e_rate=$(rate_since "$t0" "$NE")
c1=("$(tree_ticks "$e2e_pid")" "$(tree_ticks "$(redis_pid)")" "$(tree_ticks "$(postgres_pid)")" "$(tree_ticks "$SINK_PID")")
e2e_cpu_app=$(per_message_ms "${c0[0]}" "${c1[0]}" "$NE"); e2e_cpu_redis=$(per_message_ms "${c0[1]}" "${c1[1]}" "$NE")
e2e_cpu_pg=$(per_message_ms "${c0[2]}" "${c1[2]}" "$NE"); e2e_cpu_sink=$(per_message_ms "${c0[3]}" "${c1[3]}" "$NE")
e2e_cpu_total=$(per_message_ms "$(( c0[0] + c0[1] + c0[2] + c0[3] ))" "$(( c1[0] + c1[1] + c1[2] + c1[3] ))" "$NE")
wait_until 120 "[ \$(hook_ok) -ge $(( NE + 2000 )) ]" || true
hooks=$(( $(hook_ok) - 2000 ))
rss_e2e=$(peak_rss "$e2e_pid")
pg_per_event=$(psql_value "SELECT pg_total_relation_size('events') + coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass")
pg_per_event=$(( pg_per_event / $(psql_value "SELECT count(*) FROM events") ))
# The public tracking endpoints (opens and clicks alternating) on the all-roles process: signed token, verdict, one
# event-stream append each (issue 16: >= 5,000/s); the ingester drains and discards them meanwhile (unknown message).
tracking=$(driver --tracking-hits "$NT" --concurrency "$C")
# End to end again over REST, each message from a stored template with a layout and three links, rendered per recipient
# at delivery, with open and click tracking on (pixel added, links rewritten and signed) — issue 20: >= 1.6x Postfix.
bench_template bench-track
wait_until 120 "[ \$(event_backlog) -eq 0 ]"; ok0=$(ok_events); sink0=$(sink_count); t0=$(now)
driver --messages "$NE" --concurrency "$C" --template bench-track --track --accept-only >/dev/null
wait_until 900 "[ \$(sink_count) -ge $(( sink0 + NE )) ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]"
track_rate=$(rate_since "$t0" "$NE")
bench_stop_processes

# --- 4. end to end on a three-node Redis Cluster: API/relay/events process + two delivery processes ----------------
cluster_start; trap 'cluster_stop; bench_cleanup' EXIT
ConnectionStrings__Redis="$CLUSTER" server_start api,events "${server_args[@]}" --SendGateway:Queue:Shards=16
for _ in 1 2; do ConnectionStrings__Redis="$CLUSTER" server_start delivery "${server_args[@]}" --SendGateway:Queue:Shards=16 --urls "http://127.0.0.1:$(free_port)"; done
wait_until 60 "curl -sf http://127.0.0.1:$HTTP_PORT/readyz >/dev/null"
ok0=$(ok_events); sink0=$(sink_count); t0=$(now)
driver --messages "$NE" --concurrency "$C" --rcpt-domains 16 --accept-only >/dev/null
wait_until 900 "[ \$(sink_count) -ge $(( sink0 + NE )) ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]" || true
cluster_rate=$(rate_since "$t0" "$NE"); cluster_ok=$(( $(ok_events) - ok0 ))
bench_stop_processes; cluster_stop

# --- 5. Postfix: acceptance into its disk queue (HOLD), then end to end to the same sink ---------------------------
postfix_start
"$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$PF_HOLD_PORT"; sleep 3
pf_accept=$(source_rate "$PF_HOLD_PORT" "$N")
"$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m 2000 -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$PF_PORT"
wait_until 120 "[ \$(sink_count) -ge $(( sink0 + NE + 2000 )) ]"; sleep 3 # sink0: taken before the cluster run
sink1=$(sink_count); t0=$(now); p0=("$(tree_ticks "$PF_PID")" "$(tree_ticks "$SINK_PID")")
timeout 600 "$SMTP_SOURCE" -d -s "$S" -l "$SIZE" -m "$NE" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$PF_PORT"
wait_until 900 "[ \$(sink_count) -ge $(( sink1 + NE )) ]"
pf_e2e=$(rate_since "$t0" "$NE"); p1=("$(tree_ticks "$PF_PID")" "$(tree_ticks "$SINK_PID")")
pf_cpu_app=$(per_message_ms "${p0[0]}" "${p1[0]}" "$NE"); pf_cpu_sink=$(per_message_ms "${p0[1]}" "${p1[1]}" "$NE")
pf_cpu_total=$(per_message_ms "$(( p0[0] + p0[1] ))" "$(( p1[0] + p1[1] ))" "$NE")

mkdir -p "$(dirname "$OUT")"; report | tee "$OUT"
echo "written to $OUT"
