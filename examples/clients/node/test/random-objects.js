#!/usr/bin/env node
// Writes randomized objects made by createObject(), for cross-checking the deterministic encoding against Java:
//   node test/random-objects.js --out DIR [--count N] [--seed S]
// For each i: DIR/obj-i.bin (the object), DIR/obj-i.intent.bin and DIR/obj-i.context.bin (this library's
// deterministic encodings of the intent and context, whose SHA-256 are the header's initial digests).
// NodeJsClientIT re-encodes each intent and context with protobuf-java's deterministic serialization and
// requires the same bytes.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as mre from '../mre.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, count: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } } });
if (!values.out) {
  console.error('usage: node test/random-objects.js --out DIR [--count N] [--seed S]');
  process.exit(2);
}

// mulberry32: small, seedable, good enough for test data.
let state = Number(values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(random() * n);
const pick = (xs) => xs[int(xs.length)];
const chance = (p) => random() < p;

// Keys chosen to catch ordering bugs: integer-like keys (JS objects list those first), case, non-ASCII and
// non-BMP characters (Java sorts by UTF-16 code units), the empty key.
const KEYS = ['', 'a', 'B', 'b', 'aa', 'a-b', '0', '1', '9', '10', '01', '100', '-1', '1.5', 'é', 'É', 'z', 'ü',
  '日本', '😀', '\u{1F600}x', '\uFFFD', 'key with space', 'Z9', 'toString', 'constructor', 'hasOwnProperty'];
const STRINGS = ['', 'x', 'hello world', 'ünïcödé', '😀 emoji', '\u0000nul', 'line\nbreak', 'a'.repeat(200), '0', 'null'];
const NUMBERS = [0, -0, 1, -1, 0.5, 1e300, -1e-300, 2 ** 53, 2 ** 53 + 2, 123456789.125, Number.MIN_VALUE, 3.14];

function json(depth) {
  const r = int(depth > 2 ? 4 : 6);
  switch (r) {
    case 0: return null;
    case 1: return pick(NUMBERS);
    case 2: return pick(STRINGS);
    case 3: return chance(0.5);
    case 4: return Array.from({ length: int(4) }, () => json(depth + 1));
    default: return object(depth + 1);
  }
}

function object(depth) {
  const o = {};
  for (let i = int(5); i > 0; i--) o[pick(KEYS)] = json(depth);
  return o;
}

function labels() {
  const o = {};
  for (let i = int(5); i > 0; i--) o[pick(KEYS)] = pick(STRINGS);
  return o;
}

const time = () => new Date(Date.UTC(2000 + int(100), int(12), 1 + int(28), int(24), int(60), int(60), int(1000))).toISOString();
const duration = () => pick(['0s', '1s', '0.5s', '3600s', '0.000000001s', '-2.5s', '86400.25s']);

function condition() {
  switch (int(4)) {
    case 0: return { at: time() };
    case 1: return { after: duration() };
    case 2: return { signal: pick(['approved', 'review', 'a.b-c_d']), ...(chance(0.5) ? { signal_from_domains: ['x.example', 'y.example'] } : {}) };
    default: return { expression: pick(['', 'true', 'object.context.priority > 2']) };
  }
}

function step(i) {
  const s = { id: `step-${i}`, operation: pick(['echo', 'credit.check', 'payment.transfer']) };
  if (chance(0.7)) s.params = object(1);
  if (chance(0.4)) s.routing = { trust_domain: pick(['', 'bureau.example']), capabilities: chance(0.5) ? ['a', '', 'b'] : [], labels: labels() };
  if (chance(0.4)) s.retry = { max_attempts: int(5), initial_backoff: duration(), max_backoff: duration(), backoff_multiplier: pick([0, -0, 1, 1.5, 2]) };
  if (chance(0.3)) s.compensation = { operation: 'payment.refund', ...(chance(0.5) ? { params: object(1) } : {}) };
  if (chance(0.3)) s.await_condition = condition();
  if (chance(0.3)) s.timeout = duration();
  return s;
}

function intent() {
  const i = { name: pick(['', 'claim.settle', 'loan.file']), version: pick(['', '1', '2.0']), steps: Array.from({ length: 1 + int(4) }, (_, k) => step(k)) };
  if (chance(0.7)) i.input = object(0);
  if (chance(0.5)) i.on_failure = pick(['FAILURE_MODE_UNSPECIFIED', 'FAILURE_MODE_COMPENSATE', 'FAILURE_MODE_TERMINATE', 'FAILURE_MODE_DORMANT_FOR_REVIEW']);
  return i;
}

function context() {
  const c = {};
  if (chance(0.6)) c.tenant = pick(STRINGS);
  if (chance(0.5)) c.owner_domain = pick(['', 'insurer.example']);
  if (chance(0.5)) c.data_classification = pick(['', 'internal', 'restricted']);
  if (chance(0.5)) c.residency_regions = Array.from({ length: int(3) }, () => pick(['eu-west', '', 'us-east']));
  if (chance(0.5)) c.allowed_domains = Array.from({ length: int(3) }, () => pick(['a.example', 'b.example']));
  if (chance(0.4)) c.deadline = time();
  if (chance(0.5)) c.max_hops = pick([0, 1, 8, 4294967295]);
  if (chance(0.5)) c.priority = pick([0, -1, 5, -2147483648, 2147483647]);
  if (chance(0.5)) c.cycle_budget = pick([0, 100]);
  if (chance(0.6)) c.labels = labels();
  if (chance(0.3)) c.trace = { traceparent: pick(['', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']), tracestate: pick(['', 'k=v']) };
  return c;
}

const count = Number(values.count);
fs.mkdirSync(values.out, { recursive: true });
for (let n = 0; n < count; n++) {
  const object = mre.createObject({ intent: intent(), context: context(), origin: { author: 'random', trust_domain: 'random.example' } });
  const base = path.join(values.out, `obj-${n}`);
  fs.writeFileSync(`${base}.bin`, mre.encodeObject(object));
  fs.writeFileSync(`${base}.intent.bin`, mre.encodeDeterministic('Intent', object.intent));
  fs.writeFileSync(`${base}.context.bin`, mre.encodeDeterministic('Context', object.context));
}
console.log(`wrote ${count} objects to ${values.out}`);
