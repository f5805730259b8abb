#!/usr/bin/env bash
# End-to-end load measurement (make load): REST accept -> Redis queue -> delivery -> Postfix smtp-sink -> events.
# Starts its own Redis (AOF always), PostgreSQL, smtp-sink and SendGateway on loopback, runs the driver, stops all.
#   N=20000 C=32 R=1 BODY=5120 bash benchmarks/load.sh
# ACCEPT_ONLY=1 runs the API without delivery workers and reports the Redis memory per queued message.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_packages --test
N=${N:-20000} C=${C:-32} R=${R:-1} BODY=${BODY:-5120}
DATA=$(mktemp -d /tmp/sendgateway-load-XXXXXX)
chmod 711 "$DATA"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_redis "$DATA/redis" "$REDIS_PORT"; stop_postgres "$DATA/pg"; rm -rf "$DATA"
}
trap cleanup EXIT

REDIS_PORT=$(free_port); PG_PORT=$(free_port); SINK_PORT=$(free_port); HTTP_PORT=$(free_port)
start_redis "$DATA/redis" "$REDIS_PORT"
start_postgres "$DATA/pg" "$PG_PORT"
as_pg "$(pg_bin)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U sendgateway sendgateway
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
"$SMTP_SINK" -u nobody 127.0.0.1:"$SINK_PORT" 1024 & pids+=($!)

dotnet build SendGateway.sln -c Release -v quiet -nologo >/dev/null
export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=sendgateway;Database=sendgateway;Maximum Pool Size=50"
export SendGateway__Secrets__MasterKey; SendGateway__Secrets__MasterKey=$(head -c 32 /dev/urandom | base64)
export Logging__LogLevel__Default=Warning
SERVER=src/SendGateway.Server/bin/Release/net10.0/SendGateway.Server.dll
KEY=$(dotnet "$SERVER" tenant create --name load | sed -n 's/^api_key: *//p')
ROLES=api,relay,delivery,events; extra=()
[ "${ACCEPT_ONLY:-0}" = 1 ] && ROLES=api,events && extra=(--accept-only)
dotnet "$SERVER" --urls "http://127.0.0.1:$HTTP_PORT" "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT" "--SendGateway:Roles=$ROLES" & pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf -X POST "http://127.0.0.1:$HTTP_PORT/v1/domains" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"name":"load-sender.test"}' >/dev/null

used_before=$(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); N=$N C=$C R=$R BODY=$BODY"
dotnet benchmarks/SendGateway.LoadDriver/bin/Release/net10.0/SendGateway.LoadDriver.dll \
  --url "http://127.0.0.1:$HTTP_PORT" --key "$KEY" --from "load@load-sender.test" --rcpt-domain load.test \
  --messages "$N" --concurrency "$C" --recipients-per-request "$R" --body-bytes "$BODY" "${extra[@]}"
used_after=$(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
echo "redis used_memory: $(( (used_after - used_before) / 1024 )) KiB above the start, $(( (used_after - used_before) / N )) B per message"
