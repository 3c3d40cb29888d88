#!/usr/bin/env bash
# Reproduces every table and the chart of channels-bench/README.md (issue 23's table with the big room and the
# presence storm has its own command, channels-bench/issue23.sh, which this script does not run):
#   channels-bench/run-all.sh            full run (~25 minutes; run it on a quiet machine)
#   QUICK=1 channels-bench/run-all.sh    a ~5-minute run with tiny sizes, to check the tooling
#   BASELINE=<git-rev> channels-bench/run-all.sh
#                                        also measures that revision of channels as target "ours-before"
#                                        (cloned into channels-bench/target/baseline-<rev> and compiled there)
#   BASELINE_DIR=<checkout> channels-bench/run-all.sh
#                                        the same with a checkout you have (compiled there, never installed)
# Request-reply runs every target at its own maximum and 50% of it, then all targets at one common rate
# (the driver's --common-rate, default: 50% of the slowest target's maximum in the run), so the p99s compare.
# Targets: raw (the Tyrus ceiling), ours, socketio (the Socket.IO 4 peer on Node: needs node and npm; the
# driver runs npm ci in channels-bench/socketio when node_modules is missing), [ours-before].
# Writes channels-bench/results/{results.jsonl,jmh.json,machine.txt,RESULTS.md,fanout.svg,comparison.svg}
# and replaces the tables between the RESULTS markers of channels-bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# BENCH_OUT=<dir>: write the results there instead, and leave the README alone (a trial run)
OUT=${BENCH_OUT:-channels-bench/results}
README_ARGS=(--readme channels-bench/README.md)
[ -z "${BENCH_OUT:-}" ] || README_ARGS=()
QUICK=${QUICK:-0}
mkdir -p "$OUT"

source channels-bench/bench-setup.sh
TARGETS=raw,ours,socketio
[ -z "${BASELINE_DIR:-}" ] || TARGETS=raw,ours-before,ours,socketio
DRIVER=(java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.driver.LoadDriver --out "$OUT/results.jsonl" "${BASELINE_ARGS[@]}")
# the cluster bench starts its own redis-server (Debian: apt-get install redis-server) and three server JVMs
CLUSTER=(java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.cluster.ClusterBench --out "$OUT/results.jsonl")

{
  echo "$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB RAM;" \
       "$(uname -sr); $(java -version 2>&1 | head -1); open-file limit $(ulimit -n);" \
       "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"
rm -f "$OUT/results.jsonl"

if [ "$QUICK" = 1 ]; then
  "${DRIVER[@]}" --workloads fanout,request-reply,connections --targets "$TARGETS" --members 10,50 --messages 300 \
      --fixed-seconds 2 --clients 20 --in-flight 4 --seconds 2 --connections 500 --server-heap 512m
  "${DRIVER[@]}" --workloads churn --targets ours --churn-seconds 10 --churners 5 --server-heap 512m
  "${CLUSTER[@]}" --members 20 --messages 300 --rounds 1 --fixed-seconds 2 --server-heap 512m \
      --memory-channels 10 --memory-history 200
  JMH=(-wi 1 -i 1 -w 300ms -r 300ms)
else
  "${DRIVER[@]}" --workloads fanout,request-reply,connections --targets "$TARGETS" \
      --members 100,1000 --messages 2000 --clients 200 --in-flight 8 --seconds 10 --connections 10000
  "${DRIVER[@]}" --workloads churn --targets ours --churn-seconds 120
  "${CLUSTER[@]}" --members 100 --messages 2000 --rounds 3 --fixed-seconds 10 --memory-channels 100 --memory-history 1000
  JMH=()
fi

java -cp "$CP" org.openjdk.jmh.Main "${JMH[@]}" -rf json -rff "$OUT/jmh.json"

java -cp "$CP" dev.channels.bench.report.ReportMain --results "$OUT/results.jsonl" --jmh "$OUT/jmh.json" \
    --machine "$OUT/machine.txt" --out-dir "$OUT" "${README_ARGS[@]}"
echo "report: $OUT/RESULTS.md, charts: $OUT/comparison.svg $OUT/fanout.svg${README_ARGS:+, tables spliced into channels-bench/README.md}"
