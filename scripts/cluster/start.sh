#!/usr/bin/env bash
# up.sh's steps, one function per service (sourced after lib.sh and hosts.sh; SERVER_DIR, SINK_DLL, PROXY_V2 set).
# Every process starts inside its host's namespace, detached (setsid), its log in $SGC_DATA/<host>/.

# A long-running process in a host, in the background (ip itself, not a subshell of this script, is the background job).
sgc_spawn() { local host=$1; shift; ip netns exec "sgc-$host" "$@" & }

wait_for() { # what seconds command...: polls the command every 0.2 s
  local what=$1 seconds=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timed out waiting for $what"; return 1; }
    sleep 0.2
  done
}

start_etcd() {
  local ip; ip=$(sgc_ip etcd)
  log "etcd on $ip:2379"
  sgc_spawn etcd setsid etcd --name etcd --data-dir "$SGC_DATA/etcd/data" \
    --listen-client-urls "http://$ip:2379" --advertise-client-urls "http://$ip:2379" \
    --listen-peer-urls "http://$ip:2380" --initial-advertise-peer-urls "http://$ip:2380" \
    --initial-cluster "etcd=http://$ip:2380" --initial-cluster-state new >"$SGC_DATA/etcd/etcd.log" 2>&1 </dev/null
}

start_redis_node() { # port (its nodes.conf, if any, makes it rejoin the cluster it was in)
  local ip port=$1; ip=$(sgc_ip redis)
  mkdir -p "$SGC_DATA/redis/$port"
  # AOF fsync always as scripts/lib.sh; a node unreachable for 2 s is failed over.
  sgc_exec redis redis-server --bind "$ip" --port "$port" --protected-mode no --dir "$SGC_DATA/redis/$port" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --appendonly yes --appendfsync always --save '' --rdbcompression no --maxmemory-policy noeviction \
    --daemonize yes --pidfile "$SGC_DATA/redis/$port/redis.pid" --logfile "$SGC_DATA/redis/$port/redis.log"
}

start_redis_cluster() {
  local ip port nodes=(); ip=$(sgc_ip redis)
  log "redis cluster on $ip:${SGC_REDIS_PORTS[0]}-${SGC_REDIS_PORTS[-1]} (3 primaries, 1 replica each)"
  for port in "${SGC_REDIS_PORTS[@]}"; do
    start_redis_node "$port"
    nodes+=("$ip:$port")
  done
  for port in "${SGC_REDIS_PORTS[@]}"; do wait_for "redis $port" 10 redis-cli -h "$ip" -p "$port" ping; done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$SGC_DATA/redis/create.log" 2>&1 \
    || { cat "$SGC_DATA/redis/create.log"; return 1; }
  for port in "${SGC_REDIS_PORTS[@]}"; do
    wait_for "redis cluster state ok on $port" 30 bash -c "redis-cli -h $ip -p $port cluster info | grep -q cluster_state:ok"
  done
}

start_mx() {
  mkdir -p "$SGC_DATA/mx/mail"
  log "mx: capture sink on $(sgc_ip mx):25 writing $SGC_DATA/mx/mail"
  sgc_spawn mx setsid dotnet "$SINK_DLL" --listen "$(sgc_ip mx):25" --dir "$SGC_DATA/mx/mail" >"$SGC_DATA/mx/sink.log" 2>&1 </dev/null
}

patroni_config() { # host
  local host=$1 ip; ip=$(sgc_ip "$1")
  cat <<YAML
scope: sendgateway
name: $host
restapi:
  listen: $ip:8008
  connect_address: $ip:8008
etcd3:
  hosts: $(sgc_ip etcd):2379
log:
  dir: $SGC_DATA/$host/log
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 200
        wal_log_hints: 'on'
        fsync: 'on'
        synchronous_commit: 'on'
  initdb:
    - encoding: UTF8
    - auth: trust
  pg_hba:
    - local all all trust
    - host replication replicator $SGC_NET.0/$SGC_PREFIX trust
    - host all all $SGC_NET.0/$SGC_PREFIX trust
    - host all all 127.0.0.1/32 trust
postgresql:
  listen: $ip:5432
  connect_address: $ip:5432
  data_dir: $SGC_DATA/$host/data
  bin_dir: $(pg_bin)
  pgpass: $SGC_DATA/$host/pgpass
  basebackup:
    checkpoint: fast
  authentication:
    superuser:
      username: sendgateway
      password: sendgateway
    replication:
      username: replicator
      password: replicator
  parameters:
    unix_socket_directories: $SGC_DATA/$host
  pg_hba:
    - local all all trust
    - host replication replicator $SGC_NET.0/$SGC_PREFIX trust
    - host all all $SGC_NET.0/$SGC_PREFIX trust
    - host all all 127.0.0.1/32 trust
YAML
}

start_patroni() { # host
  local host=$1
  mkdir -p "$SGC_DATA/$host/log"
  patroni_config "$host" >"$SGC_DATA/$host/patroni.yml"
  chown -R postgres "$SGC_DATA/$host"
  wait_for "etcd" 30 curl -sf "http://$(sgc_ip etcd):2379/health"
  log "patroni + postgresql on $host ($(sgc_ip "$host"):5432, REST :8008)"
  sgc_spawn "$host" setsid runuser -u postgres -- patroni "$SGC_DATA/$host/patroni.yml" >"$SGC_DATA/$host/patroni.out" 2>&1 </dev/null
}

