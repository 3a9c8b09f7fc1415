#!/usr/bin/env bash
# Builds the node jar and the benchmark jar, then runs every mesh benchmark once (real node JVMs on 127.0.0.1,
# driven by io.mre.bench.mesh.MeshBench): an idle node's heap; custody transfer into one receiver (mTLS and
# plaintext, durable and stateless receivers, concurrency 1 and 32); 100 000 parked objects (heap, restart); a
# three-node chain (mTLS and plaintext). About 12 minutes on 2 cores. Result rows go to
# benchmarks/target/mesh/results.md (each run's nodes, configuration and logs under benchmarks/target/mesh/<run>/);
# the full output of each run to benchmarks/target/mesh/<name>.log.
# Run from anywhere. Set SKIP_BUILD=1 to use the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/java-env
if [[ -z "${SKIP_BUILD:-}" ]]; then
  mvn -B -q package -DskipTests -DskipITs -DskipBufLint -pl benchmarks,node-server/server -am
fi
out=benchmarks/target/mesh
mkdir -p "$out"
run() {
  local name=$1; shift
  echo "== $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg): MeshBench $*" | tee -a "$out/results.md"
  java -Xmx2g --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.mre.bench.mesh.MeshBench \
    "$@" 2>&1 | tee "$out/$name.log"
}
run idle idle
run handoff-mtls-durable handoff --tls=true --receiver=memory-aware
run handoff-plain-durable handoff --tls=false --receiver=memory-aware
run handoff-mtls-stateless handoff --tls=true --receiver=stateless
run handoff-plain-stateless handoff --tls=false --receiver=stateless
run parked parked
run chain-mtls chain --tls=true
run chain-plain chain --tls=false
