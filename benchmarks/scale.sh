#!/usr/bin/env bash
# make bench-scale: do the rates hold as the work grows? Loopback only, own Redis (AOF always) and PostgreSQL.
#   1. Queue depth: fill the queue with 100-recipient requests to each DEPTHS value (default 10000 100000 1000000);
#      at each depth measure the single-recipient REST accept rate (5,000 messages, 64 clients) and the delivery
#      rate of one delivery process into smtp-sink over a WINDOW-second window (default 10), both processes' RSS
#      and the API process's managed heap after its last GC (RSS alone also counts memory the GC keeps committed).
#   2. Event search: EVENTS rows (default 10,000,000) for one tenant over a week of day partitions, written by SQL; then
#      GET /v1/events p50/p99 over 200 sequential requests per filter (latest page, type, recipient, message, time
#      window, a 20-page cursor walk).
#   3. Message search: MESSAGES rows (default 1,000,000) of one tenant in messages over 30 days, written by SQL; then
#      GET /v1/messages p50/p99 over 200 sequential requests per search (first page, recipient, subject words, status,
#      stream, id, a 20-page cursor walk): what the panel's Activity runs.
# PARTS (default "queue events messages") picks the parts, e.g. PARTS=messages make bench-scale.
# Prints one table and writes it to $OUT (default .bench/scale-<time>.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
DEPTHS=${DEPTHS:-10000 100000 1000000} WINDOW=${WINDOW:-10} EVENTS=${EVENTS:-10000000} SIZE=${SIZE:-5120} C=64
MESSAGES=${MESSAGES:-1000000} PARTS=${PARTS:-queue events messages}
part() { [[ " $PARTS " == *" $1 "* ]]; }
OUT=${OUT:-.bench/scale-$(date -u +%Y%m%d-%H%M%S).md}
source benchmarks/bench-lib.sh

bench_start scale
HTTP_PORT=$(free_port); sink_start
bench_tenant scale
common=(--SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0 --SendGateway:Queue:HighWaterBytes=17179869184)
server_start api --urls "http://127.0.0.1:$HTTP_PORT" "${common[@]}"; api_pid=$server_pid
bench_domain "$HTTP_PORT" bench-sender.test
driver --messages 2000 --concurrency "$C" --accept-only >/dev/null

