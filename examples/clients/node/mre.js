// A small Node.js client library for MRE nodes, built straight from the .proto files (the product's contract):
// @grpc/proto-loader + @grpc/grpc-js for the calls, protobufjs (what proto-loader builds on) for the exact
// encoding and decoding of objects, headers and entries.
//
// Object shapes: every message is a "plain object" as proto-loader hands it out with
// {keepCase: true, longs: String, enums: String, defaults: false, oneofs: true}: field names as in the .proto
// files (snake_case; protobufjs' bundled google.protobuf.Value uses camelCase members: nullValue, numberValue...),
// 64-bit integers as strings, enums as their names, bytes as Buffers.
//
// The byte-level rules (PAE, HeaderDigest, EntryHash, IntentDigest, ContextDigest) are those of the top comment
// of proto/src/main/proto/mre/v1/object.proto.

import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Where the .proto files are read from: MRE_PROTO_DIR, else the repository's proto module. */
export const PROTO_DIR = path.resolve(process.env.MRE_PROTO_DIR || path.join(HERE, '../../../proto/src/main/proto'));
const PROTO_FILES = ['mre/v1/object.proto', 'mre/v1/entry.proto', 'mre/v1/node.proto', 'mre/v1/federation.proto'];

/** The format version this client writes and reads. */
export const FORMAT_VERSION = 2;

/** An error meant for a user: one line, no stack needed. `reason`/`metadata` come from a node's ErrorInfo. */
export class MreError extends Error {
  constructor(message, { code, reason, metadata, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = 'MreError';
    this.code = code;
    this.reason = reason;
    this.metadata = metadata;
  }
}

if (!fs.existsSync(path.join(PROTO_DIR, PROTO_FILES[0]))) {
  throw new MreError(`cannot find ${PROTO_FILES[0]} under ${PROTO_DIR} (set MRE_PROTO_DIR to the folder holding mre/v1/*.proto)`);
}

// ---------------------------------------------------------------------------------------------------------------
// Loading the contract

/** The proto-loader options used for the gRPC stubs. */
export const LOADER_OPTIONS = Object.freeze({
  keepCase: true, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: [PROTO_DIR],
});

/** proto-loader's package definition (what @grpc/grpc-js builds the service clients from). */
export const packageDefinition = protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS);
const grpcObject = grpc.loadPackageDefinition(packageDefinition);
const ExecutionNodeClient = grpcObject.mre.v1.ExecutionNodeService;
const FederationClient = grpcObject.mre.v1.FederationService;

// The same files loaded the way proto-loader loads them (include folder first, then protobufjs' bundled
// google/protobuf types), so that messages built here and messages proto-loader (de)serializes share one shape.
function loadRoot() {
  const root = new protobuf.Root();
  const bundled = root.resolvePath;
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    const candidate = path.join(PROTO_DIR, target);
    return fs.existsSync(candidate) ? candidate : bundled(origin, target);
  };
  root.loadSync(PROTO_FILES, { keepCase: true });
  root.resolveAll();
  return root;
}

/** The protobufjs Root of the contract. */
export const root = loadRoot();

/** The message types used most. */
export const types = Object.freeze(Object.fromEntries(
  ['ExecutableObject', 'HeaderEnvelope', 'Header', 'Origin', 'Intent', 'Context', 'Memory', 'EntryEnvelope',
    'Entry', 'Signature', 'SignerCertificate', 'ObjectStatus']
    .map((name) => [name, root.lookupType(`mre.v1.${name}`)])));

const STRUCT = root.lookupType('google.protobuf.Struct');
const VALUE = root.lookupType('google.protobuf.Value');
const LIST_VALUE = root.lookupType('google.protobuf.ListValue');
// Member names of google.protobuf.Value by field number (protobufjs' bundled copy names them in camelCase).
const V = Object.fromEntries(VALUE.fieldsArray.map((f) => [f.id, f.name]));
const STRUCT_FIELDS = STRUCT.fieldsArray[0].name;
const LIST_VALUES = LIST_VALUE.fieldsArray[0].name;

// google.rpc.Status and ErrorInfo, to decode a node's error details (grpc-status-details-bin).
const rpcRoot = protobuf.Root.fromJSON({
  nested: {
    rpc: {
      nested: {
        Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
        Status: {
          fields: {
            code: { type: 'int32', id: 1 },
            message: { type: 'string', id: 2 },
            details: { rule: 'repeated', type: 'Any', id: 3 },
          },
        },
        ErrorInfo: {
          fields: {
            reason: { type: 'string', id: 1 },
            domain: { type: 'string', id: 2 },
            metadata: { keyType: 'string', type: 'string', id: 3 },
          },
        },
      },
    },
  },
});
const RPC_STATUS = rpcRoot.lookupType('rpc.Status');
const RPC_ERROR_INFO = rpcRoot.lookupType('rpc.ErrorInfo');

function resolveType(type) {
  if (typeof type === 'string') return root.lookupType(type.startsWith('.') ? type : type.includes('.') ? type : `mre.v1.${type}`);
  return type;
}

const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);

// ---------------------------------------------------------------------------------------------------------------
// Deterministic encoding
//
// What protobuf-java's CodedOutputStream.useDeterministicSerialization() writes, so IntentDigest and
// ContextDigest computed here equal those a Java node computes:
// - fields in field-number order;
// - a singular scalar or enum field without presence is left out when it holds its proto3 default
//   (0, "", empty bytes, false, the enum's 0; for double/float only +0.0: Java tests the raw bits, so -0.0 is written);
// - a field with presence (a oneof member, a proto3 `optional`) is written whenever it is set, default or not
//   (google.protobuf.Value{numberValue: 0} is 0x11 + eight zero bytes, not an empty message);
// - a message field is written whenever it is set, even when empty (zero-length);
// - repeated fields keep their order; numeric repeated fields are packed (proto3);
// - map entries are sorted by key (strings by UTF-16 code units, like Java's String.compareTo; integers
//   numerically; false before true) and each entry always carries both key and value, defaults included.
// protobufjs' own encoder follows Object.keys() order for maps, which puts integer-like keys ("9", "10") first in
// numeric order whatever else they are, so it cannot be used for digests even on pre-sorted objects.

