// The benchmark Worker: runs a batch of verifications per request so that
// the client can time them (inside workerd the clock stands still while
// JavaScript runs). GET /?impl=package|webcrypto|absent|none&n=N → { ok, n }.
// GET /first → one verify (for cold start). Bundled by run.mjs with the
// conditions wrangler uses (workerd, worker, browser).
import { createVerifier, sign } from 'wechat-hostsign';
import { webCryptoVerifier } from '../lib/handwritten.mjs';
import { requestMix, TOKEN, NOW } from '../lib/mix.mjs';

let state;
function setup() {
  state ??= {
    mix: requestMix(sign),
    verifier: createVerifier({ token: TOKEN }),
    webcrypto: webCryptoVerifier(crypto.subtle, TOKEN),
  };
  return state;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/first') {
      const t = createVerifier({ token: TOKEN });
      const s = sign({ appid: 'wx0123456789abcdef', token: TOKEN, timestamp: NOW - 30 });
      return Response.json({ ok: t.verify(s, NOW).ok });
    }
    const { mix, verifier, webcrypto } = setup();
    const impl = url.searchParams.get('impl');
    const n = Number(url.searchParams.get('n'));
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const q = mix[i % mix.length];
      if (impl === 'absent') {
        // The breakdown's floor: the HostSign is still copied into wasm, which
        // returns at once (no Referer).
        if (verifier.verify({ hostsign: q.hostsign }, NOW).code !== 'MISSING_REFERER') return new Response('misjudged', { status: 500 });
        ok++;
        continue;
      }
      const r = impl === 'package' ? verifier.verify(q, NOW) : impl === 'webcrypto' ? await webcrypto(q.referer, q.hostsign, NOW) : { ok: q.valid };
      if (r.ok !== q.valid) return new Response(`misjudged: ${JSON.stringify(r)}`, { status: 500 });
      ok++;
    }
    return Response.json({ ok, n });
  },
};
