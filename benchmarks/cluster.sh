#!/usr/bin/env bash
# make bench-cluster (root): the capacity model of docs/performance/capacity.md checked against a measured run of the
# cluster topology (scripts/cluster, make cluster). NE messages (20000) of SIZE bytes (5120) go through lb by REST, RCPT
# recipients a request (10), C clients (32), spread over 16 recipient domains (every shard, both delivery hosts), until
# GET /v1/stats counts every one `ok` (each ok in PostgreSQL). Each host is a network namespace, so its CPU is the sum
# over the processes in it (`ip netns pids`, /proc ticks, reaped children included): per role, ms of a core per message
# beyond what the host burns idle (measured for 10 s before the run). Prints the table with the model's inputs beside
# it, the rate the model predicts from these costs on this machine's cores, and the rate measured.
# Uses the topology of make cluster when it is up, else brings it up (and leaves it up: make cluster-down).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
[ "$(id -u)" = 0 ] || { log "make bench-cluster needs root (network namespaces): sudo make bench-cluster"; exit 1; }
NE=${NE:-20000} SIZE=${SIZE:-5120} RCPT=${RCPT:-10} C=${C:-32} WARM=${WARM:-2000}
OUT=${OUT:-.bench/bench-cluster-$(date -u +%Y%m%d-%H%M%S).md}
source scripts/cluster/hosts.sh
source benchmarks/bench-lib.sh

if ! ip netns list | grep -q '^sgc-lb' || [ ! -f "$SGC_DATA/server.env" ]; then
  log "the topology is not up: make cluster first (scripts/cluster/up.sh)"
  bash scripts/cluster/up.sh
fi
dotnet build benchmarks/SendGateway.LoadDriver -c Release -v quiet -nologo >/dev/null
LB=http://$(sgc_ip lb)
ADMIN=$(cat "$SGC_DATA/admin.key")
name=bench$(date +%s)
tenant=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "{\"name\":\"$name\"}" "$LB/v1/admin/tenants")
TENANT_ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$tenant")
KEY=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])' <<<"$tenant")
DOMAIN=$name.cluster.test
curl -sf -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "{\"name\":\"$DOMAIN\"}" "$LB/v1/domains" >/dev/null
bash scripts/cluster/server.sh api1 domain verify --force --tenant "$TENANT_ID" --name "$DOMAIN" >/dev/null

drive() { # messages -> the driver's RESULT line
  dotnet "$DRIVER" --url "$LB" --key "$KEY" --from "bench@$DOMAIN" --rcpt-domain bench.test --rcpt-domains 16 \
    --recipients-per-request "$RCPT" --concurrency "$C" --body-bytes "$SIZE" --messages "$1" --timeout 900 | grep '^RESULT'
}

# A host's CPU in ticks of 10 ms: every process in its namespace, with the children it reaped.
host_ticks() {
  local t=0 p
  for p in $(ip netns pids "sgc-$1" 2>/dev/null); do
    [ -r "/proc/$p/stat" ] || continue
    t=$(( t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$t"
}
hosts=(lb api1 api2 delivery1 delivery2 events1 redis pg1 pg2 etcd mx)
snapshot() { local h; for h in "${hosts[@]}"; do printf '%s=%s ' "$h" "$(host_ticks "$h")"; done; }

log "warm-up: $WARM messages through lb"
drive "$WARM" >/dev/null
sleep 5
idle0=$(snapshot); sleep 10; idle1=$(snapshot)
log "run: $NE messages of $SIZE B, $RCPT recipients a request, $C clients, through lb"
t0=$(now); run0=$(snapshot)
result=$(drive "$NE")
run1=$(snapshot); t1=$(now)
driver_line=$result
mkdir -p "$(dirname "$OUT")"
python3 - "$NE" "$(nproc)" "$t0" "$t1" "$idle0" "$idle1" "$run0" "$run1" "$driver_line" "$SIZE" "$RCPT" "$C" <<'PY' | tee "$OUT"
import sys, datetime
ne, cores, t0, t1 = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
parse = lambda s: {k: int(v) for k, v in (p.split('=') for p in s.split())}
idle0, idle1, run0, run1 = (parse(s) for s in sys.argv[5:9])
driver, size, rcpt, c = sys.argv[9], sys.argv[10], sys.argv[11], sys.argv[12]
seconds = t1 - t0
# role -> (hosts, the model's input in ms of a core per message beyond idle, from make bench-roles; None: not modelled)
roles = [
    ("api (REST accept), api1+api2", ["api1", "api2"], 0.36, "SMTP accept in the model; REST is measured here"),
    ("delivery, delivery1+delivery2", ["delivery1", "delivery2"], 1.00, ""),
    ("events, events1", ["events1"], 0.04, "per message at 2 events"),
    ("Redis Cluster (3 primaries, 3 replicas)", ["redis"], 0.33, "one Redis, no replica, in the model"),
    ("PostgreSQL + Patroni, pg1+pg2", ["pg1", "pg2"], 0.17, "one PostgreSQL, no standby, in the model"),
    ("HAProxy, lb", ["lb"], None, "not in the model"),
    ("etcd", ["etcd"], None, "not in the model"),
    ("mx (the test sink, not ours)", ["mx"], None, ""),
]
print(f"SendGateway cluster topology run, {datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%MZ}: {cores} cores, "
      f"{ne} messages of {size} B by REST through lb ({rcpt} recipients a request, {c} clients), until every ok is in PostgreSQL.\n")
print(f"Measured: {ne / seconds:.0f} messages/s end to end ({seconds:.1f} s). Driver: {driver}\n")
print("| Role (hosts) | ms of a core per message, beyond idle | idle, ms of a core per second | model input | note |")
print("|---|---|---|---|---|")
total = 0.0
modelled = 0.0
for label, hs, model, note in roles:
    busy = sum(run1[h] - run0[h] for h in hs) * 10.0
    idle = sum(idle1[h] - idle0[h] for h in hs) * 10.0 / 10.0  # ms per second over the 10 s idle window
    beyond = (busy - idle * seconds) / ne
    total += beyond
    if model is not None:
        modelled += beyond
    print(f"| {label} | {beyond:.2f} | {idle:.0f} | {'' if model is None else f'{model:.2f}'} | {note} |")
model_sum = sum(m for _, _, m, _ in roles if m is not None)
print(f"| all hosts | {total:.2f} | | {model_sum:.2f} | the model's roles (lb, etcd and the sink are not in it) |")
idle_all = sum(idle1[h] - idle0[h] for h in idle1) * 10.0 / 10.0
predicted = (cores * 1000 - idle_all) / total
print(f"\nPredicted from these costs ({cores} cores, {idle_all:.0f} ms/s idle across the hosts): {predicted:.0f} messages/s; "
      f"measured {ne / seconds:.0f} ({ne / seconds / predicted:.2f} of the prediction).")
print(f"The model's own inputs (make bench-roles, one process per role, no replicas) predict "
      f"{(cores * 1000 - idle_all) / (model_sum + (total - modelled)):.0f} messages/s on these cores with lb, etcd and the sink as measured here.")
PY
log "written to $OUT"