const WIRE_LDELIM = 2;
const tag = (w, id, wireType) => w.uint32(((id << 3) | wireType) >>> 0);

function scalarType(field) {
  return field.resolvedType instanceof protobuf.Enum ? 'enum' : field.type;
}

function wireTypeOf(t) {
  return t === 'enum' ? 0 : protobuf.types.basic[t];
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED_LONG = new Set(['uint64', 'fixed64']);
const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32_TYPES = new Set(['uint32', 'fixed32']);

function toLong(v, unsigned, at) {
  const Long = protobuf.util.Long;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || (unsigned && v < 0)) throw new MreError(`${at}: ${v} is not a valid ${unsigned ? 'unsigned ' : ''}64-bit integer`);
    return Long.fromNumber(v, unsigned);
  }
  if (typeof v === 'bigint') v = v.toString();
  if (typeof v === 'string') {
    if (!/^-?[0-9]+$/.test(v)) throw new MreError(`${at}: '${v}' is not an integer`);
    const l = Long.fromString(v, unsigned);
    const canonical = v.replace(/^(-?)0+(?=\d)/, '$1').replace(/^-0$/, '0');
    if (l.toString() !== canonical) throw new MreError(`${at}: ${v} is out of the ${unsigned ? 'uint64' : 'int64'} range`);
    return l;
  }
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) return Long.fromBits(v.low, v.high, unsigned);
  throw new MreError(`${at}: expected a 64-bit integer, got ${typeof v}`);
}

/** Converts a plain value of a scalar or enum field to what protobufjs' Writer takes; throws on a bad value. */
function scalarValue(field, t, v, at) {
  switch (t) {
    case 'enum': {
      if (typeof v === 'string') {
        const n = field.resolvedType.values[v];
        if (n === undefined) throw new MreError(`${at}: unknown ${field.resolvedType.name} value '${v}' (known: ${Object.keys(field.resolvedType.values).join(', ')})`);
        return n;
      }
      if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) return v;
      throw new MreError(`${at}: expected a ${field.resolvedType.name} name or number`);
    }
    case 'string':
      if (typeof v !== 'string') throw new MreError(`${at}: expected a string, got ${typeof v}`);
      if (!v.isWellFormed()) throw new MreError(`${at}: the string holds a lone UTF-16 surrogate (not valid Unicode)`);
      return v;
    case 'bytes':
      if (typeof v === 'string') return Buffer.from(v, 'base64');
      if (v instanceof Uint8Array) return v;
      throw new MreError(`${at}: expected bytes (a Buffer or base64 text)`);
    case 'bool':
      if (typeof v !== 'boolean') throw new MreError(`${at}: expected true or false`);
      return v;
    case 'double':
    case 'float': {
      const n = typeof v === 'string' ? Number(v) : v;
      if (typeof n !== 'number' || (typeof v === 'string' && Number.isNaN(n) && v !== 'NaN')) throw new MreError(`${at}: expected a number`);
      return n;
    }
    default:
      if (LONG_TYPES.has(t)) return toLong(v, UNSIGNED_LONG.has(t), at);
      if (INT32_TYPES.has(t) || UINT32_TYPES.has(t)) {
        const n = typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : v;
        const ok = Number.isInteger(n) && (INT32_TYPES.has(t) ? n >= -0x80000000 && n <= 0x7fffffff : n >= 0 && n <= 0xffffffff);
        if (!ok) throw new MreError(`${at}: ${JSON.stringify(v)} is not a valid ${t}`);
        return n;
      }
      throw new MreError(`${at}: unsupported field type ${t}`);
  }
}

function isDefault(t, v) {
  switch (t) {
    case 'string': return v === '';
    case 'bytes': return v.length === 0;
    case 'bool': return v === false;
    case 'double':
    case 'float': return v === 0 && !Object.is(v, -0);
    default:
      if (LONG_TYPES.has(t)) return v.isZero();
      return v === 0;
  }
}

function writeScalar(w, t, v) {
  if (t === 'enum') w.int32(v);
  else w[t](v);
}

const sortedFieldsCache = new WeakMap();
function sortedFields(type) {
  let fields = sortedFieldsCache.get(type);
  if (!fields) {
    fields = type.fieldsArray.map((f) => f.resolve()).sort((a, b) => a.id - b.id);
    sortedFieldsCache.set(type, fields);
  }
  return fields;
}

function checkOneofs(type, obj, at) {
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => own(obj, f.name) != null).map((f) => f.name);
    if (set.length > 1) throw new MreError(`${at}: oneof '${oneof.name}' has more than one member set (${set.join(', ')})`);
  }
}

function hasPresence(field) {
  return field.partOf != null || field.options?.proto3_optional === true;
}

function writeMessage(type, obj, w, at) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj instanceof Uint8Array) {
    throw new MreError(`${at}: expected a ${type.name} object`);
  }
  checkOneofs(type, obj, at);
  for (const field of sortedFields(type)) {
    const v = own(obj, field.name);
    if (v == null) continue;
    const where = `${at}.${field.name}`;
    if (field.map) {
      writeMap(field, v, w, where);
    } else if (field.repeated) {
      writeRepeated(field, v, w, where);
    } else if (field.resolvedType instanceof protobuf.Type) {
      tag(w, field.id, WIRE_LDELIM);
      w.fork();
      writeMessage(field.resolvedType, v, w, where);
      w.ldelim();
    } else {
      const t = scalarType(field);
      const value = scalarValue(field, t, v, where);
      if (!hasPresence(field) && isDefault(t, value)) continue;
      tag(w, field.id, wireTypeOf(t));
      writeScalar(w, t, value);
    }
  }
}

