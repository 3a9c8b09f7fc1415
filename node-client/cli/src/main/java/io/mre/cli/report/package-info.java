/**
 * What the CLI shows users, as plain records: the timeline of {@code mre inspect}, its stable JSON document
 * ({@code docs/inspect-json.md}), statuses and node descriptions. No generated protobuf type appears here (an
 * architecture test checks it), so the output format does not drift with the wire format.
 */
package io.mre.cli.report;
