#!/usr/bin/env bash
# Runs the SendGateway executable inside a host of the cluster topology with the cluster's shared settings
# ($SGC_DATA/server.env, written by up.sh): scripts/cluster/server.sh HOST [command args...] [--Key=value...]
#   sudo scripts/cluster/server.sh api1 tenant create --name demo
# The process replaces this script (exec), so its id is the server's. It runs with the host's name as its own
# (a UTS namespace of its own: Environment.MachineName differs between nodes, as on separate machines).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/cluster/hosts.sh
host=${1:?usage: server.sh HOST [args...]}; shift
server_dir=$PWD/src/SendGateway.Server/bin/Release/net10.0
[ -f "$SGC_DATA/server.env" ] || { echo "no $SGC_DATA/server.env: bring the cluster up first (make cluster)" >&2; exit 1; }
mapfile -t settings <"$SGC_DATA/server.env"
exec ip netns exec "$(sgc_ns "$host")" unshare --uts -- sh -c 'hostname "$0" && exec "$@"' "$host" env -i PATH="$PATH" HOME="$SGC_DATA/$host" LANG=C.UTF-8 DOTNET_CLI_TELEMETRY_OPTOUT=1 \
  DOTNET_NOLOGO=1 "${settings[@]}" SendGateway__Delivery__HeloName="$host.cluster.test" SendGateway__Relay__HostName="$host.cluster.test" \
  dotnet "$server_dir/SendGateway.Server.dll" "$@" --contentRoot "$server_dir"