function writeRepeated(field, values, w, at) {
  if (!Array.isArray(values)) throw new MreError(`${at}: expected an array`);
  if (values.length === 0) return;
  if (field.resolvedType instanceof protobuf.Type) {
    values.forEach((v, i) => {
      if (v == null) throw new MreError(`${at}[${i}]: null element`);
      tag(w, field.id, WIRE_LDELIM);
      w.fork();
      writeMessage(field.resolvedType, v, w, `${at}[${i}]`);
      w.ldelim();
    });
    return;
  }
  const t = scalarType(field);
  const converted = values.map((v, i) => {
    if (v == null) throw new MreError(`${at}[${i}]: null element`);
    return scalarValue(field, t, v, `${at}[${i}]`);
  });
  if (field.packed && (t === 'enum' || protobuf.types.packed[t] !== undefined)) {
    tag(w, field.id, WIRE_LDELIM);
    w.fork();
    converted.forEach((v) => writeScalar(w, t, v));
    w.ldelim();
  } else {
    converted.forEach((v) => {
      tag(w, field.id, wireTypeOf(t));
      writeScalar(w, t, v);
    });
  }
}

function mapKey(keyType, k, at) {
  if (keyType === 'string') return k;
  if (keyType === 'bool') {
    if (k !== 'true' && k !== 'false') throw new MreError(`${at}: map key '${k}' is not a bool`);
    return k === 'true';
  }
  if (LONG_TYPES.has(keyType)) throw new MreError(`${at}: 64-bit map keys are not supported here`);
  if (!/^-?[0-9]+$/.test(k)) throw new MreError(`${at}: map key '${k}' is not an integer`);
  return Number(k);
}

function compareKeys(keyType) {
  if (keyType === 'string') return (a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0); // UTF-16 code units
  return (a, b) => Number(a.k) - Number(b.k); // integers numerically (unsigned keys cannot be negative); false < true
}

function writeMap(field, obj, w, at) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new MreError(`${at}: expected an object (a map)`);
  const keyType = field.keyType;
  const entries = Object.keys(obj).map((key) => {
    const k = mapKey(keyType, key, at);
    if (keyType === 'string') scalarValue(field, 'string', k, `${at} key`);
    return { key, k };
  });
  entries.sort(compareKeys(keyType));
  const valueIsMessage = field.resolvedType instanceof protobuf.Type;
  const t = valueIsMessage ? null : scalarType(field);
  for (const { key, k } of entries) {
    const v = obj[key];
    const where = `${at}[${JSON.stringify(key)}]`;
    if (v == null) throw new MreError(`${where}: null map value`);
    tag(w, field.id, WIRE_LDELIM);
    w.fork();
    tag(w, 1, wireTypeOf(keyType));
    w[keyType](keyType === 'string' || keyType === 'bool' ? k : scalarValue(field, keyType, k, where));
    if (valueIsMessage) {
      tag(w, 2, WIRE_LDELIM);
      w.fork();
      writeMessage(field.resolvedType, v, w, where);
      w.ldelim();
    } else {
      tag(w, 2, wireTypeOf(t));
      writeScalar(w, t, scalarValue(field, t, v, where));
    }
    w.ldelim();
  }
}

/** The deterministic protobuf encoding of a plain object (or protobufjs message) of `type`. */
export function encodeDeterministic(type, value) {
  const t = resolveType(type);
  const w = protobuf.Writer.create();
  writeMessage(t, value ?? {}, w, t.name);
  return Buffer.from(w.finish());
}

// ---------------------------------------------------------------------------------------------------------------
// Digests (object.proto's byte-level definitions)

const PAE_PREFIX = Buffer.from('MREv1', 'ascii');
const HEADER_TYPE = 'mre.v1.Header';
const ENTRY_TYPE = 'mre.v1.Entry';

function len8(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  parts.forEach((p) => h.update(p));
  return h.digest();
};

const toBuffer = (b) => (b == null ? Buffer.alloc(0) : Buffer.isBuffer(b) ? b : typeof b === 'string' ? Buffer.from(b, 'base64') : Buffer.from(b));

/** PAE(type, body) = "MREv1" || len(type) || type || len(body) || body, lengths 8-byte big-endian. */
export function pae(type, body) {
  const t = Buffer.from(type, 'utf8');
  const b = toBuffer(body);
  return Buffer.concat([PAE_PREFIX, len8(t.length), t, len8(b.length), b]);
}

/** HeaderDigest = SHA-256(PAE("mre.v1.Header", header bytes)). */
export const headerDigest = (headerBytes) => sha256(pae(HEADER_TYPE, headerBytes));

/** EntryHash of an EntryEnvelope: SHA-256(PAE("mre.v1.Entry", entry) || per signature len(key_id) key_id len(sig) sig). */
export function entryHash(envelope) {
  const parts = [pae(ENTRY_TYPE, envelope.entry)];
  for (const s of envelope.signatures ?? []) {
    const keyId = Buffer.from(s.key_id ?? '', 'utf8');
    const sig = toBuffer(s.signature);
    parts.push(len8(keyId.length), keyId, len8(sig.length), sig);
  }
  return sha256(...parts);
}

/** IntentDigest: SHA-256 of the intent's deterministic encoding. */
export const intentDigest = (intent) => sha256(encodeDeterministic(types.Intent, intent ?? {}));

/** ContextDigest: SHA-256 of the context's deterministic encoding. */
export const contextDigest = (context) => sha256(encodeDeterministic(types.Context, context ?? {}));

// ---------------------------------------------------------------------------------------------------------------
// proto3 JSON → plain objects (for hand-written intents: Struct as plain JSON, RFC 3339 times, "1.5s" durations)