wait_patroni_leader() { wait_for "pg1 to lead" 90 curl -sf "http://$(sgc_ip pg1):8008/primary"; }
wait_sync_standby() { wait_for "a synchronous standby" 90 bash -c "curl -sf http://$(sgc_ip pg2):8008/sync || curl -sf http://$(sgc_ip pg1):8008/sync"; }

create_database() {
  PGCONNECT_TIMEOUT=3 psql -h "$(sgc_ip pg1)" -U sendgateway -d postgres -qAt -c "CREATE DATABASE sendgateway" >/dev/null
}

# The settings every node shares, one KEY=value a line: the environment of every server command (sgc_server).
write_server_settings() {
  cat >"$SGC_DATA/server.env" <<ENV
ConnectionStrings__Redis=$(sgc_redis_endpoints),connectTimeout=3000,syncTimeout=5000
ConnectionStrings__Postgres=$(sgc_postgres_connection)
SendGateway__Secrets__MasterKey=$(cat "$SGC_DATA/master.key")
SendGateway__Admin__ApiKey=$(cat "$SGC_DATA/admin.key")
SendGateway__Proxies__Trusted__0=$(sgc_ip lb)
SendGateway__Queue__MinReplicasToAck=1
SendGateway__Queue__PoolLanes=4
SendGateway__Idempotency__InProgressTtl=00:00:10
SendGateway__Delivery__Routes__*=$(sgc_ip mx):25
SendGateway__Delivery__ConnectTimeout=00:00:05
SendGateway__Delivery__CommandTimeout=00:00:10
SendGateway__Delivery__DataTimeout=00:00:10
SendGateway__Delivery__AttemptTimeout=00:00:15
SendGateway__Delivery__ReclaimIdleTime=00:00:30
SendGateway__Delivery__Retry__FirstDelay=00:00:01
SendGateway__Delivery__Retry__MaxDelay=00:00:05
SendGateway__Relay__ListenAddress=0.0.0.0
SendGateway__Relay__Ports__Submission=$SGC_SMTP_PORT
SendGateway__Relay__Ports__Tls=0
SendGateway__Relay__Ports__Alternate=0
SendGateway__Relay__ProxyProtocol=$([ "$PROXY_V2" = 1 ] && echo true || echo false)
SendGateway__Webhooks__AllowPrivateNetworks=true
DOTNET_TC_CallCountingDelayMs=0
ENV
}

start_server() { # host roles (the process id in $SGC_DATA/<host>/server.pid: the cluster tests kill -9 it)
  local host=$1 roles=$2
  log "$host: SendGateway roles $roles on $(sgc_ip "$host"):$SGC_HTTP_PORT"
  setsid bash scripts/cluster/server.sh "$host" --SendGateway:Roles="$roles" --urls "http://$(sgc_ip "$host"):$SGC_HTTP_PORT" \
    >"$SGC_DATA/$host/server.log" 2>&1 </dev/null &
  echo $! >"$SGC_DATA/$host/server.pid"
}

wait_ready() { wait_for "$1 /readyz (see $SGC_DATA/$1/server.log)" 90 curl -sf "http://$(sgc_ip "$1"):$SGC_HTTP_PORT/readyz"; }

start_haproxy() {
  local send_proxy="" check_proxy=""; [ "$PROXY_V2" = 1 ] && send_proxy=" send-proxy-v2" check_proxy=" check-send-proxy" # health checks send the header too
  cat >"$SGC_DATA/lb/haproxy.cfg" <<CFG
global
  maxconn 4096
  pidfile $SGC_DATA/lb/haproxy.pid
defaults
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout check 2s
frontend http
  mode http
  bind $(sgc_ip lb):80
  option forwardfor
  default_backend api
backend api
  mode http
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  server api1 $(sgc_ip api1):$SGC_HTTP_PORT check
  server api2 $(sgc_ip api2):$SGC_HTTP_PORT check
frontend smtp
  mode tcp
  bind $(sgc_ip lb):$SGC_SMTP_PORT
  default_backend relay
backend relay
  mode tcp
  balance roundrobin
  default-server inter 1s fall 2 rise 2
  server api1 $(sgc_ip api1):$SGC_SMTP_PORT check$send_proxy$check_proxy
  server api2 $(sgc_ip api2):$SGC_SMTP_PORT check$send_proxy$check_proxy
frontend stats
  mode http
  bind $(sgc_ip lb):8404
  stats enable
  stats uri /stats
CFG
  log "lb: haproxy on $(sgc_ip lb) (http :80, smtp :$SGC_SMTP_PORT, stats :8404/stats; PROXY v2 to the relays: $PROXY_V2)"
  sgc_exec lb haproxy -f "$SGC_DATA/lb/haproxy.cfg" -D
}

wait_lb() { wait_for "lb to answer /readyz" 30 curl -sf "http://$(sgc_ip lb)/readyz"; }
