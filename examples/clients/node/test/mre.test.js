// Unit tests of the library's encoding rules: `npm test`. (The cross-check against protobuf-java's deterministic
// encoding, and the calls to a real node, are in integration-tests/.../NodeJsClientIT.java.)
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import * as mre from '../mre.js';

const hex = (b) => Buffer.from(b).toString('hex');
const intentWith = (input) => ({ name: 'n', steps: [{ id: 's', operation: 'echo' }], input });

test('map entries are sorted by key in UTF-16 code unit order, integer-like keys included', () => {
  const plain = mre.fromJson('Context', { labels: { b: '1', 10: '2', 9: '3', a: '4', '\uFFFD': '5', '😀': '6' } });
  // Java's String.compareTo order: "10" < "9" < "a" < "b" < "😀" (0xD83D 0xDE00) < "\uFFFD" (code point order
  // would put U+1F600 last); protobufjs' own encoder would write "9", "10" first (Object.keys order).
  assert.deepEqual(labelKeysInWireOrder(mre.encodeDeterministic('Context', plain)), ['10', '9', 'a', 'b', '😀', '\uFFFD']);
});

// The keys of Context.labels (field 10) in wire order; the test data holds only length-delimited fields.
function labelKeysInWireOrder(bytes) {
  let i = 0;
  const varint = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  const keys = [];
  while (i < bytes.length) {
    const field = varint() >>> 3;
    const end = varint() + i;
    if (field === 10) {
      varint(); // the key's tag
      const length = varint();
      keys.push(Buffer.from(bytes.subarray(i, i + length)).toString('utf8'));
    }
    i = end;
  }
  return keys;
}

test('proto3 defaults are left out, but not inside a oneof and not for -0.0', () => {
  assert.equal(hex(mre.encodeDeterministic('Context', { tenant: '', max_hops: 0, priority: 0 })), '');
  // Value{numberValue: 0} inside a Struct is written: field 2, fixed64 zero.
  const zero = mre.encodeDeterministic('google.protobuf.Value', { numberValue: 0 });
  assert.equal(hex(zero), '110000000000000000');
  assert.equal(hex(mre.encodeDeterministic('google.protobuf.Value', { stringValue: '' })), '1a00');
  assert.equal(hex(mre.encodeDeterministic('google.protobuf.Value', { boolValue: false })), '2000');
  assert.equal(hex(mre.encodeDeterministic('google.protobuf.Value', { nullValue: 'NULL_VALUE' })), '0800');
  // RetryPolicy.backoff_multiplier = -0.0 has non-zero bits: protobuf-java writes it.
  assert.equal(hex(mre.encodeDeterministic('RetryPolicy', { backoff_multiplier: -0 })), '210000000000000080');
  assert.equal(hex(mre.encodeDeterministic('RetryPolicy', { backoff_multiplier: 0 })), '');
});

test('a set but empty message is written as a zero-length field', () => {
  assert.equal(hex(mre.encodeDeterministic('Intent', { input: {} })), '1a00');
  assert.equal(hex(mre.encodeDeterministic('Intent', {})), '');
});

test('fromJson reads proto3 JSON: Struct, enums, times, durations, camelCase names', () => {
  const plain = mre.fromJson('Step', {
    id: 'a', operation: 'echo', params: { n: 1, s: 'x', l: [true, null], o: {} },
    retry: { maxAttempts: 3, initial_backoff: '1.5s' },
    await_condition: { at: '2030-01-02T03:04:05.000000006+01:00' },
  });
  assert.deepEqual(plain.retry, { max_attempts: 3, initial_backoff: { seconds: '1', nanos: 500000000 } });
  assert.deepEqual(plain.await_condition.at, { seconds: String(Date.UTC(2030, 0, 2, 2, 4, 5) / 1000), nanos: 6 });
  assert.deepEqual(mre.toJson('Step', plain).params, { l: [true, null], n: 1, o: {}, s: 'x' });
  assert.throws(() => mre.fromJson('Step', { ident: 'x' }), /unknown field 'ident'/);
  assert.throws(() => mre.fromJson('Intent', { on_failure: 'FAILURE_MODE_NOPE' }), /unknown FailureMode value/);
  assert.throws(() => mre.fromJson('ReentryCondition', { signal: 'a', expression: 'b' }), /more than one member/);
  assert.throws(() => mre.fromJson('Intent', { input: JSON.parse('{"__proto__": 1}') }), /__proto__/);
});

test('createObject fixes the digests of the intent and context in the header', () => {
  const object = mre.createObject({ intent: intentWith({ b: 2, a: 1 }), context: { labels: { x: 'y' } }, origin: { author: 'me', trust_domain: 'd.example' } });
  const header = mre.decodeHeader(object);
  assert.equal(header.format_version, 2);
  assert.match(header.object_id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(header.initial_intent_digest.equals(mre.intentDigest(object.intent)));
  assert.ok(header.initial_context_digest.equals(mre.contextDigest(object.context)));
  // The same intent written in another key order has the same digest.
  assert.ok(mre.intentDigest(mre.fromJson('Intent', intentWith({ a: 1, b: 2 }))).equals(header.initial_intent_digest));
  // Through bytes and back: same digests, integrity ok.
  const again = mre.decodeObject(mre.encodeObject(object));
  assert.ok(mre.checkIntegrity(again).ok);
  assert.ok(mre.roundTrip(mre.encodeObject(object)).length > 0);
  assert.throws(() => mre.createObject({ intent: { name: 'x' } }), /the plan is empty/);
  assert.throws(() => mre.createObject({ intent: { steps: [{ id: 'a', operation: 'x' }, { id: 'a', operation: 'x' }] } }), /duplicate step id 'a'/);
});

test('PAE and the header digest follow object.proto', () => {
  const p = mre.pae('mre.v1.Header', Buffer.from('ab'));
  assert.equal(hex(p), `${Buffer.from('MREv1').toString('hex')}000000000000000d${Buffer.from('mre.v1.Header').toString('hex')}00000000000000026162`);
  assert.ok(mre.headerDigest(Buffer.from('ab')).equals(createHash('sha256').update(p).digest()));
});
