#!/usr/bin/env bash
# make bench-tls: what the transport-security policies cost end to end, A/B in one run on this machine. Both phases
# send NE messages over REST to 16 recipient domains (d0…d15.bench.test) and wait until PostgreSQL holds every `ok`;
# both deliver the real way, through MX lookup in a local unbound (every domain's MX is mx.bench.test -> the sink):
#   A. no policy: DANE, MTA-STS and TLS reports off (the delivery path before them);
#   B. every policy on: a TLSA lookup per MX host through the same resolver configured as validating (unsigned
#      answers: no DANE, as for most of the internet), each domain's MTA-STS policy (`testing`, mx.bench.test) from an
#      HTTPS policy host with a test CA, and TLS-RPT counting of every session. The sink offers no STARTTLS, so under
#      `testing` each session is delivered and counted as a `starttls-not-supported` failure for the domain's report.
# For reference, R (ROUTED=1): every domain routed to the sink, as make bench does (no MX lookup at all).
# A and B alternate, ROUNDS (2) times each, each from an empty queue and event table. Prints the rates, their ratio
# (target: B drops at most 2 %), the CPU per delivered message of the server, Redis and PostgreSQL in each (steadier
# than the rate on a shared machine), the policy fetches and TXT lookups that went to the network (target: the policy cache
# answers at least 99 % of the lookups) and the DNS queries by type; writes the table to $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
command -v unbound >/dev/null || apt_install unbound
NE=${NE:-20000} ROUNDS=${ROUNDS:-2} C=${C:-64} SIZE=${SIZE:-5120} DOMAINS=16
OUT=${OUT:-.bench/bench-tls-$(date -u +%Y%m%d-%H%M%S).md}
source benchmarks/bench-lib.sh

bench_start bench-tls
HTTP_PORT=$(free_port); DNS_PORT=$(free_port); STS_PORT=$(free_port); sink_start
bench_tenant bench

# A test CA and the policy host's certificate for every mta-sts.<domain>.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/ca.key" -out "$DATA/ca.pem" -days 2 \
  -subj "/CN=SendGateway bench CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/sts.key" -out "$DATA/sts.csr" -subj "/CN=mta-sts.bench.test" 2>/dev/null
sans=$(for i in $(seq 0 $((DOMAINS - 1))); do printf 'DNS:mta-sts.d%s.bench.test,' "$i"; done)
printf "subjectAltName=%s\nextendedKeyUsage=serverAuth\n" "${sans%,}" > "$DATA/sts.ext"
openssl x509 -req -in "$DATA/sts.csr" -CA "$DATA/ca.pem" -CAkey "$DATA/ca.key" -CAcreateserial -out "$DATA/sts.pem" -days 2 -extfile "$DATA/sts.ext" 2>/dev/null
python3 benchmarks/mta-sts-host.py "$STS_PORT" "$DATA/sts.pem" "$DATA/sts.key" testing mx.bench.test "$DATA/sts-requests.log" & services+=($!)

# The recipient domains' DNS: MX, the policy host's address, the MTA-STS and TLS-RPT announcements; queries logged.
{
  echo "server:"
  echo "  interface: 127.0.0.1@$DNS_PORT"; echo "  port: $DNS_PORT"; echo "  do-ip6: no"; echo "  username: \"\""; echo "  chroot: \"\""
  echo "  directory: \"$DATA\""; echo "  pidfile: \"$DATA/unbound.pid\""; echo "  use-syslog: no"; echo "  logfile: \"$DATA/unbound.log\""
  echo "  do-daemonize: no"; echo "  log-queries: yes"; echo "  module-config: \"iterator\""; echo "  access-control: 127.0.0.0/8 allow"
  echo "  local-zone: \"test.\" nodefault"; echo "  local-zone: \"bench.test.\" static"
  echo "  local-data: \"mx.bench.test. 300 IN A 127.0.0.1\""
  for i in $(seq 0 $((DOMAINS - 1))); do
    d=d$i.bench.test
    echo "  local-data: \"$d. 300 IN MX 10 mx.bench.test.\""
    echo "  local-data: \"mta-sts.$d. 300 IN A 127.0.0.1\""
    echo "  local-data: '_mta-sts.$d. 300 IN TXT \"v=STSv1; id=bench1\"'"
    echo "  local-data: '_smtp._tls.$d. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@bench-sender.test\"'"
  done
  echo "remote-control:"; echo "  control-enable: no"
} > "$DATA/unbound.conf"
unbound -d -c "$DATA/unbound.conf" & services+=($!)
wait_until 30 "python3 -c 'import socket,sys; s=socket.create_connection((\"127.0.0.1\", $DNS_PORT), 1)' 2>/dev/null || grep -q 'start of service' '$DATA/unbound.log'"