rows=(); queued=2000
part queue || DEPTHS=""
for depth in $DEPTHS; do
  [ "$depth" -gt "$queued" ] && driver --messages "$(( (depth - queued) / 100 * 100 ))" --concurrency 8 --recipients-per-request 100 --accept-only >/dev/null
  queued=$(( queued + (depth - queued) / 100 * 100 ))
  accept=$(driver --messages 5000 --concurrency "$C" --accept-only); queued=$(( queued + 5000 ))
  server_start delivery --urls "http://127.0.0.1:$(free_port)" "${common[@]}" "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT"; worker=$server_pid
  sleep 5 # start-up and JIT before the window
  s0=$(sink_count); sleep "$WINDOW"; s1=$(sink_count); worker_rss=$(rss "$worker")
  kill "$worker"; wait "$worker" 2>/dev/null || true
  queued=$(( queued - (s1 - s0) ))
  rows+=("| ~$depth queued | $(kv "$accept" accepted_per_s)/s (p99 $(kv "$accept" p99_ms) ms) | $(( (s1 - s0) / WINDOW ))/s | $(rss "$api_pid") / $worker_rss MiB | $(gc_heap "http://127.0.0.1:$HTTP_PORT") MiB | $(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory_human:\(.*\)\r/\1/p') |")
done

# --- event search over EVENTS stored events -----------------------------------------------------------------------
search="" load_seconds=0
if part events; then
started=$(now)
psql_value "DO \$\$ DECLARE d date; BEGIN FOR i IN 0..8 LOOP d := current_date - i;
  EXECUTE format('CREATE TABLE IF NOT EXISTS events_%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)', to_char(d, 'YYYYMMDD'), d::text || ' 00:00:00+00', (d + 1)::text || ' 00:00:00+00');
  END LOOP; END \$\$" >/dev/null
step=$(( EVENTS / 10 ))
for chunk in $(seq 0 9); do
  psql_value "INSERT INTO events (id, tenant_id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address, tags, metadata)
    SELECT 'ev_s' || g, '$TENANT_ID', CASE WHEN g % 1000 = 0 THEN 'hardbounce' WHEN g % 2 = 0 THEN 'ok' ELSE 'injected' END,
           now() - make_interval(secs => g * (6.5 * 86400 / $EVENTS)), 'msg_s' || (g / 2), 'bat_s' || (g / 200), g % 2,
           'user' || ((g / 2) % 1000000) || '@example' || ((g / 2) % 50) || '.test', 'example' || ((g / 2) % 50) || '.test', 'app@bench-sender.test', '{load}', '{}'
    FROM generate_series($(( chunk * step + 1 )), $(( (chunk + 1) * step ))) g" >/dev/null
done
psql_value "ANALYZE events" >/dev/null
load_seconds=$(python3 -c "import time; print(round(time.time() - $started))")
search=$(python3 benchmarks/event-search.py "http://127.0.0.1:$HTTP_PORT" "$KEY" 200 "$EVENTS")
fi

# --- message search over MESSAGES stored messages ------------------------------------------------------------------
messages_search="" messages_seconds=0
if part messages; then
started=$(now)
people=$(( MESSAGES / 5 )); step=$(( MESSAGES / 10 ))
for chunk in $(seq 0 9); do
  psql_value "INSERT INTO messages (tenant_id, id, batch_id, recipient, recipient_domain, from_address, tags, status, status_rank, accepted_at, updated_at, stream, subject, opens, clicks)
    SELECT '$TENANT_ID', 'msg_m' || g, 'bat_m' || (g / 100), 'person' || (g % $people) || '@example' || (g % $people % 50) || '.test', 'example' || (g % $people % 50) || '.test',
           'app@bench-sender.test', CASE WHEN g % 10 = 0 THEN '{news}'::text[] ELSE '{receipt}'::text[] END,
           CASE WHEN g % 100 = 0 THEN 'hardbounce' WHEN g % 7 = 0 THEN 'open' ELSE 'ok' END, CASE WHEN g % 100 = 0 THEN 6 WHEN g % 7 = 0 THEN 4 ELSE 3 END,
           now() - make_interval(secs => g * (30.0 * 86400 / $MESSAGES)), now() - make_interval(secs => g * (30.0 * 86400 / $MESSAGES)),
           CASE WHEN g % 10 = 0 THEN 'broadcast' ELSE NULL END,
           CASE WHEN g % 10 = 0 THEN 'Weekly news ' || (g % 52) ELSE 'Order ' || (g % 100000) || ' for Person ' || (g % $people) END,
           CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END, 0
    FROM generate_series($(( chunk * step )), $(( (chunk + 1) * step - 1 ))) g" >/dev/null
done
psql_value "ANALYZE messages" >/dev/null
messages_seconds=$(python3 -c "import time; print(round(time.time() - $started))")
messages_search=$(python3 benchmarks/message-search.py "http://127.0.0.1:$HTTP_PORT" "$KEY" 200 "$MESSAGES")
fi

{
  echo "SendGateway scale benchmark, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(uname -r); ${SIZE} B bodies, loopback."
  echo
  if part queue; then
    echo "| Queue depth | REST accept (1 recipient, $C clients) | Delivered (1 worker, ${WINDOW} s window) | RSS API / worker | API GC heap after its last collection | Redis used_memory |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
  fi
  if part events; then
    echo "GET /v1/events over $(psql_value 'SELECT count(*) FROM events') stored events (written in $load_seconds s), 200 sequential requests each:"
    echo
    echo "$search"
  fi
  if part messages; then
    echo
    echo "GET /v1/messages over $(psql_value "SELECT count(*) FROM messages WHERE tenant_id = '$TENANT_ID'") messages of one tenant (written in $messages_seconds s), 200 sequential requests each:"
    echo
    echo "$messages_search"
  fi
} | { mkdir -p "$(dirname "$OUT")"; tee "$OUT"; }
echo "written to $OUT"
