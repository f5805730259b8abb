#!/usr/bin/env bash
# Shared helpers of run.sh and test.sh: install what is missing, find free loopback ports,
# start private Redis and PostgreSQL instances in a data folder, stop them again.
set -euo pipefail

log() { printf '[sendgateway] %s\n' "$*" >&2; }

# Root installs directly; anyone else (a GitHub runner) through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  log "installing Debian packages: $*"
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && echo "$dir"
}

# Installs redis-server, PostgreSQL and, for tests and benchmarks, Postfix (smtp-sink, smtp-source), swaks, Node, curl and chromium
# when they are missing.
ensure_packages() {
  local want=()
  command -v redis-server >/dev/null || want+=(redis-server)
  [ -n "$(pg_bin)" ] || want+=(postgresql)
  if [ "${1:-}" = "--test" ]; then
    command -v smtp-sink >/dev/null || [ -x /usr/sbin/smtp-sink ] || want+=(postfix)
    command -v swaks >/dev/null || want+=(swaks)
    command -v node >/dev/null || want+=(nodejs)
    command -v npm >/dev/null || want+=(npm)
    command -v curl >/dev/null || want+=(curl)
    # The EmailLabs-compatible API's tests send as a PHP client does: http_build_query and curl in php-cli.
    command -v php >/dev/null || want+=(php-cli)
    php -m 2>/dev/null | grep -qx curl || want+=(php-curl)
    # The panel's browser tests drive Debian's chromium through Playwright's ExecutablePath (no browser download).
    command -v chromium >/dev/null || [ -x /usr/lib/chromium/chromium ] || want+=(chromium)
    # The shipped Prometheus alert rules are checked and unit-tested with promtool.
    command -v promtool >/dev/null || want+=(prometheus)
    # The DANE tests sign zones (ldns-keygen, ldns-signzone), serve them (nsd) and validate them (unbound), on ports of
    # their own: the packages' own services are not needed (stopped below where systemd runs them).
    [ -x /usr/sbin/nsd ] || want+=(nsd)
    [ -x /usr/sbin/unbound ] || want+=(unbound)
    command -v ldns-signzone >/dev/null || want+=(ldnsutils)
    # The relay's PROXY protocol is tested behind Debian's HAProxy.
    command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || want+=(haproxy)
  fi
  if [ ${#want[@]} -gt 0 ]; then
    apt_install "${want[@]}"
    # A freshly installed nsd or unbound may start as a system service on port 53; the tests start their own.
    if [[ " ${want[*]} " =~ \ (nsd|unbound)\  ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      as_root systemctl disable --now nsd unbound >/dev/null 2>&1 || true
    fi
  fi
  command -v dotnet >/dev/null || { log "the .NET SDK (dotnet) is required"; exit 1; }
}

# The cluster topology (make cluster, make test-cluster) also needs HAProxy, Patroni and etcd. A freshly installed
# etcd may start as a system service on 127.0.0.1:2379; the topology starts its own inside a namespace.
ensure_cluster_packages() {
  local want=()
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || want+=(haproxy)
  command -v patroni >/dev/null || want+=(patroni)
  command -v etcd >/dev/null || want+=(etcd-server)
  command -v etcdctl >/dev/null || want+=(etcd-client)
  command -v curl >/dev/null || want+=(curl)
  command -v nft >/dev/null || [ -x /usr/sbin/nft ] || want+=(nftables) # the cluster tests cut a Redis replication link with it
  [ ${#want[@]} -eq 0 ] && return 0
  apt_install "${want[@]}"
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    as_root systemctl disable --now etcd patroni >/dev/null 2>&1 || true
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
# From /, since the postgres account may not be allowed into the current folder (paths passed are absolute).
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

start_redis() { # dir port
  mkdir -p "$1"
  redis-server --bind 127.0.0.1 --port "$2" --dir "$1" --appendonly yes --appendfsync always --save '' --rdbcompression no \
    --maxmemory-policy noeviction --daemonize yes --pidfile "$1/redis.pid" --logfile "$1/redis.log"
  for _ in $(seq 50); do redis-cli -p "$2" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "redis did not start: see $1/redis.log"; return 1
}

stop_redis() { # dir port
  redis-cli -p "$2" shutdown nosave >/dev/null 2>&1 || true
}

# Where a cluster wanted at DIR can live. As root, PostgreSQL runs as the postgres account, which cannot reach a folder
# below a 0700 one (/root, mktemp -d): the cluster then lives in /var/lib/sendgateway/<hash of DIR>, and DIR becomes a
# link to it. No folder above the clone changes its permissions.
pg_data_dir() { # dir
  local want=$1 alt
  if [ "$(id -u)" != 0 ]; then echo "$want"; return 0; fi
  if [ -L "$want" ]; then readlink "$want"; return 0; fi
  mkdir -p "$want"
  chown postgres "$want"
  if runuser -u postgres -- test -w "$want" 2>/dev/null; then echo "$want"; return 0; fi
  alt="/var/lib/sendgateway/$(printf '%s' "$want" | sha256sum | cut -c1-16)"
  [ -f "$want/PG_VERSION" ] || rm -rf "$want"
  mkdir -p "$alt"
  ln -sfn "$alt" "$want"
  echo "$alt"
}

start_postgres() { # dir port (PG_EXTRA_OPTIONS: more server options, e.g. a preloaded library for a profile)
  local bin; bin=$(pg_bin)
  mkdir -p "$1"
  [ "$(id -u)" = 0 ] && chown postgres "$1" && chmod 700 "$1"
  if [ ! -f "$1/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$1" -U sendgateway --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$1" -l "$1/postgres.log" -w -t 60 \
    -o "-p $2 -c listen_addresses=127.0.0.1 -k $1 -c max_connections=200 -c fsync=on -c synchronous_commit=on ${PG_EXTRA_OPTIONS:-}" start >/dev/null
}

stop_postgres() { # dir
  local bin; bin=$(pg_bin)
  [ -f "$1/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}
