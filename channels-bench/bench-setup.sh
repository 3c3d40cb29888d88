# Sourced by run-all.sh and issue23.sh (from the repository root): the open-file limit, the bench's build and class
# path, the Socket.IO peer's tools, and BASELINE=<git-rev> / BASELINE_DIR=<checkout> built as target "ours-before".
# Sets CP, BUILD, BASELINE_DIR (absolute, or empty) and BASELINE_ARGS (the driver's --baseline-classpath, or none).

# Each idle connection costs one open file in the driver and one in the server; the big room takes nearly all.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
echo "open-file limit: $(ulimit -n)"

BUILD=(./mvnw -B -q -pl channels-bench -am -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
"${BUILD[@]}"
CP="channels-bench/target/classes:$(cat channels-bench/target/cp.txt)"

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "the Socket.IO peer needs $tool (Debian: apt-get install nodejs npm)" >&2; exit 1; }
done
BASELINE_ARGS=()
if [ -n "${BASELINE:-}" ] && [ -z "${BASELINE_DIR:-}" ]; then
  rev=$(git rev-parse --short "$BASELINE^{commit}")
  BASELINE_DIR=channels-bench/target/baseline-$rev
  if [ ! -d "$BASELINE_DIR" ]; then
    git clone -q --shared --no-checkout "$(git rev-parse --show-toplevel)" "$BASELINE_DIR"
    git -C "$BASELINE_DIR" checkout -q --detach "$rev"
  fi
fi
if [ -n "${BASELINE_DIR:-}" ]; then
  echo "baseline: $(git -C "$BASELINE_DIR" log --oneline -1 | cut -c1-100)"
  (cd "$BASELINE_DIR" && "${BUILD[@]}")
  BASELINE_DIR=$(cd "$BASELINE_DIR" && pwd)
  BASELINE_ARGS=(--baseline-classpath "$BASELINE_DIR/channels-bench/target/classes:$(cat "$BASELINE_DIR/channels-bench/target/cp.txt")")
fi
