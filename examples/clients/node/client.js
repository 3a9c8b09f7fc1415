#!/usr/bin/env node
// The MRE Node.js client's command line. `node client.js help` lists the commands.
// Exit status: 0 done, 1 failed (one line on stderr; --verbose adds the stack), 2 usage error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';

let mre; // loaded in main(), so that a missing dependency or .proto folder is one clear line

// @grpc/grpc-js sets the TLS server name to the target host even when it is an IP address (127.0.0.1:7443), and
// Node.js then warns (DEP0123) on every connection. The certificate is still checked against the IP address; only
// that one warning is dropped, so that errors stay one line.
const emitWarning = process.emitWarning;
process.emitWarning = function filtered(warning, ...rest) {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? rest[0].code : rest[1];
  if (code === 'DEP0123') return undefined;
  return emitWarning.call(this, warning, ...rest);
};

const USAGE = `usage: node client.js <command> [options]

  create --intent FILE.json --out OBJ [--author NAME] [--domain DOMAIN] [--id ID]
      Create an object (empty memory, unsigned header) from a JSON intent file (see intent.json).
  submit --to HOST:PORT [--tls DIR] OBJ [--out OBJ2]
      Submit an object to a node; print its status and timeline; write the returned object to OBJ2.
  get --at HOST:PORT [--tls DIR] ID [--out OBJ]
      Read back an object a (memory-aware) node holds.
  describe --at HOST:PORT [--tls DIR]
      What a node is: id, domain, capabilities, plugins.
  inspect OBJ [--json] [--trust DIR]
      The object's timeline (seq, time, node@domain, action, step, verdict and reason) and a light
      integrity check (hash chain, digests, signatures; with --trust, signers issued by those CA files).
  roundtrip IN OUT [--deterministic]
      Decode the whole object with protobufjs and encode it again (signed bytes are copied untouched).

  --tls DIR   mutual TLS with DIR/ca.crt (the node's CA), DIR/client.crt and DIR/client.key (a client identity
              the node's CA issued); without it the call is plaintext (a node with clientTls.required: false).
  --verbose   print stack traces on errors.`;

class UsageError extends Error {}

const COMMON = {
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

function parse(args, options, positionals) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (parsed.positionals.length !== positionals.length) {
    throw new UsageError(`expected ${positionals.length ? positionals.join(' ') : 'no arguments'}, got ${parsed.positionals.length ? parsed.positionals.join(' ') : 'none'}`);
  }
  return { ...parsed.values, ...Object.fromEntries(positionals.map((p, i) => [p, parsed.positionals[i]])) };
}

function required(opts, name) {
  if (!opts[name]) throw new UsageError(`--${name} is required`);
  return opts[name];
}

