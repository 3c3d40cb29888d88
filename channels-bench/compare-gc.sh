#!/usr/bin/env bash
# Request-reply tail latency of the bench server JVM under each garbage collector: the same driver run
# (request-reply 200 x 8 against raw and ours, their own 50% of the maximum, then one common rate for both)
# with the server on G1 (the JVM's default here), Parallel and ZGC, interleaved over ROUNDS rounds. Each result
# line carries "serverJvmArgs" and the server's stop-the-world GC pauses over the phase (serverGcPauses,
# serverGcPauseMs); each run also leaves the server's GC log (-Xlog:gc) beside the results. Run it on a quiet machine:
#   channels-bench/compare-gc.sh                          (~12 minutes)
#   QUICK=1 channels-bench/compare-gc.sh                  (tiny sizes: checks the tooling, numbers mean little)
#   GCS="G1 Parallel" ROUNDS=3 COMMON_RATE=8000 channels-bench/compare-gc.sh
# Appends to channels-bench/results/gc.jsonl and prints the driver's request-reply summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_OUT:-channels-bench/results}
QUICK=${QUICK:-0}
GCS=${GCS:-G1 Parallel Z}
ROUNDS=${ROUNDS:-2}
COMMON_RATE=${COMMON_RATE:-slowest}
mkdir -p "$OUT"

./mvnw -B -q -pl channels-bench -am -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="channels-bench/target/classes:$(cat channels-bench/target/cp.txt)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$QUICK" = 1 ]; then
  SIZES=(--clients 20 --in-flight 4 --seconds 2 --fixed-seconds 2 --server-heap 512m)
else
  SIZES=(--clients 200 --in-flight 8 --seconds 10 --fixed-seconds 10)
fi
for round in $(seq 1 "$ROUNDS"); do
  for gc in $GCS; do
    log="$OUT/gc-$gc-$round.log"
    java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.driver.LoadDriver --out "$OUT/gc.jsonl" \
        --workloads request-reply --targets raw,ours --common-rate "$COMMON_RATE" "${SIZES[@]}" \
        --server-jvm-args "-XX:+Use${gc}GC -Xlog:gc:file=$log" 2>/dev/null \
        | sed -n "s/^# \(request-reply\)/[$gc round $round] \1/p"
  done
done
