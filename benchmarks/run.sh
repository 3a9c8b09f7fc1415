#!/usr/bin/env bash
# Builds the benchmark jar and runs every MRE benchmark once, one fork each, with the warm-up and measurement set
# in the classes' annotations (sample-time mode; 10 x 2 s warm-up, 5 x 2 s measurement; the diagnostic breakdown
# 6 x 2 s and 4 x 2 s), then the paired verification report. About 18 minutes on 2 cores. The cycle runs add JMH's
# gc profiler (bytes allocated per op). Results (text and JSON) go to benchmarks/target/results/.
# Run from anywhere; pass extra JMH options after --, e.g. benchmarks/run.sh -- -wi 3 -i 3 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-env
mvn -B -q package -DskipTests -pl benchmarks -am
out=benchmarks/target/results
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar
run() {
  local name=$1; shift
  echo "== $name: java -jar $jar $* -f 1" | tee "$out/$name.txt"
  java -jar "$jar" "$@" -f 1 -rf json -rff "$out/$name.json" "${EXTRA[@]}" | tee -a "$out/$name.txt"
}
EXTRA=()
if [[ "${1:-}" == "--" ]]; then shift; EXTRA=("$@"); fi
java -cp "$jar" io.mre.bench.EntrySizeReport | tee "$out/entry-size.txt"
run crypto 'CryptoBench'
run cycle 'CycleBench' -prof gc
run cycle-small-plan 'CycleBench' -p historyLength=10 -p planSteps=20 -prof gc
run verify 'VerifyBench'
run fold 'FoldBench'
run breakdown 'CycleBreakdownBench' -prof gc
java -cp "$jar" io.mre.bench.VerifyOverheadReport | tee "$out/verify-overhead.txt"
