#!/usr/bin/env bash
# make cluster: builds, brings the topology of separate hosts up (scripts/cluster/up.sh) and prints how to use it.
# Root only: network namespaces, veths and a bridge need it. Stop it with `make cluster-down`.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source scripts/cluster/hosts.sh
if [ "$(id -u)" != 0 ]; then
  log "make cluster needs root: it creates network namespaces, veth pairs and a bridge (ip netns). Run: sudo make cluster"
  exit 1
fi
ensure_packages
ensure_cluster_packages
log "building"
build_log=$(mktemp)
dotnet build SendGateway.sln -c Release -v quiet -nologo >"$build_log" 2>&1 || { cat "$build_log"; rm -f "$build_log"; exit 1; }
rm -f "$build_log"
bash scripts/cluster/up.sh
lb=$(sgc_ip lb)
cat <<TXT

SendGateway cluster is up (hosts are network namespaces sgc-<host>; data and logs in $SGC_DATA):
  API and panel   http://$lb/            (HAProxy round-robin to api1 $(sgc_ip api1) and api2 $(sgc_ip api2), /readyz checks)
  SMTP relay      $lb:$SGC_SMTP_PORT (STARTTLS)  (TCP to the relays; PROXY v2: ${PROXY_V2:-1})
  HAProxy stats   http://$lb:8404/stats
  Captured mail   $SGC_DATA/mx/mail (every message is routed to the mx host's sink)
  Operator key    $(cat "$SGC_DATA/admin.key")
A tenant and its API key:
  curl -s -X POST http://$lb/v1/admin/tenants -H "Authorization: Bearer \$(cat $SGC_DATA/admin.key)" \\
    -H 'Content-Type: application/json' -d '{"name":"demo"}'
  (or: sudo scripts/cluster/server.sh api1 tenant create --name demo). A sender domain verifies without DNS here:
  sudo scripts/cluster/server.sh api1 domain verify --force --tenant TENANT_ID --name DOMAIN
A command in a host:   sudo ip netns exec sgc-<host> ...  (hosts: $(printf '%s ' "${SGC_HOSTS[@]%%:*}"))
PostgreSQL:            sudo ip netns exec sgc-pg1 patronictl -c $SGC_DATA/pg1/patroni.yml list
Stop:                  sudo make cluster-down  (SGC_WIPE=1 also deletes $SGC_DATA)
TXT
