#!/usr/bin/env bash
# make cluster-down: stops every process of the cluster topology (those in its namespaces, by their ids) and removes
# the namespaces, the veths and the bridge. Keeps the data folder ($SGC_DATA) unless SGC_WIPE=1.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/cluster/hosts.sh
[ "$(id -u)" = 0 ] || { echo "make cluster-down needs root (network namespaces): sudo make cluster-down" >&2; exit 1; }

for entry in "${SGC_HOSTS[@]}"; do
  ns=$(sgc_ns "${entry%%:*}")
  ip netns list 2>/dev/null | grep -qw "$ns" || continue
  pids=$(ip netns pids "$ns" 2>/dev/null)
  # SIGTERM first (Patroni stops its PostgreSQL, Redis writes its AOF), then SIGKILL what is left after 5 s.
  [ -n "$pids" ] && kill $pids 2>/dev/null
  for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
  pids=$(ip netns pids "$ns" 2>/dev/null)
  [ -n "$pids" ] && kill -9 $pids 2>/dev/null
  ip link del "$(sgc_veth "${entry%%:*}")" 2>/dev/null
  ip netns del "$ns" 2>/dev/null
done
ip link del "$SGC_BRIDGE" 2>/dev/null
if [ "${SGC_WIPE:-0}" = 1 ]; then rm -rf "$SGC_DATA"; fi
exit 0
