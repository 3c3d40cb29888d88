#!/usr/bin/env bash
# The runner comparison: the same bench endpoints (the channels endpoint of ChannelServer.endpointConfig(),
# the raw ceiling, the admin endpoint) on Tyrus (Grizzly), the channels standalone runner, Jetty 12 (ee10) and Undertow, measured by the
# same driver: fan-out to 100 members, request-reply 200 x 8, 10,000 idle connections. Run it on a quiet machine:
#   channels-bench/compare-runtimes.sh               (~15 minutes)
#   QUICK=1 channels-bench/compare-runtimes.sh       (tiny sizes: checks the tooling, numbers mean little)
#   RUNTIMES="tyrus jetty" channels-bench/compare-runtimes.sh
# Appends one JSON line per run to channels-bench/results/runtimes.jsonl (each carries "runtime") and prints
# the driver's summary lines.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=channels-bench/results/runtimes.jsonl
QUICK=${QUICK:-0}
RUNTIMES=${RUNTIMES:-tyrus standalone jetty undertow}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

./mvnw -B -q -pl channels-bench -am -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="channels-bench/target/classes:$(cat channels-bench/target/cp.txt)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$QUICK" = 1 ]; then
  SIZES=(--members 10 --messages 200 --fixed-seconds 2 --clients 10 --in-flight 4 --seconds 2 --connections 200 --server-heap 512m)
else
  SIZES=(--members 100 --messages 2000 --clients 200 --in-flight 8 --seconds 10 --connections 10000)
fi
for runtime in $RUNTIMES; do
  java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.driver.LoadDriver --runtime "$runtime" --out "$OUT" \
      --workloads fanout,request-reply,connections --targets raw,ours "${SIZES[@]}" 2>/dev/null \
      | sed -n "s/^# \(fanout\|request-reply\|connections\)/[$runtime] \1/p"
done
