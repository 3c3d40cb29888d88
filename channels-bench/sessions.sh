#!/usr/bin/env bash
# Issue 21's figures for sessions, each against channel connections, on the standalone runner (the Tyrus runner):
#   channels-bench/sessions.sh                  # 3 rounds of fan-out, join-many, then the heap bench (~6 min)
#   ROUNDS=3 CHANNELS=2000 channels-bench/sessions.sh
# 1. Fan-out, 100 members: target ours (channel connections to /ws/{C}) and ours-sessions (sessions at /ws that
#    send channel.join) in the same server JVM, interleaved three times per round (--members 100,100,100), a fresh
#    server each round. The first pair of a round runs on a server still compiling its hot paths (CPU per delivery
#    ~1.5x the later pairs' for both); the README's ratio is over the later, warm pairs.
# 2. join-many: one client joins 100 fresh channels, one session (100 channel.join in a row) vs 100 channel
#    connections opened in parallel; 10 rounds, alternating order.
# 3. SessionMembershipHeap: heap per extra session membership vs per channel connection, CHANNELS channels.
# The lines land in channels-bench/target/sessions/; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3} CHANNELS=${CHANNELS:-2000}
OUT=channels-bench/target/sessions
mkdir -p "$OUT"
./mvnw -B -q -pl channels-bench -am -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="channels-bench/target/classes:$(cat channels-bench/target/cp.txt)"
echo "ours: $(git log --oneline -1 | cut -c1-80); runtime standalone"
for round in $(seq "$ROUNDS"); do
  echo "== fan-out round $round $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.driver.LoadDriver --workloads fanout \
    --targets ours,ours-sessions --runtime standalone \
    --members 100,100,100 --messages 5000 --warmup-messages 1000 --fixed-seconds 5 \
    --out "$OUT/fanout.jsonl" | grep -E '^# fanout'
done
echo "== join-many $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xms1g -Xmx1g -cp "$CP" dev.channels.bench.driver.LoadDriver --workloads join-many \
  --targets ours,ours-sessions --runtime standalone --join-channels 100 --join-rounds 10 \
  --out "$OUT/join-many.jsonl" | grep -E '^# join-many'
echo "== heap $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$CP" dev.channels.bench.memory.SessionMembershipHeap --channels "$CHANNELS" 2>&1 | grep -E 'perSessionMembership' | sed 's/^INFO: //'