const MIN_SECONDS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_SECONDS = 253402300799; // 9999-12-31T23:59:59Z

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function checkKey(k, at) {
  if (k === '__proto__') throw new MreError(`${at}: the key '__proto__' is not supported (protobufjs cannot hold it)`);
}

function valueFromJson(v, at) {
  if (v === null) return { [V[1]]: 'NULL_VALUE' };
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) throw new MreError(`${at}: a Struct number must be finite`);
      return { [V[2]]: v };
    case 'string':
      if (!v.isWellFormed()) throw new MreError(`${at}: the string holds a lone UTF-16 surrogate`);
      return { [V[3]]: v };
    case 'boolean': return { [V[4]]: v };
    case 'object':
      if (Array.isArray(v)) return { [V[6]]: listFromJson(v, at) };
      return { [V[5]]: structFromJson(v, at) };
    default:
      throw new MreError(`${at}: ${typeof v} is not a JSON value`);
  }
}

function structFromJson(obj, at) {
  if (!isPlainObject(obj)) throw new MreError(`${at}: expected a JSON object`);
  const fields = {};
  for (const [k, v] of Object.entries(obj)) {
    checkKey(k, at);
    if (!k.isWellFormed()) throw new MreError(`${at}: a key holds a lone UTF-16 surrogate`);
    fields[k] = valueFromJson(v, `${at}.${k}`);
  }
  return { [STRUCT_FIELDS]: fields };
}

function listFromJson(arr, at) {
  if (!Array.isArray(arr)) throw new MreError(`${at}: expected a JSON array`);
  return { [LIST_VALUES]: arr.map((v, i) => valueFromJson(v, `${at}[${i}]`)) };
}

function timestampFromJson(v, at) {
  if (isPlainObject(v)) return fromMessageJson(root.lookupType('google.protobuf.Timestamp'), v, at);
  const m = typeof v === 'string' && /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(v);
  if (!m) throw new MreError(`${at}: expected an RFC 3339 time such as "2030-01-31T12:00:00Z", got ${JSON.stringify(v)}`);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m.map((x, i) => (i > 0 && i !== 7 && i !== 8 && i !== 9 && x !== undefined ? Number(x) : x));
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // also right for years below 100, unlike Date.UTC
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new MreError(`${at}: ${v} is not a valid time`);
  }
  let seconds = date.getTime() / 1000;
  if (sign) seconds -= (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new MreError(`${at}: ${v} is out of the protobuf Timestamp range (years 1 to 9999)`);
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  const out = {};
  if (seconds !== 0) out.seconds = String(seconds);
  if (nanos !== 0) out.nanos = nanos;
  return out;
}

function durationFromJson(v, at) {
  if (isPlainObject(v)) return fromMessageJson(root.lookupType('google.protobuf.Duration'), v, at);
  const m = typeof v === 'string' && /^(-)?([0-9]+)(?:\.([0-9]{1,9}))?s$/.exec(v);
  if (!m) throw new MreError(`${at}: expected a duration such as "1.5s", got ${JSON.stringify(v)}`);
  const negative = m[1] === '-';
  const seconds = Number(m[2]);
  if (seconds > 315576000000) throw new MreError(`${at}: ${v} is out of the protobuf Duration range`);
  const nanos = m[3] ? Number(m[3].padEnd(9, '0')) : 0;
  const out = {};
  if (seconds !== 0) out.seconds = String(negative ? -seconds : seconds);
  if (nanos !== 0) out.nanos = negative ? -nanos : nanos;
  return out;
}

function scalarFromJson(field, t, v, at) {
  if (t === 'enum') {
    if (typeof v === 'number') {
      const name = field.resolvedType.valuesById[v];
      if (name === undefined) throw new MreError(`${at}: ${v} is not a ${field.resolvedType.name} value`);
      return name;
    }
    scalarValue(field, t, v, at);
    return v;
  }
  if (t === 'bytes') {
    if (typeof v !== 'string') throw new MreError(`${at}: expected base64 text`);
    return Buffer.from(v, 'base64');
  }
  if ((t === 'double' || t === 'float') && typeof v === 'string' && !['NaN', 'Infinity', '-Infinity'].includes(v)) {
    throw new MreError(`${at}: expected a number`);
  }
  const converted = scalarValue(field, t, v, at);
  return LONG_TYPES.has(t) ? converted.toString() : converted;
}

function fieldFromJson(field, v, at) {
  if (field.map) {
    if (!isPlainObject(v)) throw new MreError(`${at}: expected a JSON object (a map)`);
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      checkKey(k, at);
      mapKey(field.keyType, k, at);
      if (x === null) throw new MreError(`${at}.${k}: null map value`);
      out[k] = singleFromJson(field, x, `${at}.${k}`);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(v)) throw new MreError(`${at}: expected a JSON array`);
    return v.map((x, i) => {
      if (x === null) throw new MreError(`${at}[${i}]: null element`);
      return singleFromJson(field, x, `${at}[${i}]`);
    });
  }
  return singleFromJson(field, v, at);
}

function singleFromJson(field, v, at) {
  if (field.resolvedType instanceof protobuf.Type) return fromJson(field.resolvedType, v, at);
  return scalarFromJson(field, scalarType(field), v, at);
}

function fromMessageJson(type, json, at) {
  if (!isPlainObject(json)) throw new MreError(`${at}: expected a JSON object (${type.name})`);
  const byName = new Map();
  for (const f of type.fieldsArray) {
    f.resolve();
    byName.set(f.name, f);
    byName.set(protobuf.util.camelCase(f.name), f);
  }
  const out = {};
  for (const [k, v] of Object.entries(json)) {
    const field = byName.get(k);
    if (!field) {
      const known = [...new Set(type.fieldsArray.map((f) => f.name))].join(', ');
      throw new MreError(`${at}: unknown field '${k}' (${type.name} has: ${known})`);
    }
    if (v === null && field.resolvedType !== VALUE) continue;
    if (own(out, field.name) !== undefined) throw new MreError(`${at}: field '${field.name}' given twice`);
    out[field.name] = fieldFromJson(field, v, `${at}.${k}`);
  }
  checkOneofs(type, out, at);
  return out;
}

