#!/usr/bin/env bash
# make run: SendGateway with every role on http://127.0.0.1:8080, on a fresh machine.
# Starts its own Redis (AOF, appendfsync always) and PostgreSQL in .data/ unless ConnectionStrings__Redis /
# ConnectionStrings__Postgres are set, and a capture sink that receives ALL mail as .eml files in .data/mail
# (set SENDGATEWAY_DELIVER_TO_MX=1 to deliver to the recipients' real MX servers instead).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DATA=$(realpath -m "${SENDGATEWAY_DATA:-$PWD/.data}")
URL=${SENDGATEWAY_URL:-http://127.0.0.1:8080}
mkdir -p "$DATA/mail"
ensure_packages

pids=()
cleanup() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${REDIS_PORT:-}" ] && stop_redis "$DATA/redis" "$REDIS_PORT"
  [ -n "${PG_STARTED:-}" ] && stop_postgres "$PG_DIR"
  exit 0
}
trap cleanup INT TERM EXIT

[ -f "$DATA/master.key" ] || head -c 32 /dev/urandom | base64 > "$DATA/master.key"
[ -f "$DATA/admin.key" ] || echo "sga_$(head -c 24 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')" > "$DATA/admin.key"

if [ -z "${ConnectionStrings__Redis:-}" ]; then
  REDIS_PORT=$(free_port)
  start_redis "$DATA/redis" "$REDIS_PORT"
  export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"
  log "redis on 127.0.0.1:$REDIS_PORT (data in $DATA/redis)"
fi
if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  PG_PORT=$(free_port)
  PG_DIR=$(pg_data_dir "$DATA/postgres")
  start_postgres "$PG_DIR" "$PG_PORT"
  PG_STARTED=1
  as_pg "$(pg_bin)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U sendgateway sendgateway 2>/dev/null || true
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=sendgateway;Database=sendgateway"
  log "postgres on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
fi

log "building"
build_log=$(mktemp)
for project in src/SendGateway.Server src/SendGateway.Sink; do
  dotnet build "$project" -c Release -v quiet -nologo >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
done

route=()
if [ "${SENDGATEWAY_DELIVER_TO_MX:-0}" != 1 ]; then
  SINK_PORT=$(free_port)
  dotnet src/SendGateway.Sink/bin/Release/net10.0/SendGateway.Sink.dll --listen "127.0.0.1:$SINK_PORT" --dir "$DATA/mail" &
  pids+=($!)
  route=("--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT")
fi

export SendGateway__Secrets__MasterKey; SendGateway__Secrets__MasterKey=$(cat "$DATA/master.key")
export SendGateway__Admin__ApiKey; SendGateway__Admin__ApiKey=$(cat "$DATA/admin.key")
export SendGateway__Demo__Enabled=true SendGateway__Demo__CaptureFolder="$DATA/mail"
log "operator key for /v1/admin: $(cat "$DATA/admin.key") (kept in $DATA/admin.key)"
# The SMTP relay on unprivileged loopback ports (587/465 need root): STARTTLS on 2587 and 2525, implicit TLS on 2465.
export SendGateway__Relay__Ports__Submission=${RELAY_PORT:-2587} SendGateway__Relay__Ports__Tls=${RELAY_TLS_PORT:-2465} SendGateway__Relay__Ports__Alternate=${RELAY_ALT_PORT:-2525}
# Local development: webhooks may point at a receiver on this machine (api.md §6; off in production by default).
export SendGateway__Webhooks__AllowPrivateNetworks=${SendGateway__Webhooks__AllowPrivateNetworks:-true}
# The inbound listener for DSNs and complaint reports sent to the VERP return path (b+…@bounces.localhost).
export SendGateway__Bounces__Port=${BOUNCE_PORT:-2526}
# The console shows the banner, warnings, errors and one line per significant event (listening, an outage and its
# recovery). SQL and per-request logs: SENDGATEWAY_LOG_LEVEL=Debug make run (docs/getting-started/make-run.md).
logging=()
if [ -n "${SENDGATEWAY_LOG_LEVEL:-}" ]; then
  for category in Default Npgsql Microsoft.AspNetCore SendGateway; do logging+=("--Logging:LogLevel:$category=$SENDGATEWAY_LOG_LEVEL"); done
fi
server=$PWD/src/SendGateway.Server/bin/Release/net10.0
export DOTNET_TC_CallCountingDelayMs=0 # hot code reaches its optimised tier under load at once (docs/operations/configuration-guide.md, "Runtime settings")
dotnet "$server/SendGateway.Server.dll" --contentRoot "$server" --urls "$URL" "${route[@]}" "${logging[@]}" &
pids+=($!)
wait -n "${pids[@]}" || true
