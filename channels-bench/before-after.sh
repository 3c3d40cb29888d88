#!/usr/bin/env bash
# Fan-out and request-reply of ours against a baseline revision, in one run, interleaved, on one runtime:
#   BASELINE=<git-rev> channels-bench/before-after.sh                 # runtime standalone (the Tyrus runner), 2 rounds
#   BASELINE=<git-rev> RUNTIME=tyrus ROUNDS=1 channels-bench/before-after.sh
# Each round runs raw (the Tyrus ceiling), ours-before and ours in fresh server JVMs, one after the other.
# Run it on a quiet machine (~4 minutes a round); the lines land in channels-bench/target/before-after/.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASELINE:?BASELINE=<git-rev> names the revision to compare with}"
RUNTIME=${RUNTIME:-standalone} ROUNDS=${ROUNDS:-2}
OUT=channels-bench/target/before-after
mkdir -p "$OUT"
BUILD=(./mvnw -B -q -pl channels-bench -am -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
"${BUILD[@]}"
rev=$(git rev-parse --short "$BASELINE^{commit}")
DIR=channels-bench/target/baseline-$rev
if [ ! -d "$DIR" ]; then
  git clone -q --shared --no-checkout "$(git rev-parse --show-toplevel)" "$DIR"
  git -C "$DIR" checkout -q --detach "$rev"
fi
(cd "$DIR" && "${BUILD[@]}")
BASE_CP="$(cd "$DIR" && pwd)/channels-bench/target/classes:$(cat "$DIR/channels-bench/target/cp.txt")"
CP="channels-bench/target/classes:$(cat channels-bench/target/cp.txt)"
echo "ours: $(git log --oneline -1 | cut -c1-80); before: $(git -C "$DIR" log --oneline -1 | cut -c1-80); runtime $RUNTIME"
for round in $(seq "$ROUNDS"); do
  echo "== round $round $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.driver.LoadDriver --workloads fanout,request-reply \
    --targets raw,ours-before,ours --baseline-classpath "$BASE_CP" --runtime "$RUNTIME" \
    --members 100 --messages 2000 --warmup-messages 1000 --fixed-seconds 5 --clients 200 --in-flight 8 --seconds 10 \
    --out "$OUT/$RUNTIME.jsonl" | grep -E '^# (fanout|request-reply)'
done
