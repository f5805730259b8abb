#!/usr/bin/env bash
# Starts one Redis Cluster node of the topology again (after a test killed it): scripts/cluster/redis-node.sh PORT.
# It rejoins the cluster from its nodes.conf, as a replica when its replica was promoted meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source scripts/cluster/hosts.sh
source scripts/cluster/start.sh
start_redis_node "${1:?usage: redis-node.sh PORT}"
wait_for "redis ${1}" 10 redis-cli -h "$(sgc_ip redis)" -p "$1" ping