/**
 * Converts the proto3 JSON form of a message (field names as in the .proto or lowerCamelCase; Struct/Value as
 * plain JSON; Timestamp as RFC 3339 text; Duration as "1.5s"; enums by name; 64-bit integers as numbers or text;
 * bytes as base64) into the plain-object form this module and proto-loader use. Unknown fields are an error.
 */
export function fromJson(type, json, at) {
  const t = resolveType(type);
  const where = at ?? t.name;
  switch (t.fullName) {
    case '.google.protobuf.Struct': return structFromJson(json, where);
    case '.google.protobuf.Value': return valueFromJson(json, where);
    case '.google.protobuf.ListValue': return listFromJson(json, where);
    case '.google.protobuf.Timestamp': return typeof json === 'string' ? timestampFromJson(json, where) : fromMessageJson(t, json, where);
    case '.google.protobuf.Duration': return typeof json === 'string' ? durationFromJson(json, where) : fromMessageJson(t, json, where);
    default: return fromMessageJson(t, json, where);
  }
}

/** A plain google.protobuf.Struct (or Value / ListValue) back to plain JSON. */
export function structToJson(struct) {
  const out = {};
  for (const [k, v] of Object.entries(struct?.[STRUCT_FIELDS] ?? {})) out[k] = valueToJson(v);
  return out;
}

export function valueToJson(v) {
  if (v == null) return null;
  if (own(v, V[1]) != null) return null;
  if (own(v, V[2]) != null) return v[V[2]];
  if (own(v, V[3]) != null) return v[V[3]];
  if (own(v, V[4]) != null) return v[V[4]];
  if (own(v, V[5]) != null) return structToJson(v[V[5]]);
  if (own(v, V[6]) != null) return (v[V[6]][LIST_VALUES] ?? []).map(valueToJson);
  return null;
}

function durationToString(d) {
  const seconds = BigInt(d?.seconds ?? 0);
  const nanos = d?.nanos ?? 0;
  const negative = seconds < 0n || nanos < 0;
  const abs = (seconds < 0n ? -seconds : seconds).toString();
  const frac = nanos ? `.${String(Math.abs(nanos)).padStart(9, '0').replace(/0+$/, '')}` : '';
  return `${negative ? '-' : ''}${abs}${frac}s`;
}

/**
 * The reverse of fromJson: a plain message of `type` in proto3 JSON form (Struct as plain JSON, RFC 3339 times,
 * "1.5s" durations, enums by name, bytes as base64 — or hex with {bytes: 'hex'}), keeping the .proto field names.
 */
export function toJson(type, plain, { bytes = 'base64' } = {}) {
  const t = resolveType(type);
  switch (t.fullName) {
    case '.google.protobuf.Struct': return structToJson(plain);
    case '.google.protobuf.Value': return valueToJson(plain);
    case '.google.protobuf.ListValue': return (plain?.[LIST_VALUES] ?? []).map(valueToJson);
    case '.google.protobuf.Timestamp': return timestampToString(plain, true);
    case '.google.protobuf.Duration': return durationToString(plain);
    default: break;
  }
  const out = {};
  const one = (field, v) => {
    if (field.resolvedType instanceof protobuf.Type) return toJson(field.resolvedType, v, { bytes });
    if (v instanceof Uint8Array) return Buffer.from(v).toString(bytes);
    return v;
  };
  for (const field of sortedFields(t)) {
    const v = own(plain ?? {}, field.name);
    if (v == null) continue;
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, one(field, x)]));
    else if (field.repeated) out[field.name] = v.map((x) => one(field, x));
    else out[field.name] = one(field, v);
  }
  return out;
}

/** A plain google.protobuf.Timestamp as RFC 3339 text (millisecond precision, or exact), or '' when absent. */
export function timestampToString(ts, exact = false) {
  if (!ts) return '';
  const nanos = ts.nanos ?? 0;
  const d = new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor(nanos / 1e6));
  if (Number.isNaN(d.getTime())) return `${ts.seconds}s`;
  const iso = d.toISOString();
  if (!exact) return iso;
  const frac = nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
  return `${iso.slice(0, 19)}${frac}Z`;
}

// ---------------------------------------------------------------------------------------------------------------
// Objects

