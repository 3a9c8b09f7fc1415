#!/usr/bin/env bash
# Two organizations, each its own CA and node, and a client of the first that follows an object A -> B -> A.
# docs/operating-a-node.md ("Walkthrough: two organizations") shows these steps; WalkthroughIT runs this file.
# Run it from the repository root. MRE (default ./mre) runs the CLI; W (default: a new temporary folder) holds
# everything; A and B are the two nodes' addresses (on two machines: their host names, issued with --san).
set -euo pipefail
MRE=${MRE:-./mre}
W=${W:-$(mktemp -d)}
A=${A:-127.0.0.1:7443}
B=${B:-127.0.0.1:7444}
HANDLERS=$(ls policy-plugins/example-handlers/target/example-handlers-*.jar | grep -v sources | head -1)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait' EXIT

# --- 1. keys
# Each organization creates its CA and its node's identity; the insurer also issues a client identity (ops).
$MRE keys init --domain insurer.test --node claims-1 --client ops --out $W/insurer/keys
$MRE keys init --domain bureau.test --node bureau-1 --out $W/bureau/keys

# --- 2. trust
# The organizations exchange CA certificates only (ca.crt), never keys. Each trust folder holds its own CA and
# the partner's, one file per domain.
mkdir -p $W/insurer/trust $W/bureau/trust
cp $W/insurer/keys/ca.crt $W/insurer/trust/insurer.test.crt
cp $W/bureau/keys/ca.crt $W/insurer/trust/bureau.test.crt
cp $W/bureau/keys/ca.crt $W/bureau/trust/bureau.test.crt
cp $W/insurer/keys/ca.crt $W/bureau/trust/insurer.test.crt

# --- 3. node.yaml
# Each node: its identity, its trust folder, the other as a peer, its plugins and handlers (the example handlers
# jar), and a trust-domain policy saying whom it works with.
mkdir -p $W/insurer/plugins $W/bureau/plugins
cp $HANDLERS $W/insurer/plugins/
cp $HANDLERS $W/bureau/plugins/
cat > $W/insurer/node.yaml <<EOF
nodeId: claims-1
trustDomain: insurer.test
listen: $A
mode: memory-aware
dataDir: data
identity: {key: keys/claims-1.key, certificate: keys/claims-1.crt}
trustBundle: trust
peers: [$B]
plugins:
  folder: plugins
  policies:
    - name: trust-domain
      settings: {acceptFrom: [insurer.test], delegateTo: [bureau.test]}
  handlers: [{name: claim.register}, {name: payment.transfer}]
EOF
cat > $W/bureau/node.yaml <<EOF
nodeId: bureau-1
trustDomain: bureau.test
listen: $B
mode: memory-aware
dataDir: data
identity: {key: keys/bureau-1.key, certificate: keys/bureau-1.crt}
trustBundle: trust
peers: [$A]
plugins:
  folder: plugins
  policies:
    - name: trust-domain
      settings: {acceptFrom: [insurer.test], delegateTo: [insurer.test]}
  handlers: [{name: fraud.check}]
EOF

# --- 4. start
# Each organization starts its node (on its own machine; here both in the background, logs beside node.yaml).
$MRE node --config $W/insurer/node.yaml > $W/insurer/node.log 2>&1 & pids+=($!)
$MRE node --config $W/bureau/node.yaml > $W/bureau/node.log 2>&1 & pids+=($!)
until $MRE peers --at $A --tls $W/insurer/keys --deadline 2s > /dev/null 2>&1; do sleep 1; done

# --- 5. a client across domains
# The insurer's client folder trusts its own CA (ca.crt). To follow objects to the bureau, add the bureau's CA
# once (it becomes bureau.test.crt in the folder); the same --tls folder then works with both nodes.
$MRE keys init --domain insurer.test --out $W/insurer/keys --partner-ca $W/bureau/keys/ca.crt
$MRE peers --at $B --tls $W/insurer/keys

# --- 6. an object A -> B -> A
# Registered at the insurer, checked for fraud at the bureau, paid back at the insurer. Signed by ops, the client
# key in the keys folder (origin.author is the name in its certificate).
cat > $W/claim.yaml <<EOF
name: claim.settle
input: {policyNumber: P-7, customer: Ada, email: ada@example.test, amount: 1200}
steps:
  - {id: register, operation: claim.register}
  - {id: check, operation: fraud.check, routing: {domain: bureau.test}}
  - {id: pay, operation: payment.transfer, params: {to: Ada}}
origin: {domain: insurer.test}
EOF
$MRE new --intent $W/claim.yaml --out $W/claim.obj --sign-with $W/insurer/keys
ID=$($MRE inspect $W/claim.obj --json | jq -r .objectId)
$MRE submit --to $A --tls $W/insurer/keys $W/claim.obj

# --- 7. follow it and verify it offline
# The object comes back to the insurer and ends there; its history verifies against both organizations' CAs.
until $MRE get --at $A --tls $W/insurer/keys $ID --json 2>/dev/null | jq -e '.status.lifecycle == "TERMINATED"' > /dev/null; do sleep 1; done
$MRE get --at $A --tls $W/insurer/keys $ID --out $W/claim.final.obj
$MRE verify $W/claim.final.obj --trust $W/insurer/trust
