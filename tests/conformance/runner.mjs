// The conformance runner, shared by every runtime's harness. It takes the
// package's API and the case data, runs every case, and returns a verdict
// per case plus the serialized results, which must be byte-identical across
// runtimes. It uses only ECMAScript (and Headers/Request where the runtime
// has them): no I/O, no runtime API, so it runs unchanged everywhere.

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** What a result must be: the whole result when ok, the code (and a message) when not. */
function matches(result, expect) {
  if (expect.ok) return same(result, expect);
  return result !== null && typeof result === 'object' && result.ok === false && result.code === expect.code &&
    typeof result.message === 'string' && result.message.length > 0;
}

function outcome(fn) {
  try {
    return fn();
  } catch (e) {
    return { threw: e && e.name, code: e && e.code, message: e && e.message };
  }
}

/** Whether this runtime's Request keeps a Referer header (browsers drop it: a forbidden header). */
function requestKeepsReferer() {
  try {
    return new Request('http://127.0.0.1/', { headers: { referer: 'https://a.example/' } }).headers.get('referer') === 'https://a.example/';
  } catch {
    return false;
  }
}

/** Fetch Headers holding exactly these values, or null when Headers would reject or normalize them. */
function fetchHeaders(pairs) {
  if (typeof Headers !== 'function') return null;
  try {
    const h = new Headers(pairs);
    for (const [k, v] of pairs) if (h.get(k) !== v) return null;
    return h;
  } catch {
    return null;
  }
}

/**
 * @param api the package's module namespace
 * @param data { cases, signatures, api: { sign, invalidOptions } }
 * @returns {{ total, passed, failed: string[], forms: object, results: string }}
 */
