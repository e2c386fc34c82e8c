// Compiled with `tsc -p tests/types` against the shipped .d.ts (scripts/test).
// Lines marked @ts-expect-error must fail to type-check: if the types grew
// too loose, tsc reports the unused directive and the suite fails.
import {
  CODES,
  createVerifier,
  HostSignError,
  parseHostSign,
  parseReferer,
  sign,
  signature,
  verify,
  verifyRequest,
  type FailureCode,
  type OutcomeCode,
  type Verifier,
  type VerifyResult,
} from 'wechat-hostsign';

const verifier: Verifier = createVerifier({ token: 'T', maxAge: 660, clockSkew: 60, appids: ['wx0123456789abcdef'], versions: ['release'], strictAppid: true });
createVerifier({ tokens: ['new', 'old'], maxAge: null });
createVerifier({ token: 'T', cache: false });
createVerifier({ token: 'T', cache: { size: 4096 } });
// Refusals in Chinese (the same codes).
createVerifier({ token: 'T', locale: 'zh-CN' });
createVerifier({ tokens: ['new', 'old'], locale: 'en' });

const signed = sign({ appid: 'wx0123456789abcdef', token: 'T', version: 3, timestamp: 1711421951 });
const result: VerifyResult = verifier.verify({ referer: signed.referer, hostsign: signed.hostsign }, 1711421960);
if (result.ok) {
  const appid: string = result.appid;
  const n: number | undefined = result.version.kind === 'release' ? result.version.number : undefined;
  const idx: number = result.tokenIndex;
  void [appid, n, idx, result.noncestr, result.timestamp, result.age];
} else {
  const code: FailureCode = result.code;
  const message: string = result.message;
  // @ts-expect-error a failure is never INVALID_OPTIONS (that is thrown)
  const never: 'INVALID_OPTIONS' = result.code;
  void [code, message, never];
}

verifier.verifyRequest(new Request('http://127.0.0.1/'), new Date());
verifier.verifyRequest(new Headers());
verifier.verifyRequest({ rawHeaders: ['Referer', 'x'] });
verifier.verifyRequest({ referer: 'x', 'x-wechat-hostsign': ['a'] });
verify(signed, { token: 'T', now: 1711421960 });
verifyRequest(signed.headers, { token: 'T' });

const sig: string = signature('wx0123456789abcdef', 'n', 1711421951, 'T');
const r = parseReferer(signed.referer, { strictAppid: false });
if (r.ok) void r.version.kind;
const h = parseHostSign(signed.hostsign);
if (h.ok) void h.timestampText;
else void (h.code satisfies 'MISSING_HOSTSIGN' | 'UNSIGNED' | 'MALFORMED_HOSTSIGN');
const codes: readonly OutcomeCode[] = CODES;
try {
  createVerifier({ token: '' });
} catch (e) {
  if (e instanceof HostSignError) {
    const c: 'INVALID_OPTIONS' = e.code;
    void c;
  }
}
void [sig, codes];

// An environment variable, string | undefined, is accepted (an unset one is refused at run time).
createVerifier({ token: process.env.PLUGIN_TOKEN });
// @ts-expect-error token or tokens is required
createVerifier({ maxAge: 60 });
// @ts-expect-error not both token and tokens
createVerifier({ token: 'a', tokens: ['b'] });
// @ts-expect-error locale is 'en' or 'zh-CN'
createVerifier({ token: 'a', locale: 'zh' });
// @ts-expect-error versions are develop, devtools or release
createVerifier({ token: 'a', versions: ['production'] });
// @ts-expect-error maxAge is a number or null
createVerifier({ token: 'a', maxAge: '660' });
// @ts-expect-error cache is a boolean or { size }
createVerifier({ token: 'T', cache: 1024 });
// @ts-expect-error sign needs a token
sign({ appid: 'wx0123456789abcdef' });
// @ts-expect-error now is seconds or a Date
verifier.verify({}, '1711421960');