common=(--urls "http://127.0.0.1:$HTTP_PORT" --SendGateway:Relay:Ports:Submission=0 --SendGateway:Relay:Ports:Tls=0
  --SendGateway:RateLimits:PerKeyPerSecond=0 --SendGateway:RateLimits:PerTenantPerSecond=0
  --SendGateway:Queue:HighWaterBytes=17179869184 --SendGateway:Delivery:MaxConnectionsPerDestination=20
  --SendGateway:Delivery:MaxConnectionsPerMx=200)
routed=("--SendGateway:Delivery:Routes:*=127.0.0.1:$SINK_PORT")
mx_only=(--SendGateway:Delivery:MxPort="$SINK_PORT" --SendGateway:Delivery:AllowedMxNetworks:0=127.0.0.0/8
  --SendGateway:Delivery:Dns:Servers:0="127.0.0.1:$DNS_PORT")
looked_up=("${mx_only[@]}"
  --SendGateway:Delivery:Tls:Dane:ValidatingResolvers:0="127.0.0.1:$DNS_PORT"
  --SendGateway:Delivery:Tls:MtaSts:Enabled=true --SendGateway:Delivery:Tls:MtaSts:AllowPrivateNetworks=true
  --SendGateway:Delivery:Tls:MtaSts:TrustedCaFile="$DATA/ca.pem" --SendGateway:Delivery:Tls:MtaSts:HttpsPort="$STS_PORT"
  --SendGateway:TlsReports:Enabled=true --SendGateway:TlsReports:OrganizationName="SendGateway bench"
  --SendGateway:TlsReports:ContactInfo=tlsrpt@bench-sender.test --SendGateway:TlsReports:Sender=tlsrpt@bench-sender.test
  --SendGateway:TlsReports:TenantId="$TENANT_ID")

phase() { # label, server arguments… -> rate of NE messages end to end (after a 2000-message warm-up)
  local ok0 t0 rate
  # Each phase starts from the same state: an empty queue and event table (a run slows as Redis's append-only file and
  # PostgreSQL's events grow, which would favour whichever phase runs first).
  redis-cli -p "$REDIS_PORT" flushall >/dev/null; redis-cli -p "$REDIS_PORT" bgrewriteaof >/dev/null
  wait_until 120 "redis-cli -p $REDIS_PORT info persistence | grep -q '^aof_rewrite_in_progress:0'"
  psql_value "TRUNCATE events" >/dev/null
  server_start api,delivery,events "${common[@]}" "${@:2}"
  bench_domain "$HTTP_PORT" bench-sender.test 2>/dev/null || true
  driver --messages 2000 --concurrency "$C" --rcpt-domains "$DOMAINS" --accept-only >/dev/null
  ok0=$(psql_value "SELECT count(*) FROM events WHERE type = 'ok'")
  wait_until 300 "[ \$(psql_value \"SELECT count(*) FROM events WHERE type = 'ok'\") -ge $(( ok0 >= 2000 ? ok0 : 2000 )) ]"
  ok0=$(ok_events); t0=$(now)
  local ticks0; ticks0=$(tree_ticks "$server_pid" "$(redis_pid)" "$(postgres_pid)")
  driver --messages "$NE" --concurrency "$C" --rcpt-domains "$DOMAINS" --accept-only >/dev/null
  wait_until 900 "[ \$(event_backlog) -eq 0 ] && [ \$(ok_events) -ge $(( ok0 + NE )) ]"
  rate=$(rate_since "$t0" "$NE")
  # CPU per delivered message of the server, Redis and PostgreSQL (not the driver, the sink or the resolver): steadier
  # than the rate on a shared 2-core machine, and what the policies add is CPU.
  local cpu; cpu=$(per_message_ms "$ticks0" "$(tree_ticks "$server_pid" "$(redis_pid)" "$(postgres_pid)")" "$NE" 3)
  bench_stop_processes
  echo "$rate $cpu"
}

