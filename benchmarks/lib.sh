#!/usr/bin/env bash
# Shared bootstrap of the benchmark scripts: a private Redis (AOF always) and PostgreSQL in a temporary folder, a
# Release build, the environment SendGateway reads, and a tenant with a sender domain once the API answers.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
SERVER=src/SendGateway.Server/bin/Release/net10.0/SendGateway.Server.dll
pids=()     # servers, stopped between phases by bench_stop_processes
services=() # sinks and receivers that live for the whole script, stopped by bench_cleanup

ab_alternate() { # base commit, rounds, script, output name -> runs=(base, new, base, new, …): the script on the base
  # (its own scripts and code, in a git worktree under .bench/ab/, made once) and on this tree, alternating; each run's
  # output goes to .bench/NAME with NAME's %s made base-N or new-N (a printf pattern, e.g. "ab-STAMP-%s.md")
  local base=$1 rounds=$2 script=$3 name=$4 tree=.bench/ab/$1 root=$PWD round out
  [ -d "$tree" ] || git worktree add --detach "$tree" "$base" >/dev/null
  runs=()
  for round in $(seq "$rounds"); do
    log "A/B round $round of $rounds ($script): base $base"
    out=.bench/$(printf "$name" "base-$round")
    (cd "$tree" && OUT="$root/$out" bash "$script" >/dev/null)
    runs+=("$out")
    log "A/B round $round of $rounds ($script): this tree ($(git rev-parse --short HEAD)$(git diff --quiet || echo ', with uncommitted changes'))"
    out=.bench/$(printf "$name" "new-$round")
    OUT="$out" bash "$script" >/dev/null
    runs+=("$out")
  done
}

bench_start() { # name -> sets DATA, REDIS_PORT, PG_PORT, exports connection strings and a secrets key
  DATA=$(mktemp -d "/tmp/sendgateway-$1-XXXXXX")
  chmod 711 "$DATA"
  trap bench_cleanup EXIT
  REDIS_PORT=$(free_port); PG_PORT=$(free_port)
  start_redis "$DATA/redis" "$REDIS_PORT"
  start_postgres "$DATA/pg" "$PG_PORT"
  as_pg "$(pg_bin)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U sendgateway sendgateway
  dotnet build SendGateway.sln -c Release -v quiet -nologo >/dev/null
  export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=sendgateway;Database=sendgateway;Maximum Pool Size=50"
  export SendGateway__Secrets__MasterKey; SendGateway__Secrets__MasterKey=$(head -c 32 /dev/urandom | base64)
  export Logging__LogLevel__Default=Warning
  export DOTNET_TC_CallCountingDelayMs=0 # as the Dockerfile and make run start the server (README, "Runtime settings")
}

bench_stop_processes() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

bench_cleanup() {
  bench_stop_processes
  for pid in "${services[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -d "$DATA/postfix" ] && { postfix -c "$DATA/postfix" stop >/dev/null 2>&1 || true; }
  stop_redis "$DATA/redis" "$REDIS_PORT"; stop_postgres "$DATA/pg"; rm -rf "$DATA"
}

bench_tenant() { # name -> sets TENANT_ID and KEY
  local out; out=$(dotnet "$SERVER" tenant create --name "$1")
  TENANT_ID=$(echo "$out" | sed -n 's/^tenant_id: *//p'); KEY=$(echo "$out" | sed -n 's/^api_key: *//p')
}

bench_domain() { # http port, domain: waits for readiness, then adds the sender domain and proves it by the operator's
  # override (there is no DNS for it here; without a proven domain every send is 422 domain_not_verified)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && break; sleep 0.2; done
  curl -sf -X POST "http://127.0.0.1:$1/v1/domains" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "{\"name\":\"$2\"}" >/dev/null
  dotnet "$SERVER" domain verify --force --tenant "$TENANT_ID" --name "$2" >/dev/null
}
