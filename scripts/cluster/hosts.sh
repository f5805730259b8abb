#!/usr/bin/env bash
# The cluster topology's names and addresses, shared by up.sh, down.sh and the cluster tests (which read
# SGC_* from here through `bash -c 'source hosts.sh; ...'`). Every host is a network namespace `sgc-<name>` with one
# veth onto the bridge sgc0 in the root namespace. 10.77.0.0/24 is private and unused on this machine (up.sh checks).
SGC_BRIDGE=sgc0
SGC_NET=10.77.0
SGC_PREFIX=24
SGC_GATEWAY=$SGC_NET.1 # the bridge's own address: the root namespace (make cluster's user, the tests) reaches every host
SGC_DATA=$(realpath -m "${SGC_DATA:-/var/tmp/sendgateway-cluster}")

# name:address (one per host; the delivery hosts add a source address of their own, SGC_SOURCE below)
SGC_HOSTS=(
  lb:$SGC_NET.10
  api1:$SGC_NET.11 api2:$SGC_NET.12
  delivery1:$SGC_NET.21 delivery2:$SGC_NET.22
  events1:$SGC_NET.31
  redis:$SGC_NET.41
  etcd:$SGC_NET.50 pg1:$SGC_NET.51 pg2:$SGC_NET.52
  mx:$SGC_NET.60
)
declare -A SGC_SOURCE=([delivery1]=$SGC_NET.121 [delivery2]=$SGC_NET.122)
SGC_REDIS_PORTS=(7001 7002 7003 7004 7005 7006) # three primaries, then one replica each
SGC_HTTP_PORT=8080 # api nodes (lb answers on 80)
SGC_SMTP_PORT=587  # relays and lb

sgc_ip() { # name -> address
  local entry
  for entry in "${SGC_HOSTS[@]}"; do [ "${entry%%:*}" = "$1" ] && { echo "${entry#*:}"; return 0; }; done
  return 1
}
sgc_ns() { echo "sgc-$1"; }         # the namespace of a host
sgc_veth() { echo "sgc-$1"; }       # the root side of its veth (the one to set down to cut it off; <= 15 chars)
sgc_exec() { local host=$1; shift; ip netns exec "sgc-$host" "$@"; }

sgc_redis_endpoints() {
  local port out=()
  for port in "${SGC_REDIS_PORTS[@]}"; do out+=("$(sgc_ip redis):$port"); done
  (IFS=,; echo "${out[*]}")
}
sgc_postgres_connection() {
  echo "Host=$(sgc_ip pg1),$(sgc_ip pg2);Port=5432;Username=sendgateway;Password=sendgateway;Database=sendgateway;Target Session Attributes=primary;Timeout=3;Command Timeout=15;Host Recheck Seconds=2"
}
