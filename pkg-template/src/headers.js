// Repeated headers that the runtime has already joined.
//
// A request with two X-WECHAT-HOSTSIGN (or Referer) headers is malformed.
// Node keeps every header line in rawHeaders, so verifyRequest sees the
// repetition exactly there. Fetch's Headers cannot show it: get() returns
// the values joined with ", " (comma, space), and two halves can join into
// valid JSON (`{"noncestr":"…","timestamp":…,"pad":["` + `"],"signature":"…"}`).
// Node's req.headers and many serverless gateways join the same way.
//
// So where a value may be such a join (Fetch Headers, anything with a get(),
// a plain header object) and it contains ", ", it is treated as repeated.
// That never refuses WeChat's own traffic: its Referer cannot contain ", "
// (an exact URL), and its HostSign is compact JSON (`{"noncestr":"<32
// hex>","timestamp":1711421951,"signature":"<40 hex>"}`, every capture from
// iOS, Android, Windows and the developer tools) with no space anywhere.
// What it refuses besides joins: a hand-made HostSign with a space after a
// comma, sent to a server that reads Fetch Headers; `verify()` with the
// value as received, and Node's raw headers, still accept it.
//
// Some gateways join with a bare comma (AWS API Gateway HTTP APIs, payload
// 2.0, and Lambda function URLs): two HostSigns then read as `{…},{…}`, which
// is refused as repeated too (`}` and `{` around a comma, spaces allowed).
// Two halves crafted to join into one valid JSON object with a bare comma
// cannot be told from one header there: only the raw header lines can
// (SECURITY.md).

/** What a joined value reads as: two values, i.e. a repeated header. */
export const JOINED = Object.freeze(['', '']);

/** The failure for a joined X-WECHAT-HOSTSIGN (the code of a repeated one). */
export const JOINED_HOSTSIGN = Object.freeze({
  ok: false,
  code: 'MALFORMED_HOSTSIGN',
  message:
    'The X-WECHAT-HOSTSIGN header appears more than once (this runtime joins repeated headers with ", ", and the compact header WeChat sends never contains a comma followed by a space).',
});

const BARE_JOIN = /\}\s*,\s*\{/;

/** `value`, or JOINED when it is a string that may be two values joined. */
export function unjoined(value) {
  return typeof value === 'string' && (value.includes(', ') || BARE_JOIN.test(value)) ? JOINED : value;
}
