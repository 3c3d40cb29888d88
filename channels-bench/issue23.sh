#!/usr/bin/env bash
# Issue 23's table, with its new rows, in one command (channels-bench/README.md, "Issue 23 in one command"):
#   channels-bench/issue23.sh                   full run (~20 minutes on a quiet 2-core machine; run it on one)
#   BASELINE=<git-rev> channels-bench/issue23.sh
#                                               also that revision as target "ours-before" (after / before ratios;
#                                               cloned into channels-bench/target/baseline-<rev>, compiled there)
#   BASELINE_DIR=<checkout> channels-bench/issue23.sh   the same with a checkout you have
#   QUICK=1 channels-bench/issue23.sh           tiny sizes (~4 minutes): checks the tooling, the numbers mean little
#   BENCH_OUT=<dir>                             where the results go (default channels-bench/results/issue23)
#   README=1                                    also splice the tables between the ISSUE23 markers of the README
#   ROUNDS=n                                    run the driver passes (1 and 2 below) n times, interleaved; the table
#                                               then shows each figure's median run and the range (ROUNDS=2: ~35 min)
#
# "ours" is the channels standalone runner (--runtime standalone: Tyrus on its own Grizzly listener), configured for
# throughput: no inbound rate limit, no history, no presence events, no connection limits (the bench server's
# ChannelsUnderTest). raw is the plain Jakarta endpoints on the same runner; socketio the Socket.IO 4.8 peer on Node.
# Rows:
#   1. fan-out 100 members (deliveries/s, server CPU per delivery) and request-reply 200 clients x 8 in flight
#      (replies/s, server CPU per reply, p99 at 50% of each one's own max), then request-reply for every target at ONE
#      offered rate, 15,000/s (p99 and server cores used); when a target's max in the run is below 15,000/s, 50% of the
#      slowest target's max instead (the line's rateBasis says which). All targets in one driver run, interleaved.
#   2. big room: 19,000 members in ONE channel over 4 loopback addresses, ours, socketio [and ours-before] in turn:
#      joins/s, heap and RSS per idle member, 20 broadcasts one at a time (ms until all have it, server CPU per
#      delivery), lost deliveries (must be 0) and registries empty after close.
#   3. presence join storm of 5,000 members (PresenceJoinStorm): presence frames per member with per-member events
#      and batched (presence.diff every 500 ms).
# Writes $OUT/{results.jsonl,machine.txt,RESULTS.md,comparison.svg,ratios.svg}: RESULTS.md's "Side by side" table is
# the issue's table with ratios ours/raw, ours/Socket.IO and after/before; ratios.svg charts those ratios per row,
# comparison.svg every target's figures side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-channels-bench/results/issue23}
QUICK=${QUICK:-0}
mkdir -p "$OUT"

source channels-bench/bench-setup.sh
TARGETS=raw,ours,socketio
ROOM_TARGETS=ours,socketio
if [ -n "${BASELINE_DIR:-}" ]; then
  TARGETS=raw,ours-before,ours,socketio
  ROOM_TARGETS=ours-before,ours,socketio
fi
# every driver run: ours on the channels runner (the issue's "ours"); the baseline on the same runtime
DRIVER=(-cp "$CP" dev.channels.bench.driver.LoadDriver --runtime standalone --out "$OUT/results.jsonl" "${BASELINE_ARGS[@]}")
STORM=(java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.presence.PresenceJoinStorm --out "$OUT/results.jsonl")

{
  echo "$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB RAM;" \
       "$(uname -sr); $(java -version 2>&1 | head -1); open-file limit $(ulimit -n);" \
       "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); ours on the standalone runner;" \
       "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')${BASELINE_DIR:+; before: $(git -C "$BASELINE_DIR" rev-parse --short HEAD)}"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"
rm -f "$OUT/results.jsonl"
step() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }

for round in $(seq "${ROUNDS:-1}"); do
  if [ "$QUICK" = 1 ]; then
    step "round $round: fan-out and request-reply (quick)"
    java -Xms512m -Xmx512m "${DRIVER[@]}" --workloads fanout,request-reply --targets "$TARGETS" --members 20 --messages 300 \
        --fixed-seconds 2 --clients 20 --in-flight 4 --seconds 2 --common-rate 15000-or-slowest --server-heap 512m
    step "round $round: big room (quick)"
    java -Xms512m -Xmx512m "${DRIVER[@]}" --workloads big-room --targets "$ROOM_TARGETS" --room-members 500 --room-rounds 3 \
        --room-warmup 1 --hosts 127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 --server-heap 512m
  else
    step "round $round: fan-out 100 and request-reply 200x8, then every target at 15,000/s"
    java -Xms1g -Xmx1g "${DRIVER[@]}" --workloads fanout,request-reply --targets "$TARGETS" --members 100 --messages 2000 \
        --warmup-messages 1000 --fixed-seconds 10 --clients 200 --in-flight 8 --seconds 10 --common-rate 15000-or-slowest
    step "round $round: big room, 19,000 members in one channel"
    # the driver's heap holds 19,000 JDK WebSockets; 4 loopback addresses give the 4-tuples room beyond ~28k ports
    java -Xms3g -Xmx3g "${DRIVER[@]}" --workloads big-room --targets "$ROOM_TARGETS" --room-members 19000 --room-rounds 20 \
        --room-warmup 2 --hosts 127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 --join-concurrency 200
  fi
done
STORM_MEMBERS=5000
[ "$QUICK" != 1 ] || STORM_MEMBERS=300
step "presence join storm of $STORM_MEMBERS: per-member events"
"${STORM[@]}" --members "$STORM_MEMBERS" --interval 0
step "presence join storm of $STORM_MEMBERS: batched"
"${STORM[@]}" --members "$STORM_MEMBERS" --interval PT0.5S
step "report"

README_ARGS=()
[ "${README:-0}" != 1 ] || README_ARGS=(--readme channels-bench/README.md --section ISSUE23)
java -cp "$CP" dev.channels.bench.report.ReportMain --results "$OUT/results.jsonl" --machine "$OUT/machine.txt" \
    --out-dir "$OUT" "${README_ARGS[@]}"
echo "report: $OUT/RESULTS.md (the issue's table: \"Side by side\"), charts: $OUT/ratios.svg $OUT/comparison.svg"
