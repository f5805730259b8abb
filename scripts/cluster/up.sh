#!/usr/bin/env bash
# make cluster (as root): SendGateway as a cluster of separate network hosts on this machine. Each host is a network
# namespace on the bridge sgc0 (scripts/cluster/hosts.sh: names and addresses); no namespace has a default route, so
# nothing inside reaches a real network and DNS lookups fail at once instead of stalling.
#   lb         HAProxy: HTTP round-robin to api1/api2 (health check /readyz), SMTP (TCP) to their relays
#   api1 api2  SendGateway roles api,relay
#   delivery1 delivery2  role delivery, each with a source address of its own
#   events1    role events
#   redis      Redis Cluster: three primaries with one replica each (ports 7001-7006)
#   etcd pg1 pg2  PostgreSQL primary + synchronous standby managed by Patroni (etcd as its store)
#   mx         the capture sink every message is routed to (one .eml file per message in $SGC_DATA/mx/mail)
# Idempotent: runs down.sh first and starts from an empty data folder ($SGC_DATA, /var/tmp/sendgateway-cluster by
# default). Needs the build output (make cluster builds it). PROXY_V2=1 (default) has HAProxy send the PROXY protocol v2
# to the relays; PROXY_V2=0 plain TCP.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
source scripts/lib.sh
source scripts/cluster/hosts.sh
source scripts/cluster/start.sh
[ "$(id -u)" = 0 ] || { log "make cluster needs root (network namespaces, veths, a bridge): run it as root or with sudo"; exit 1; }
started=$(date +%s)
PROXY_V2=${PROXY_V2:-1}
SERVER_DIR=$REPO/src/SendGateway.Server/bin/Release/net10.0
SINK_DLL=$REPO/src/SendGateway.Sink/bin/Release/net10.0/SendGateway.Sink.dll
[ -f "$SERVER_DIR/SendGateway.Server.dll" ] && [ -f "$SINK_DLL" ] || { log "build first: dotnet build SendGateway.sln -c Release (make cluster does)"; exit 1; }
for tool in haproxy patroni patronictl etcd redis-server redis-cli; do
  command -v "$tool" >/dev/null || { log "$tool is missing: apt-get install haproxy patroni etcd-server etcd-client redis-server postgresql"; exit 1; }
done

bash scripts/cluster/down.sh
if ip route | grep -q "^$SGC_NET\."; then log "$SGC_NET.0/$SGC_PREFIX is already routed on this machine: change SGC_NET in scripts/cluster/hosts.sh"; exit 1; fi
rm -rf "$SGC_DATA"
mkdir -p "$SGC_DATA"
chmod 755 "$SGC_DATA"

log "network: bridge $SGC_BRIDGE $SGC_GATEWAY/$SGC_PREFIX and ${#SGC_HOSTS[@]} hosts"
ip link add "$SGC_BRIDGE" type bridge
ip addr add "$SGC_GATEWAY/$SGC_PREFIX" dev "$SGC_BRIDGE"
ip link set "$SGC_BRIDGE" up
for entry in "${SGC_HOSTS[@]}"; do
  host=${entry%%:*} address=${entry#*:}
  ns=$(sgc_ns "$host") veth=$(sgc_veth "$host")
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$SGC_BRIDGE" up
  sgc_exec "$host" ip link set lo up
  sgc_exec "$host" ip addr add "$address/$SGC_PREFIX" dev eth0
  [ -n "${SGC_SOURCE[$host]:-}" ] && sgc_exec "$host" ip addr add "${SGC_SOURCE[$host]}/$SGC_PREFIX" dev eth0
  sgc_exec "$host" ip link set eth0 up
  mkdir -p "$SGC_DATA/$host"
done

head -c 32 /dev/urandom | base64 > "$SGC_DATA/master.key"
echo "sga_$(head -c 24 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')" > "$SGC_DATA/admin.key"

start_etcd
start_redis_cluster
start_mx
start_patroni pg1
wait_patroni_leader
start_patroni pg2
create_database
write_server_settings
log "migrate (once, from api1)"
bash scripts/cluster/server.sh api1 migrate >"$SGC_DATA/api1/migrate.log" 2>&1 || { cat "$SGC_DATA/api1/migrate.log"; exit 1; }
start_server api1 api,relay
start_server api2 api,relay
start_server delivery1 delivery
start_server delivery2 delivery
start_server events1 events
start_haproxy
wait_sync_standby
for host in api1 api2 delivery1 delivery2 events1; do wait_ready "$host"; done
wait_lb
log "cluster up in $(( $(date +%s) - started )) s (data and logs in $SGC_DATA)"