export function run(api, data) {
  const failed = [];
  const results = [];
  const forms = { verify: 0, verifier: 0, plainObject: 0, rawHeaders: 0, event: 0, headers: 0, request: 0 };
  const keepsReferer = requestKeepsReferer();
  let total = 0;
  const check = (name, pass, result) => {
    total++;
    results.push([name, result]);
    if (!pass) failed.push(`${name}: ${JSON.stringify(result)}`);
  };

  // 1. Whole requests (tests/vectors/cases.json) in every form verifyRequest takes.
  for (const c of data.cases) {
    const r = outcome(() => api.verify(c.headers, { ...c.options, now: c.now }));
    forms.verify++;
    const agree = [];
    const v = outcome(() => api.createVerifier(c.options));
    agree.push(['verifier', outcome(() => v.verify(c.headers, c.now))]);
    const pairs = [];
    if (c.headers.referer != null) pairs.push(['Referer', c.headers.referer]);
    if (c.headers.hostsign != null) pairs.push(['X-WeChat-HostSign', c.headers.hostsign]);
    const plain = Object.fromEntries(pairs);
    agree.push(['plainObject', outcome(() => v.verifyRequest(plain, c.now))]);
    agree.push(['rawHeaders', outcome(() => v.verifyRequest({ rawHeaders: pairs.flat(), headers: {} }, c.now))]);
    // An API gateway's event (Tencent SCF, AWS): every value in multiValueHeaders.
    const multi = Object.fromEntries(pairs.map(([k, value]) => [k.toLowerCase(), [value]]));
    agree.push(['event', outcome(() => v.verifyRequest({ headers: plain, multiValueHeaders: multi }, c.now))]);
    const h = fetchHeaders(pairs);
    if (h) {
      agree.push(['headers', outcome(() => v.verifyRequest(h, c.now))]);
      if (keepsReferer) agree.push(['request', outcome(() => v.verifyRequest(new Request('http://127.0.0.1/', { headers: h }), c.now))]);
    }
    // Header maps (a plain object, Headers, Request) may hold a repeated
    // header joined with ", ": there a value with ", " counts as repeated.
    const joined = (x) => (typeof x === 'string' && x.includes(', ') ? [x, x] : x);
    const mapped = joined(c.headers.referer) !== c.headers.referer || joined(c.headers.hostsign) !== c.headers.hostsign
      ? outcome(() => api.verify({ referer: joined(c.headers.referer), hostsign: joined(c.headers.hostsign) }, { ...c.options, now: c.now }))
      : null;
    let pass = matches(r, c.expect);
    for (const [form, other] of agree) {
      forms[form]++;
      const map = mapped !== null && (form === 'plainObject' || form === 'headers' || form === 'request');
      if (map ? !(other.ok === false && mapped.ok === false && other.code === mapped.code) : !same(other, r)) {
        pass = false;
        failed.push(`${c.name} (${form}) differs: ${JSON.stringify(other)}`);
      }
    }
    check(`case: ${c.name}`, pass, r);
  }

  // 2. Signatures (tests/vectors/signature.json), JavaScript sort order included.
  data.signatures.forEach((s, i) => {
    const r = outcome(() => api.signature(s.appid, s.noncestr, s.timestamp, s.token));
    check(`signature #${i}`, r === s.signature, r);
  });

  // 3. sign() known answers, and each signed pair verifies.
  data.api.sign.forEach((c, i) => {
    const r = outcome(() => api.sign(c.options));
    const e = c.expect;
    const ok = r.referer === e.referer && r.hostsign === e.hostsign && r.signature === e.signature;
    const back = outcome(() => api.verify(r, { token: c.options.token, strictAppid: c.options.strictAppid, maxAge: null, clockSkew: 2 ** 53, now: 1711421951 }));
    const appidOk = back.ok === true && back.appid === c.options.appid;
    check(`sign #${i}`, ok && appidOk, { sign: r, verify: back });
  });

  // 4. Options that must throw HostSignError with code INVALID_OPTIONS.
  data.api.invalidOptions.forEach((o, i) => {
    const r = outcome(() => api.createVerifier(o));
    check(`invalid options #${i}`, r.threw === 'HostSignError' && r.code === 'INVALID_OPTIONS', r);
  });

  // 5. The parsers over every case's headers (no expectation here beyond a
  // well-formed result: their values are compared across runtimes).
  data.cases.forEach((c, i) => {
    const r = [outcome(() => api.parseReferer(c.headers.referer, { strictAppid: c.options.strictAppid ?? true })), outcome(() => api.parseHostSign(c.headers.hostsign))];
    check(`parse #${i}`, r.every((x) => typeof x.ok === 'boolean'), r);
  });

  // 6. A repeated header that Fetch joins into one value (the review's
  // reproduction: two halves that join into valid JSON with a valid
  // signature) is refused through Headers and Request, as it is through
  // Node's rawHeaders; WeChat's compact header still verifies.
  if (typeof Headers === 'function') {
    const ts = 1711421951;
    const appid = 'wx0123456789abcdef';
    const referer = `https://servicewechat.com/${appid}/3/page-frame.html`;
    const sig = api.signature(appid, 'abc', String(ts), 'T');
    const halves = [`{"noncestr":"abc","timestamp":${ts},"pad":["`, `"],"signature":"${sig}"}`];
    const v = api.createVerifier({ token: 'T' });
    const joinedHeaders = new Headers([['referer', referer], ['x-wechat-hostsign', halves[0]], ['x-wechat-hostsign', halves[1]]]);
    const results = [
      ['joined: Headers', outcome(() => v.verifyRequest(joinedHeaders, ts))],
      ['joined: rawHeaders', outcome(() => v.verifyRequest({ rawHeaders: ['Referer', referer, 'X-WECHAT-HOSTSIGN', halves[0], 'X-WECHAT-HOSTSIGN', halves[1]] }, ts))],
      // What the join gives, passed as the one value it is: valid.
      ['joined value through verify()', outcome(() => v.verify({ referer, hostsign: joinedHeaders.get('x-wechat-hostsign') }, ts))],
    ];
    // Through a Request where the runtime keeps a Referer (browsers drop it):
    // it must answer as Headers did (compared here, not recorded, so that
    // the recorded results stay the same in every runtime).
    if (keepsReferer) {
      const viaRequest = outcome(() => v.verifyRequest(new Request('http://127.0.0.1/', { headers: joinedHeaders }), ts));
      if (!same(viaRequest, results[0][1])) failed.push(`joined: Request differs from Headers: ${JSON.stringify(viaRequest)}`);
    }
    const real = api.sign({ appid, token: 'T', timestamp: ts, noncestr: '0123456789abcdef0123456789abcdef', version: 3 });
    results.push(['compact header: Headers', outcome(() => v.verifyRequest(new Headers(real.headers), ts))]);
    const twoReferers = new Headers([['referer', referer], ['referer', referer], ['x-wechat-hostsign', real.hostsign]]);
    results.push(['joined Referer: Headers', outcome(() => v.verifyRequest(twoReferers, ts))]);
    for (const [name, r] of results) {
      const want = name.startsWith('compact') || name.startsWith('joined value')
        ? r.ok === true
        : r.ok === false && r.code === (name.includes('Referer') ? 'MALFORMED_REFERER' : 'MALFORMED_HOSTSIGN') && /more than once/.test(r.message);
      check(name, want, r);
    }
  }

  // 7. sign() without a noncestr draws one from the runtime's random source
  // (Node 18 has no global crypto; its require() build once failed here).
  // Only the verdict is recorded: the nonces differ by design.
  {
    const opts = { appid: 'wx0123456789abcdef', token: 'T', timestamp: 1711421951 };
    const [a, b] = [outcome(() => api.sign(opts)), outcome(() => api.sign(opts))];
    const nonce = (r) => outcome(() => JSON.parse(r.hostsign).noncestr);
    const back = outcome(() => api.verify(a, { token: 'T', now: 1711421951 }));
    const fine = /^[0-9a-f]{32}$/.test(nonce(a)) && /^[0-9a-f]{32}$/.test(nonce(b)) && nonce(a) !== nonce(b) && back.ok === true;
    total++;
    results.push(['sign with a random nonce', fine]);
    if (!fine) failed.push(`sign with a random nonce: ${JSON.stringify([a, b, back])}`);
  }

  return { total, passed: total - failed.length, failed, forms, results: JSON.stringify(results) };
}
