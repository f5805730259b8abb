#!/usr/bin/env bash
# make bench-size: cost per byte. At each message size (SIZES, default 5, 20, 100 and 1,000 KB): SendGateway end to end
# (make bench-profile: smtp-source -> relay -> Redis -> delivery, DKIM-signed -> smtp-sink, until PostgreSQL holds
# every ok; CPU per delivered message of each process), then Postfix end to end into the same kind of sink (its CPU per
# message), then the physical floor of one message of that size (benchmarks/size-floor.py: one SHA-256 of it and one
# durable write of it, in CPU). Prints one table and writes it to $OUT (default .bench/size-<time>.md).
# Messages per size: NE (default 4000; a quarter of it at 1,000 KB), WARMUP (1000; a quarter at 1,000 KB), S (20).
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ensure_packages --test
SIZES=${SIZES:-5120 20480 102400 1024000} NE=${NE:-4000} WARMUP=${WARMUP:-1000} S=${S:-20}
stamp=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-.bench/size-$stamp.md}
source benchmarks/bench-lib.sh

field() { sed -n "s/.*$2 \([0-9.]*\).*/\1/p" "$1" | head -n 1; } # profile output, name -> ms
postfix_e2e() { # size, messages, warm-up -> "rate cpu_all cpu_postfix cpu_sink" of Postfix end to end into smtp-sink
  local size=$1 n=$2 warm=$3 t0 p0 p1 rate
  (
    bench_start size-postfix
    sink_start; postfix_start
    timeout 600 "$SMTP_SOURCE" -d -s "$S" -l "$size" -m "$warm" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$PF_PORT"
    wait_until 300 "[ \$(sink_count) -ge $warm ]"; sleep 3
    t0=$(now); p0=("$(tree_ticks "$PF_PID")" "$(tree_ticks "$SINK_PID")")
    timeout 900 "$SMTP_SOURCE" -d -s "$S" -l "$size" -m "$n" -f bench@bench-sender.test -t rcpt@bench.test "127.0.0.1:$PF_PORT"
    wait_until 900 "[ \$(sink_count) -ge $(( warm + n )) ]"
    rate=$(rate_since "$t0" "$n"); p1=("$(tree_ticks "$PF_PID")" "$(tree_ticks "$SINK_PID")")
    echo "$rate $(per_message_ms "$(( p0[0] + p0[1] ))" "$(( p1[0] + p1[1] ))" "$n") $(per_message_ms "${p0[0]}" "${p1[0]}" "$n") $(per_message_ms "${p0[1]}" "${p1[1]}" "$n")"
  )
}

rows=()
for size in $SIZES; do
  n=$NE warm=$WARMUP
  [ "$size" -ge 1000000 ] && { n=$(( NE / 4 )); warm=$(( WARMUP / 4 )); }
  profile=.bench/size-$stamp-$size.txt
  log "size $size: SendGateway end to end ($n messages)"
  SIZE=$size NE=$n WARMUP=$warm S=$S OUT="$profile" bash benchmarks/profile.sh >/dev/null
  ours=$(sed -n 's/^end to end: \([0-9]*\) msg\/s.*/\1/p' "$profile")
  log "size $size: Postfix end to end ($n messages)"
  read -r pf pf_all pf_app pf_sink < <(postfix_e2e "$size" "$n" "$warm" | tail -n 1)
  floor_dir=$(mktemp -d "/tmp/sendgateway-floor-XXXXXX")
  floor=$(python3 benchmarks/size-floor.py "$size" "$floor_dir"); rm -rf "$floor_dir"
  all=$(field "$profile" all); floor_ms=$(echo "$floor" | sed -n 's/.*floor_ms=\([0-9.]*\).*/\1/p')
  rows+=("| $(( size / 1024 )) KB | $ours msg/s | $pf msg/s | $(ratio "$ours" "$pf") | $all: SendGateway $(field "$profile" sendgateway), Redis $(field "$profile" redis), PostgreSQL $(field "$profile" postgres), smtp-sink $(field "$profile" sink) | $pf_all: Postfix $pf_app, smtp-sink $pf_sink | $(echo "$floor" | sed -n 's/.*sha256_ms=\([0-9.]*\).*/\1/p') + $(echo "$floor" | sed -n 's/.*durable_write_ms=\([0-9.]*\).*/\1/p') = $floor_ms | $(ratio "$all" "$floor_ms") |")
done

mkdir -p "$(dirname "$OUT")"
tee "$OUT" <<MD
$(machine_line "Cost per byte (make bench-size)") End to end over SMTP, smtp-source $S sessions, one recipient per message, loopback; ours DKIM-signed and durable (Redis AOF fsync always, every event in PostgreSQL), Postfix with its disk queue and no DKIM. CPU in ms of a core per delivered message, the load generator aside.

| Size | SendGateway | Postfix | Ratio | CPU per message, ours | CPU per message, Postfix | Floor: one SHA-256 + one durable write (ms) | Ours ÷ floor |
|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")
MD
echo "written to $OUT"