function readFile(file, what) {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new mre.MreError(`cannot read ${what} ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
}

function readObject(file) {
  return mre.decodeObject(readFile(file, 'object file'));
}

function writeObject(file, object) {
  const bytes = mre.encodeObject(object);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, bytes);
  return bytes.length;
}

function credentials(opts) {
  return opts.tls ? mre.tlsCredentials(opts.tls) : undefined;
}

// A hint for the two connection mistakes everyone makes once.
function withHint(e, opts) {
  if (!(e instanceof mre.MreError) || e.code !== 'UNAVAILABLE') return e;
  if (opts.tls && /wrong version number|packet length too long/i.test(e.message)) {
    e.message += ' (the node does not speak TLS here: drop --tls)';
  } else if (!opts.tls) {
    e.message += ' (is the node running there? a node with clientTls.required: true needs --tls DIR)';
  }
  return e;
}

async function call(opts, promise) {
  try {
    return await promise;
  } catch (e) {
    throw withHint(e, opts);
  }
}

const commands = {
  async create(args) {
    const o = parse(args, {
      intent: { type: 'string' }, out: { type: 'string' }, author: { type: 'string' }, domain: { type: 'string' },
      id: { type: 'string' },
    }, []);
    const file = required(o, 'intent');
    const out = required(o, 'out');
    let doc;
    try {
      doc = JSON.parse(readFile(file, 'intent file').toString('utf8'));
    } catch (e) {
      if (e instanceof mre.MreError) throw e;
      throw new mre.MreError(`${file}: not valid JSON: ${e.message}`);
    }
    // The file holds {origin, intent, context}, or just an intent.
    const spec = doc && typeof doc === 'object' && 'intent' in doc ? doc : { intent: doc };
    const unknown = Object.keys(spec).filter((k) => !['origin', 'intent', 'context'].includes(k));
    if (unknown.length) throw new mre.MreError(`${file}: unknown top-level key(s) ${unknown.join(', ')} (expected origin, intent, context)`);
    const origin = { author: os.userInfo().username, ...(spec.origin ?? {}) };
    if (o.author) origin.author = o.author;
    if (o.domain) origin.trust_domain = o.domain;
    let object;
    try {
      object = mre.createObject({ intent: spec.intent, context: spec.context ?? {}, origin, ...(o.id ? { objectId: o.id } : {}) });
    } catch (e) {
      if (e instanceof mre.MreError) e.message = `${file}: ${e.message}`;
      throw e;
    }
    const size = writeObject(out, object);
    const header = mre.decodeHeader(object);
    console.log(`object_id: ${header.object_id}`);
    console.log(`intent_digest: ${header.initial_intent_digest.toString('hex')}`);
    console.log(`context_digest: ${header.initial_context_digest.toString('hex')}`);
    console.log(`header_digest: ${mre.headerDigest(object.header.header).toString('hex')}`);
    console.log(`wrote ${out} (${size} bytes)`);
  },

  async submit(args) {
    const o = parse(args, { to: { type: 'string' }, tls: { type: 'string' }, out: { type: 'string' } }, ['object']);
    const target = required(o, 'to');
    const object = readObject(o.object);
    const before = object.memory?.entries?.length ?? 0;
    const response = await call(o, mre.submit(target, object, credentials(o)));
    console.log(mre.statusLine(response.status));
    console.log(mre.inspect(response.object));
    if (o.out) console.log(`wrote ${o.out} (${writeObject(o.out, response.object)} bytes, ${(response.object.memory?.entries?.length ?? 0) - before} new entries)`);
  },

  async get(args) {
    const o = parse(args, { at: { type: 'string' }, tls: { type: 'string' }, out: { type: 'string' } }, ['id']);
    const response = await call(o, mre.get(required(o, 'at'), o.id, credentials(o)));
    console.log(mre.statusLine(response.status));
    console.log(mre.inspect(response.object));
    if (o.out) console.log(`wrote ${o.out} (${writeObject(o.out, response.object)} bytes)`);
  },

  async describe(args) {
    const o = parse(args, { at: { type: 'string' }, tls: { type: 'string' } }, []);
    const d = await call(o, mre.describe(required(o, 'at'), credentials(o)));
    console.log(`node ${d.node?.node_id}@${d.node?.trust_domain} at ${d.address ?? '?'} (${d.mode ?? '?'}, ${d.serving ? 'serving' : 'not serving'})`);
    console.log(`capabilities: ${(d.capabilities ?? []).join(', ') || '-'}`);
    const labels = Object.entries(d.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    if (labels.length) console.log(`labels: ${labels.join(', ')}`);
    for (const p of d.plugins ?? []) console.log(`plugin ${p.kind} ${p.name} (${p.source})`);
  },

  async inspect(args) {
    const o = parse(args, { json: { type: 'boolean', default: false }, trust: { type: 'string' } }, ['object']);
    const object = readObject(o.object);
    const anchors = o.trust ? loadAnchors(o.trust) : [];
    if (o.json) {
      const asJson = (type, value) => mre.toJson(type, value, { bytes: 'hex' });
      console.log(JSON.stringify({
        header: asJson('Header', mre.decodeHeader(object)),
        intent: asJson('Intent', object.intent ?? {}),
        context: asJson('Context', object.context ?? {}),
        timeline: mre.timeline(object),
        entries: mre.decodeEntries(object).map((e) => asJson('Entry', e)),
        integrity: mre.checkIntegrity(object, { anchors }),
      }, null, 2));
    } else {
      console.log(mre.inspect(object, { anchors }));
    }
  },

  async roundtrip(args) {
    const o = parse(args, { deterministic: { type: 'boolean', default: false } }, ['in', 'out']);
    const input = readFile(o.in, 'object file');
    const output = o.deterministic ? mre.encodeObject(mre.decodeObject(input)) : mre.roundTrip(input);
    fs.writeFileSync(o.out, output);
    const entries = mre.decodeObject(output).memory?.entries?.length ?? 0;
    console.log(`re-encoded ${o.in} (${input.length} bytes) -> ${o.out} (${output.length} bytes, ${entries} entries${output.equals(input) ? ', byte-identical' : ''})`);
  },

  async help() {
    console.log(USAGE);
  },
};

function loadAnchors(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.crt') || f.endsWith('.pem'));
  const anchors = [];
  for (const f of files) {
    const pem = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      anchors.push(new X509Certificate(block));
    }
  }
  if (anchors.length === 0) throw new mre.MreError(`--trust ${dir}: no CA certificate (*.crt, *.pem) found`);
  return anchors;
}

async function main(argv) {
  const [command, ...args] = argv;
  const verbose = args.includes('--verbose');
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  try {
    mre = await import('./mre.js');
  } catch (e) {
    const hint = e.code === 'ERR_MODULE_NOT_FOUND' ? ' (run `npm ci` in this folder first)' : '';
    console.error(`mre-node: cannot load the client: ${e.message}${hint}`);
    return 1;
  }
  const run = commands[command];
  if (!run) {
    console.error(`mre-node: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  try {
    await run(args);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`mre-node ${command}: ${e.message} (see node client.js --help)`);
      return 2;
    }
    console.error(`mre-node ${command}: ${e instanceof mre.MreError ? e.message : `${e.name}: ${e.message}`}`);
    if (verbose) console.error(e.stack);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
