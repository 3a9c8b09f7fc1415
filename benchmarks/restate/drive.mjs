// Drives the Restate side of the side-by-side comparison.
//   node drive.mjs register <admin-url> <service-url>       registers the service endpoint (retries until up)
//   node drive.mjs run <ingress-url> K C N WARMUP            N workflows, at most C in flight, after WARMUP at C=32
// Prints "RESULT system=restate k=K c=C workflows=N seconds=S throughput=X p50_ms=Y p99_ms=Z".
const [mode, ...args] = process.argv.slice(2);

async function register(admin, uri) {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${admin}/deployments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uri, force: true }),
      });
      if (r.ok) {
        console.log(`registered ${uri}: ${r.status}`);
        return;
      }
      console.log(`register: ${r.status} ${await r.text()}`);
    } catch (e) {
      // the server or the service is not up yet
    }
    if (Date.now() > until) {
      throw new Error(`could not register ${uri} at ${admin}`);
    }
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

async function one(url, k) {
  const t0 = process.hrtime.bigint();
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ i: 0, k }),
  });
  const body = await r.json();
  if (!r.ok || body.steps !== k) {
    throw new Error(`workflow failed: ${r.status} ${JSON.stringify(body)}`);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function phase(url, k, c, n) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const t0 = process.hrtime.bigint();
  async function worker() {
    while (next < n) {
      next++;
      try {
        latencies.push(await one(url, k));
      } catch (e) {
        failures++;
        if (failures <= 3) console.error(String(e));
      }
    }
  }
  await Promise.all(Array.from({ length: c }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))];
  return { seconds, count: latencies.length, failures, p50: pct(50), p99: pct(99) };
}

if (mode === "register") {
  await register(args[0], args[1]);
} else if (mode === "run") {
  const [url, k, c, n, warmup] = [args[0], Number(args[1]), Number(args[2]), Number(args[3]), Number(args[4])];
  if (warmup > 0) {
    const w = await phase(url, k, 32, warmup);
    console.log(`  warm-up: ${w.count} workflows in ${w.seconds.toFixed(1)} s, p50 ${w.p50?.toFixed(3)} ms, failures ${w.failures}`);
  }
  const m = await phase(url, k, c, n);
  console.log(`  measured: c=${c}, ${m.count} workflows in ${m.seconds.toFixed(1)} s, failures ${m.failures}`);
  console.log(`RESULT system=restate k=${k} c=${c} workflows=${m.count} seconds=${m.seconds.toFixed(3)} ` +
    `throughput=${(m.count / m.seconds).toFixed(2)} p50_ms=${m.p50.toFixed(3)} p99_ms=${m.p99.toFixed(3)}`);
} else {
  console.error("usage: drive.mjs register ADMIN_URL SERVICE_URL | run INGRESS_URL K C N WARMUP");
  process.exit(2);
}