/** A new object id: a UUIDv7 in text form (time-ordered), as the Java ObjectIds does. */
export function newObjectId(now = Date.now()) {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The checks a Java node makes before running an intent (IntentValidator), with the same wording. */
export function validateIntent(intent) {
  const steps = intent.steps ?? [];
  const invalid = (m) => new MreError(`invalid intent: ${m}`, { reason: 'INVALID_INTENT' });
  if (steps.length === 0) throw invalid('the plan is empty: an intent needs at least one step');
  const ids = new Set();
  steps.forEach((step, i) => {
    const where = `step ${i + 1}${step.id ? ` ('${step.id}')` : ''}`;
    if (!NAME.test(step.id ?? '')) throw invalid(`${where}: id must be 1-64 letters, digits, '-', '_' or '.'`);
    if (ids.has(step.id)) throw invalid(`duplicate step id '${step.id}'`);
    ids.add(step.id);
    if (!NAME.test(step.operation ?? '')) throw invalid(`${where}: operation must be 1-64 letters, digits, '-', '_' or '.'`);
    if (step.compensation && !NAME.test(step.compensation.operation ?? '')) {
      throw invalid(`${where}: compensation operation must be 1-64 letters, digits, '-', '_' or '.'`);
    }
  });
}

function timestampOf(date) {
  const ms = date instanceof Date ? date.getTime() : Number(date);
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1e6;
  return nanos ? { seconds: String(seconds), nanos } : { seconds: String(seconds) };
}

/**
 * Creates a new object with an empty memory, as the Java ObjectFactory does: a Header {object_id, format_version 2,
 * created_at, origin, initial_intent_digest, initial_context_digest}, deterministically encoded into
 * HeaderEnvelope.header (unsigned). `intent`, `context` and `origin` are in proto3 JSON form (see fromJson).
 * Returns the plain ExecutableObject; encodeObject() turns it into bytes.
 */
export function createObject({ intent, context = {}, origin = {}, objectId = newObjectId(), createdAt = new Date() } = {}) {
  const plainIntent = fromJson(types.Intent, intent ?? {}, 'intent');
  const plainContext = fromJson(types.Context, context ?? {}, 'context');
  const plainOrigin = fromJson(types.Origin, origin ?? {}, 'origin');
  validateIntent(plainIntent);
  const header = {
    object_id: objectId,
    format_version: FORMAT_VERSION,
    created_at: timestampOf(createdAt),
    origin: plainOrigin,
    initial_intent_digest: intentDigest(plainIntent),
    initial_context_digest: contextDigest(plainContext),
  };
  return {
    header: { header: encodeDeterministic(types.Header, header) },
    intent: plainIntent,
    context: plainContext,
    memory: {},
  };
}

/** The deterministic encoding of a whole object. Header and entry bytes are copied as they are. */
export const encodeObject = (object) => encodeDeterministic(types.ExecutableObject, object);

const TO_OBJECT = { longs: String, enums: String, defaults: false, oneofs: true };

/** Decodes bytes as a message of `type` into the plain-object form (bytes stay Buffers). */
export function decode(type, bytes) {
  const t = resolveType(type);
  try {
    return t.toObject(t.decode(toBuffer(bytes)), TO_OBJECT);
  } catch (e) {
    throw new MreError(`bytes are not a valid ${t.fullName.slice(1)}: ${e.message}`, { cause: e });
  }
}

/** Decodes an ExecutableObject. */
export const decodeObject = (bytes) => decode(types.ExecutableObject, bytes);

/** Decodes the object's header bytes. */
export function decodeHeader(object) {
  const bytes = object?.header?.header;
  if (!bytes || bytes.length === 0) throw new MreError('object has no header');
  return decode(types.Header, bytes);
}

/** Decodes each entry envelope's bytes as mre.v1.Entry. */
export const decodeEntries = (object) => (object?.memory?.entries ?? []).map((e) => decode(types.Entry, e.entry));

/**
 * Decodes the whole object with protobufjs and encodes it again with protobufjs' own encoder (not the
 * deterministic one): header and entries are bytes fields, so the signed bytes are copied untouched, while
 * intent, context and signers are re-encoded. A verifier must accept the result.
 */
export function roundTrip(bytes) {
  const plain = decodeObject(bytes);
  const message = types.ExecutableObject.fromObject(plain);
  return Buffer.from(types.ExecutableObject.encode(message).finish());
}

// ---------------------------------------------------------------------------------------------------------------
// Integrity (a light offline check: hash chain, recorded digests, Ed25519 signatures under the carried certificates)

function subjectField(x509, key) {
  const line = x509.subject.split('\n').find((l) => l.startsWith(`${key}=`));
  return line ? line.slice(key.length + 1) : '';
}

/**
 * Checks what can be checked without trust anchors (and, given `anchors` — X509Certificate CA certificates —
 * that each signer certificate is issued by a CA of the signer's domain): seq contiguity, the prev_hash chain,
 * the object id in each entry, the recorded intent/context digests, key ids and signatures. Not a substitute for a
 * node's Verifier (no path validation beyond one issuer, no MUTATE replay). Returns {ok, problems, entries, signatures}.
 */
export function checkIntegrity(object, { anchors = [] } = {}) {
  const problems = [];
  let header;
  try {
    header = decodeHeader(object);
  } catch (e) {
    return { ok: false, problems: [e.message], entries: 0, signatures: 0 };
  }
  if ((header.format_version ?? 0) !== FORMAT_VERSION) problems.push(`format_version ${header.format_version ?? 0} is not ${FORMAT_VERSION}`);
  const signers = new Map();
  for (const s of object.signers ?? []) {
    const chain = s.certificate_chain ?? [];
    if (chain.length === 0) { problems.push(`signer ${s.key_id}: empty certificate chain`); continue; }
    const keyId = sha256(chain[0]).subarray(0, 16).toString('hex');
    if (keyId !== s.key_id) { problems.push(`signer ${s.key_id}: key_id is not the hash of its certificate (${keyId})`); continue; }
    try {
      signers.set(s.key_id, new X509Certificate(chain[0]));
    } catch (e) {
      problems.push(`signer ${s.key_id}: certificate cannot be read: ${e.message}`);
    }
  }
  const verifySigs = (what, bytes, signatures, domain, nodeId) => {
    let valid = 0;
    for (const sig of signatures ?? []) {
      const cert = signers.get(sig.key_id);
      if (!cert) { problems.push(`${what}: signed by unknown key ${sig.key_id}`); continue; }
      if (domain && subjectField(cert, 'O') !== domain) problems.push(`${what}: signer ${sig.key_id} belongs to '${subjectField(cert, 'O')}', not '${domain}'`);
      if (nodeId && subjectField(cert, 'CN') !== nodeId) problems.push(`${what}: claims node '${nodeId}' but is signed by the key of '${subjectField(cert, 'CN')}'`);
      if (anchors.length && !anchors.some((ca) => subjectField(ca, 'O') === subjectField(cert, 'O') && cert.checkIssued(ca) && cert.verify(ca.publicKey))) {
        problems.push(`${what}: signer ${sig.key_id} is not issued by a given anchor of its domain`);
      }
      if (verifySignature(null, pae(what.startsWith('header') ? HEADER_TYPE : ENTRY_TYPE, bytes), cert.publicKey, toBuffer(sig.signature))) valid++;
      else problems.push(`${what}: signature by ${sig.key_id} does not verify`);
    }
    return valid;
  };
  let signatures = verifySigs('header', object.header.header, object.header.signatures, header.origin?.trust_domain);
  const envelopes = object.memory?.entries ?? [];
  let prev = headerDigest(object.header.header);
  let intentD = toBuffer(header.initial_intent_digest);
  let contextD = toBuffer(header.initial_context_digest);
  envelopes.forEach((env, i) => {
    let entry;
    try {
      entry = decode(types.Entry, env.entry);
    } catch (e) {
      problems.push(`entry ${i}: ${e.message}`);
      return;
    }
    const seq = Number(entry.seq ?? 0);
    if (seq !== i) problems.push(`entry ${i}: seq is ${seq}`);
    if ((entry.object_id ?? '') !== header.object_id) problems.push(`entry ${i}: belongs to object ${entry.object_id}`);
    if (!toBuffer(entry.prev_hash).equals(prev)) problems.push(`entry ${i}: prev_hash does not chain to ${i === 0 ? 'the header' : `entry ${i - 1}`}`);
    if ((env.signatures ?? []).length === 0) problems.push(`entry ${i}: unsigned`);
    signatures += verifySigs(`entry ${i}`, env.entry, env.signatures, entry.node?.trust_domain, entry.node?.node_id);
    prev = entryHash(env);
    intentD = toBuffer(entry.intent_digest);
    contextD = toBuffer(entry.context_digest);
  });
  if (!intentD.equals(intentDigest(object.intent ?? {}))) problems.push('the carried intent does not match the last recorded IntentDigest');
  if (!contextD.equals(contextDigest(object.context ?? {}))) problems.push('the carried context does not match the last recorded ContextDigest');
  return { ok: problems.length === 0, problems, entries: envelopes.length, signatures };
}

// ---------------------------------------------------------------------------------------------------------------
// Inspect

const short = (name, prefix) => (name ? String(name).replace(prefix, '') : '');

function compactJson(v, max = 80) {
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function conditionText(c) {
  if (!c) return '';
  if (c.at) return `at ${timestampToString(c.at)}`;
  if (c.after) return `after ${c.after.seconds ?? 0}s`;
  if (c.signal != null) return `signal '${c.signal}'`;
  if (c.expression != null) return `when ${c.expression}`;
  return '?';
}

function detailText(e) {
  const decided = e.decision?.reason ?? '';
  const unlessSaid = (reason) => (reason && reason !== decided ? `: ${reason}` : '');
  const d = [];
  if (e.execute) {
    d.push(`${e.execute.operation ?? ''}${e.execute.compensation ? ' (compensation)' : ''}`);
    if (e.outcome?.output) d.push(`-> ok ${compactJson(structToJson(e.outcome.output))}`);
    if (e.outcome?.error) d.push(`-> error ${e.outcome.error.code ?? ''}: ${e.outcome.error.message ?? ''}${e.outcome.error.retryable ? ' (retryable)' : ''}`);
  }
  if (e.mutate) d.push(`${e.mutate.intent_patch ? 'plan' : 'context'} patch${unlessSaid(e.mutate.reason)}${e.mutate.suggested_by ? ` (suggested by ${e.mutate.suggested_by})` : ''}`);
  if (e.delegate) d.push(`-> ${e.delegate.target?.node_id ?? '?'}@${e.delegate.target?.trust_domain ?? '?'} (${e.delegate.target_address ?? ''})${unlessSaid(e.delegate.reason)}`);
  if (e.dormant) d.push(`${short(e.dormant.cause, 'DORMANT_CAUSE_')} until ${(e.dormant.conditions ?? []).map(conditionText).join(' or ')}${unlessSaid(e.dormant.reason)}`);
  if (e.reenter) d.push(`${conditionText(e.reenter.satisfied)} held`);
  if (e.terminate) d.push(`${short(e.terminate.status, 'TERMINAL_STATUS_')}${unlessSaid(e.terminate.reason)}`);
  return d.join(' ').trim();
}

/** One timeline row per entry: {seq, time, node, action, step, attempt, verdict, reason, detail, advice}. */
export function timeline(object) {
  return decodeEntries(object).map((e) => ({
    seq: Number(e.seq ?? 0),
    time: timestampToString(e.time),
    node: `${e.node?.node_id ?? '?'}@${e.node?.trust_domain ?? '?'}`,
    action: short(e.action ?? 'ACTION_UNSPECIFIED', 'ACTION_'),
    step: e.step_id ?? '',
    attempt: e.attempt ?? 0,
    // VERDICT_UNSPECIFIED: no policy was consulted (a mandatory engine action such as completion or expiry).
    verdict: e.decision?.verdict && e.decision.verdict !== 'VERDICT_UNSPECIFIED' ? short(e.decision.verdict, 'VERDICT_') : '-',
    reason: e.decision?.reason ?? '',
    policies: (e.decision?.judgements ?? []).map((j) => `${j.policy}=${short(j.verdict ?? 'VERDICT_UNSPECIFIED', 'VERDICT_')}`),
    detail: detailText(e),
    advice: (e.advice ?? []).map((a) => `${a.advisor ?? '?'}${a.failed ? ' failed' : ` suggests ${short(a.suggested_action ?? '', 'ACTION_')}`}: ${a.rationale ?? ''}`),
    signals: (e.signals ?? []).map((s) => `${s.name}${s.from_domain ? ` from ${s.from_domain}` : ''}`),
  }));
}

const pad = (s, n) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** A readable report of an object: header, plan, a timeline of its entries and a light integrity check. */
export function inspect(object, { anchors = [] } = {}) {
  const header = decodeHeader(object);
  const intent = object.intent ?? {};
  const lines = [];
  lines.push(`object ${header.object_id}  (format v${header.format_version ?? 0}, created ${timestampToString(header.created_at)} by ${header.origin?.author ?? '?'}@${header.origin?.trust_domain ?? '?'}${(object.header.signatures ?? []).length ? ', header signed' : ''})`);
  lines.push(`intent ${intent.name ?? ''} ${intent.version ?? ''}: ${(intent.steps ?? []).map((s) => `${s.id}(${s.operation})`).join(' -> ')}`);
  const rows = timeline(object);
  if (rows.length === 0) {
    lines.push('memory: empty (not run yet)');
  } else {
    const w = {
      node: Math.max(...rows.map((r) => r.node.length), 11),
      step: Math.max(...rows.map((r) => (r.step ? `${r.step}#${r.attempt}` : '-').length), 4),
    };
    lines.push(`${pad('seq', 4)} ${pad('time', 24)} ${pad('node@domain', w.node)} ${pad('action', 9)} ${pad('step', w.step)} ${pad('verdict', 9)} reason / detail`);
    for (const r of rows) {
      const step = r.step ? `${r.step}#${r.attempt}` : '-';
      const why = [r.reason, r.detail].filter(Boolean).join(' | ');
      lines.push(`${pad(String(r.seq), 4)} ${pad(r.time, 24)} ${pad(r.node, w.node)} ${pad(r.action, 9)} ${pad(step, w.step)} ${pad(r.verdict, 9)} ${why}`);
      if (r.policies.length) lines.push(`${' '.repeat(5)}policies: ${r.policies.join(', ')}`);
      for (const a of r.advice) lines.push(`${' '.repeat(5)}advice: ${a}`);
      if (r.signals.length) lines.push(`${' '.repeat(5)}signals: ${r.signals.join(', ')}`);
    }
  }
  const check = checkIntegrity(object, { anchors });
  lines.push(check.ok
    ? `integrity: ok (hash chain of ${check.entries} entries, ${check.signatures} signatures valid, recorded digests match the carried intent and context${anchors.length ? ', signers issued by the given anchors' : ''})`
    : `integrity: BROKEN: ${check.problems.join('; ')}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// gRPC calls

/** Mutual-TLS credentials from a folder holding ca.crt, client.crt and client.key (PEM). */
export function tlsCredentials(dir) {
  const read = (name) => {
    const file = path.join(dir, name);
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new MreError(`TLS folder ${dir}: cannot read ${name} (${e.code ?? e.message})`);
    }
  };
  return grpc.credentials.createSsl(read('ca.crt'), read('client.key'), read('client.crt'));
}

function credentialsOf(credentials) {
  if (!credentials) return grpc.credentials.createInsecure();
  if (typeof credentials === 'string') return tlsCredentials(credentials);
  return credentials;
}

const STATUS_NAMES = Object.fromEntries(Object.entries(grpc.status).map(([k, v]) => [v, k]));

/** Turns a gRPC error into an MreError carrying the node's ErrorInfo reason and metadata when present. */
export function toMreError(err, target) {
  let reason;
  let metadata;
  const statusDetails = err.metadata?.get?.('grpc-status-details-bin')?.[0];
  if (statusDetails) {
    try {
      const status = RPC_STATUS.decode(statusDetails);
      for (const any of status.details ?? []) {
        if (String(any.type_url).endsWith('google.rpc.ErrorInfo')) {
          const info = RPC_ERROR_INFO.toObject(RPC_ERROR_INFO.decode(any.value));
          reason = info.reason;
          metadata = info.metadata;
        }
      }
    } catch {
      // details we cannot read: keep the status alone
    }
  }
  const codeName = STATUS_NAMES[err.code] ?? String(err.code);
  const details = String(err.details || err.message).replace(/\s*Resolution note:\s*$/, '').replace(/\s+/g, ' ').trim();
  let message = `${target}: ${codeName}: ${details}`;
  if (reason) message += ` [${reason}${metadata && Object.keys(metadata).length ? ` ${Object.entries(metadata).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}]`;
  return new MreError(message, { code: codeName, reason, metadata, cause: err });
}

function unary(Client, target, credentials, method, request, { deadlineMs = 30_000 } = {}) {
  const client = new Client(target, credentialsOf(credentials));
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + deadlineMs }, (err, response) => {
      client.close();
      if (err) reject(toMreError(err, target));
      else resolve(response);
    });
  });
}

/**
 * Submits an object (plain form, e.g. from createObject or decodeObject) to a node at `target` (host:port).
 * `credentials`: a TLS folder path, grpc ChannelCredentials, or nothing for plaintext. Resolves to
 * {object, status}.
 */
export const submit = (target, object, credentials, options) =>
  unary(ExecutionNodeClient, target, credentials, 'Submit', { object }, options);

/** Gets an object a (memory-aware) node holds: {object, status}. */
export const get = (target, objectId, credentials, options) =>
  unary(ExecutionNodeClient, target, credentials, 'Get', { object_id: objectId }, options);

/** What a node is: {node, capabilities, labels, serving, mode, address, plugins}. */
export const describe = (target, credentials, options) =>
  unary(FederationClient, target, credentials, 'Describe', {}, options);

/** A one-line summary of an ObjectStatus. */
export function statusLine(status) {
  if (!status) return 'status: unknown';
  const parts = [`${status.object_id}: ${short(status.lifecycle ?? 'LIFECYCLE_UNSPECIFIED', 'LIFECYCLE_')}`];
  if (status.terminal_status) parts.push(short(status.terminal_status, 'TERMINAL_STATUS_'));
  parts.push(`${status.entries ?? 0} entries`, `${status.hops ?? 0} hops`);
  if (status.next_step_id) parts.push(`next step ${status.next_step_id}`);
  if (status.holder) parts.push(`held by ${status.holder.node_id}@${status.holder.trust_domain}`);
  if ((status.pending ?? []).length) parts.push(`waiting for ${status.pending.map(conditionText).join(' or ')}`);
  return parts.join(', ');
}
