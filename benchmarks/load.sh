#!/usr/bin/env bash
# End-to-end load measurement (make load): REST accept -> Redis queue -> delivery -> Postfix smtp-sink -> events.
# Starts its own Redis (AOF always), PostgreSQL, smtp-sink and SendGateway on loopback, runs the driver, stops all.
#   N=20000 C=32 R=1 BODY=5120 bash benchmarks/load.sh
# ACCEPT_ONLY=1 runs the API without delivery workers and reports the Redis memory per queued message.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
N=${N:-20000} C=${C:-32} R=${R:-1} BODY=${BODY:-5120}
bench_start load
SINK_PORT=$(free_port); HTTP_PORT=$(free_port)
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
"$SMTP_SINK" -u nobody 127.0.0.1:"$SINK_PORT" 1024 & pids+=($!)
bench_tenant load
ROLES=api,delivery,events; extra=()
[ "${ACCEPT_ONLY:-0}" = 1 ] && ROLES=api,events && extra=(--accept-only)
dotnet "$SERVER" --urls "http://127.0.0.1:$HTTP_PORT" "--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT" "--SendGateway:Roles=$ROLES" \
  --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0 & pids+=($!) # measure the service, not its limits
bench_domain "$HTTP_PORT" load-sender.test

used_before=$(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); N=$N C=$C R=$R BODY=$BODY"
dotnet benchmarks/SendGateway.LoadDriver/bin/Release/net10.0/SendGateway.LoadDriver.dll \
  --url "http://127.0.0.1:$HTTP_PORT" --key "$KEY" --from "load@load-sender.test" --rcpt-domain load.test \
  --messages "$N" --concurrency "$C" --recipients-per-request "$R" --body-bytes "$BODY" "${extra[@]}"
used_after=$(redis-cli -p "$REDIS_PORT" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p')
echo "redis used_memory: $(( (used_after - used_before) / 1024 )) KiB above the start, $(( (used_after - used_before) / N )) B per message"
