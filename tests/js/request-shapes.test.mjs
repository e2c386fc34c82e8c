// verifyRequest reads through framework wrappers to the runtime's request
// (the real frameworks are exercised over HTTP in tests/middleware/): here
// the shapes, including ones no dev dependency provides (SvelteKit/Astro's
// event.request), and that a wrapper's own helpers are not trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, sign } from 'wechat-hostsign';

const s = sign({ appid: 'wx0123456789abcdef', token: 'T', timestamp: 1000 });
const v = createVerifier({ token: 'T' });
const fetchReq = () => new Request('http://127.0.0.1/', { headers: s.headers });
const nodeReq = (raw) => ({ rawHeaders: raw, headers: { referer: raw[1] } });

test('wrappers: .raw, .req, .request, nested', () => {
  for (const shape of [
    { raw: fetchReq() }, // Hono's c.req
    { req: { raw: fetchReq() } }, // Hono's c
    { request: fetchReq() }, // SvelteKit / Astro event
    { req: nodeReq(['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign]) }, // Koa ctx
    { raw: nodeReq(['Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign]) }, // Fastify request
  ]) {
    assert.equal(v.verifyRequest(shape, 1000).ok, true, JSON.stringify(Object.keys(shape)));
  }
});

test("a wrapper's helpers are bypassed: Koa-like get() returning '' and a headers object that dropped a duplicate", () => {
  const koaLike = {
    get: () => '', // Koa's ctx.get gives '' for an absent header
    headers: { referer: s.referer, 'x-wechat-hostsign': s.hostsign }, // Node keeps one Referer of two
    req: nodeReq(['Referer', s.referer, 'Referer', s.referer, 'X-WECHAT-HOSTSIGN', s.hostsign]),
  };
  assert.equal(v.verifyRequest(koaLike, 1000).code, 'MALFORMED_REFERER');
  const missing = { get: () => '', headers: {}, req: nodeReq([]) };
  assert.equal(v.verifyRequest(missing, 1000).code, 'MISSING_REFERER');
});

test('plain header objects are not mistaken for wrappers', () => {
  assert.equal(v.verifyRequest({ referer: s.referer, 'x-wechat-hostsign': s.hostsign, raw: 'x', req: 'y' }, 1000).ok, true);
  assert.equal(v.verifyRequest({ headers: { referer: s.referer, 'x-wechat-hostsign': s.hostsign } }, 1000).ok, true);
});
