// The patterns README and the docs use to read a result, compiled under
// both tsconfig.json (strict) and tsconfig.loose.json (`strict: false`, as
// many projects have it, Midway's boilerplate among them). Without strictNullChecks,
// TypeScript does not narrow a union on `!result.ok`: the types declare the
// other side's fields as absent so that these still type-check.
import { createVerifier, parseHostSign, parseReferer, verify, type FailureCode, type VerifyResult } from 'wechat-hostsign';

const verifier = createVerifier({ token: 'T' });

// README: `if (!result.ok) return … result.code …`, then the success's fields.
export function onRequest(request: Request): Response {
  const result = verifier.verifyRequest(request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  const appid: string = result.appid;
  const kind: 'develop' | 'devtools' | 'release' = result.version.kind;
  return Response.json({ appid, kind, age: result.age, tokenIndex: result.tokenIndex });
}

// A block after the negated test.
export function block(result: VerifyResult): string {
  if (!result.ok) {
    const code: FailureCode = result.code;
    const message: string = result.message;
    return `${code}: ${message}`;
  }
  return result.noncestr;
}

// The conditional expression of the browser example.
export const text = (result: VerifyResult): string => (result.ok ? `OK ${result.appid}` : `${result.code}: ${result.message}`);

// A comparison with false, and a switch over the codes.
export function compare(result: VerifyResult): number {
  if (result.ok === false) {
    switch (result.code) {
      case 'EXPIRED':
      case 'NOT_YET_VALID':
        return 1;
      default:
        return 2;
    }
  }
  return result.timestamp;
}

// The parsers' results read the same way.
const r = parseReferer('https://servicewechat.com/wx0123456789abcdef/0/page-frame.html');
if (!r.ok) void (r.code satisfies 'MISSING_REFERER' | 'MALFORMED_REFERER');
else void r.appid;
const h = parseHostSign('{}');
if (!h.ok) void h.message;
else void h.timestampText;
const one = verify({}, { token: 'T' });
if (!one.ok) void one.code;

// A success carries no code, a failure no AppID.
declare const success: Extract<VerifyResult, { ok: true }>;
const none: undefined = success.code;
void none;
