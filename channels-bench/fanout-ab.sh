#!/usr/bin/env bash
# Fan-out A/B for the raw-frame write path: server CPU per delivery and deliveries/s at N members,
# ours on Tyrus's own container (A: no raw frame writers there, the portable sendText per member) and
# on the channels runner (B: frames encoded once, straight into Grizzly's write queue), interleaved
# ROUNDS times, raw Tyrus in every run. A long warm-up (WARM messages) lets the server JVM finish
# compiling before the measured phase.
#   channels-bench/fanout-ab.sh                    # N=100, 3 rounds (~15 min on a quiet machine)
#   MEMBERS=1000 MSGS=1000 WARM=1000 ROUNDS=2 channels-bench/fanout-ab.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS=${MEMBERS:-100} MSGS=${MSGS:-3000} WARM=${WARM:-3000} ROUNDS=${ROUNDS:-3}
OUT=${OUT:-channels-bench/target/fanout-ab}
mkdir -p "$OUT"
./mvnw -q -B -pl channels-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="channels-bench/target/classes:$(cat channels-bench/target/cp.txt)"
for round in $(seq "$ROUNDS"); do
  for runtime in tyrus standalone; do
    echo "== round $round runtime=$runtime $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$CP" dev.channels.bench.driver.LoadDriver --workloads fanout --targets raw,ours --runtime "$runtime" \
      --members "$MEMBERS" --messages "$MSGS" --warmup-messages "$WARM" --fixed-seconds 2 \
      --out "$OUT/runtime-$runtime.jsonl" | grep '^# fanout'
  done
done