# A and B alternate (ROUNDS times each, A first; R before each A when ROUTED=1); each row is the mean of its phases.
rates_a=(); rates_b=(); rates_r=(); cpu_a=(); cpu_b=()
for _ in $(seq "$ROUNDS"); do
  [ "${ROUTED:-0}" = 1 ] && { read -r rate _ <<<"$(phase routed "${routed[@]}")"; rates_r+=("$rate"); }
  read -r rate cpu <<<"$(phase mx-only "${mx_only[@]}")"; rates_a+=("$rate"); cpu_a+=("$cpu")
  read -r rate cpu <<<"$(phase policies "${looked_up[@]}")"; rates_b+=("$rate"); cpu_b+=("$cpu")
done
mean() { python3 -c "import sys; v = [float(x) for x in sys.argv[1:]]; print(round(sum(v) / len(v)))" "$@"; }
mean3() { python3 -c "import sys; v = [float(x) for x in sys.argv[1:]]; print(f'{sum(v) / len(v):.3f}')" "$@"; }
rate_a=$(mean "${rates_a[@]}"); rate_b=$(mean "${rates_b[@]}"); ms_a=$(mean3 "${cpu_a[@]}"); ms_b=$(mean3 "${cpu_b[@]}")
fetches=$(wc -l < "$DATA/sts-requests.log"); txt=$(grep -c '_mta-sts\..* TXT' "$DATA/unbound.log" || true)
queries=$(awk '/info: 127.0.0.1 / { n[$(NF-1)]++ } END { for (t in n) printf "%s %d, ", t, n[t] }' "$DATA/unbound.log"); queries=${queries%, }
lookups=$(( (NE + 2000) * ROUNDS )) # one policy lookup per delivery attempt (every message is delivered at its first attempt)
hit=$(python3 -c "print(f'{100 * (1 - ($fetches + $txt) / $lookups):.2f}')")

routed_row=""
[ ${#rates_r[@]} -gt 0 ] && routed_row="| R. End to end, every domain routed to the sink, no MX lookup ($NE msgs, $ROUNDS runs: ${rates_r[*]}) | $(mean "${rates_r[@]}")/s | |
"
mkdir -p "$(dirname "$OUT")"
cat <<MD | tee "$OUT"
SendGateway TLS policy cost, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(uname -r), $SIZE B bodies, REST over $DOMAINS recipient domains, loopback.

| Measure | Value | Target |
|---|---|---|
${routed_row}| A. End to end through MX lookup, no policy ($NE msgs, $ROUNDS runs: ${rates_a[*]}) | $rate_a/s | |
| B. End to end through MX lookup, TLSA lookup, MTA-STS (testing) and TLS-RPT counting ($NE msgs, $ROUNDS runs: ${rates_b[*]}) | $rate_b/s | |
| B / A | $(ratio "$rate_b" "$rate_a") | ≥ 0.98 |
| ms of a core per delivered message, server + Redis + PostgreSQL: A (${cpu_a[*]}) / B (${cpu_b[*]}) | $ms_a / $ms_b | |
| A / B in CPU per message (the rate ratio a CPU-bound machine would see) | $(ratio "$ms_a" "$ms_b") | ≥ 0.98 |
| MTA-STS policy fetches / \`_mta-sts\` TXT lookups in all B runs (warm-ups included) | $fetches / $txt | |
| DNS queries that reached the resolver in all B runs, by type | $queries | |
| Policy cache hit rate (lookups answered without the network, of $lookups) | $hit % | ≥ 99 % |
MD
echo "written to $OUT"
