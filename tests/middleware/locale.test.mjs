// Chinese refusals for servers (issue 22): `locale: 'zh-CN'` on
// createVerifier, verify and verifyRequest, and the same option on every
// middleware (Express, Connect-style node:http, Koa, Fastify, Hono, NestJS,
// Egg) answer with the Chinese message of the same reason, the code
// unchanged; English stays the default; any other locale is INVALID_OPTIONS.
//
// The oracle: the English verifier's answer for the same request, mapped to
// its Reason by the core's own table (pkg/dist/reasons.js) and from there to
// the Chinese table (pkg-template/src/reasons-zh.js), so a locale that
// answered the wrong reason, or English, or changed a code, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { createServer } from 'node:http';
import express from 'express';
import Koa from 'koa';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createVerifier, verify, verifyRequest, HostSignError, sign } from 'wechat-hostsign';
import { hostsign as expressHostsign } from 'wechat-hostsign/express';
import { hostsign as koaHostsign } from 'wechat-hostsign/koa';
import { hostsign as fastifyHostsign } from 'wechat-hostsign/fastify';
import { hostsign as honoHostsign } from 'wechat-hostsign/hono';
import egg from 'wechat-hostsign/egg';
import REASONS from '../../pkg/dist/reasons.js';
import { ZH_REASONS, ZH_JOINED_HOSTSIGN } from '../../pkg-template/src/reasons-zh.js';
import nest from '../lib/nest-stub/impl.cjs';
import { APPID, TOKEN, cases, listen, request, signed } from '../lib/http-cases.mjs';

register('../lib/nest-stub/hooks.mjs', import.meta.url);
const { HostSignGuard } = await import(import.meta.resolve('wechat-hostsign/nestjs'));

const english = createVerifier({ token: TOKEN });
const NAME_BY_MESSAGE = new Map(REASONS.map(([name, , message]) => [message, name]));
const CJK = /[\u4e00-\u9fff]/;

/** The Chinese twin of an English failure: same code, the Chinese sentence of the same reason. */
function chinese(failure) {
  const name = NAME_BY_MESSAGE.get(failure.message);
  const message = name === undefined ? ZH_JOINED_HOSTSIGN : ZH_REASONS[name];
  assert.ok(message, `no Chinese message for ${failure.message}`);
  return { ok: false, code: failure.code, message };
}

/** A Node request as a framework hands it: rawHeaders keeps every line. */
const nodeRequest = (pairs) => ({ rawHeaders: pairs.flat(), headers: Object.fromEntries(pairs.map(([k, v]) => [k.toLowerCase(), v])) });

test("createVerifier({ locale: 'zh-CN' }): every refusal in Chinese, the same code; successes unchanged", () => {
  const zh = createVerifier({ token: TOKEN, locale: 'zh-CN' });
  const en = createVerifier({ token: TOKEN, locale: 'en' });
  let refused = 0;
  for (const [name, pairs, expected] of cases()) {
    const request = nodeRequest(pairs);
    const want = english.verifyRequest(request);
    const got = zh.verifyRequest(request);
    assert.deepEqual(en.verifyRequest(request), want, `${name}: locale 'en' is the default`);
    if (expected === 'OK') {
      assert.equal(got.ok, true, name);
      assert.equal(got.appid, APPID);
      continue;
    }
    assert.equal(want.code, expected, name);
    assert.deepEqual(got, chinese(want), name);
    assert.match(got.message, CJK, name);
    assert.ok(!got.message.includes(TOKEN), name);
    refused++;
  }
  assert.ok(refused >= 10);
  // verify() with header values, and a joined X-WECHAT-HOSTSIGN (Fetch Headers).
  const ok = signed();
  const headers = new Headers([['referer', ok.referer], ['x-wechat-hostsign', `${ok.hostsign}, ${ok.hostsign}`]]);
  assert.deepEqual(zh.verifyRequest(headers), chinese(english.verifyRequest(headers)));
  assert.equal(zh.verifyRequest(headers).message, ZH_JOINED_HOSTSIGN);
  assert.deepEqual(zh.verify({ referer: ok.referer, hostsign: '{}' }), chinese(english.verify({ referer: ok.referer, hostsign: '{}' })));
});

test('a pair answered from the verifier’s cache is refused in Chinese too (EXPIRED, NOT_YET_VALID)', () => {
  const zh = createVerifier({ token: TOKEN, locale: 'zh-CN' });
  const s = sign({ appid: APPID, token: TOKEN, timestamp: 1711421951 });
  const headers = { referer: s.referer, hostsign: s.hostsign };
  assert.equal(zh.verify(headers, 1711421951).ok, true); // enters the cache
  for (const [now, code] of [
    [1711421951 - 3600, 'NOT_YET_VALID'],
    [1711421951 + 3600, 'EXPIRED'],
  ]) {
    const got = zh.verify(headers, now);
    assert.equal(got.code, code);
    assert.deepEqual(got, chinese(english.verify(headers, now)));
  }
  assert.match(zh.verify(headers, 1711421951 + 3600).message, /默认 660 秒/);
});

test("the one-shot verify() and verifyRequest() take locale too", () => {
  const forged = signed({ token: 'other' });
  const headers = { referer: forged.referer, hostsign: forged.hostsign };
  const want = chinese(english.verify(headers));
  assert.equal(want.code, 'BAD_SIGNATURE');
  assert.deepEqual(verify(headers, { token: TOKEN, locale: 'zh-CN' }), want);
  assert.deepEqual(verifyRequest(nodeRequest(forged.pairs), { token: TOKEN, locale: 'zh-CN' }), want);
  assert.deepEqual(verify(headers, { token: TOKEN }), english.verify(headers));
  assert.match(want.message, /插件 Token/);
});

test('an unknown locale is INVALID_OPTIONS, everywhere the option is taken', () => {
  for (const locale of ['zh', 'zh-cn', 'zh_CN', 'en-US', 'fr', '', null, 1, true, ['zh-CN']]) {
    const invalid = (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS' && /locale/.test(e.message);
    assert.throws(() => createVerifier({ token: TOKEN, locale }), invalid, String(locale));
    assert.throws(() => verify({}, { token: TOKEN, locale }), invalid, String(locale));
    assert.throws(() => expressHostsign({ token: TOKEN, locale }), invalid, String(locale));
    assert.throws(() => egg({ match: '/api', token: TOKEN, locale }, {}), invalid, String(locale));
  }
});

// Each framework with `locale: 'zh-CN'`: make(options) → a running server with /api/hello guarded.
const FRAMEWORKS = {
  express: (options) => {
    const app = express();
    app.use('/api', expressHostsign(options));
    app.get('/api/hello', (req, res) => res.json({ appid: req.hostsign.appid }));
    return listen(createServer(app));
  },
  'node:http': (options) => {
    const guard = expressHostsign(options);
    return listen((req, res) => {
      if (!guard(req, res).ok) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ appid: req.hostsign.appid }));
    });
  },
  koa: (options) => {
    const app = new Koa();
    app.use(koaHostsign(options));
    app.use((ctx) => {
      ctx.body = { appid: ctx.state.hostsign.appid };
    });
    return listen(app.callback());
  },
  fastify: async (options) => {
    const app = Fastify();
    await app.register(async (api) => {
      await api.register(fastifyHostsign, options);
      api.get('/hello', async (request) => ({ appid: request.hostsign.appid }));
    }, { prefix: '/api' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
  },
  hono: (options) => {
    const app = new Hono();
    app.use('/api/*', honoHostsign(options));
    app.get('/api/hello', (c) => c.json({ appid: c.get('hostsign').appid }));
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => (server.close(r), server.closeAllConnections?.())) }),
      );
    });
  },
};

for (const [name, make] of Object.entries(FRAMEWORKS)) {
  test(`${name}: locale 'zh-CN' answers 401 { error, message } in Chinese, the same codes`, async () => {
    const zh = await make({ token: TOKEN, locale: 'zh-CN' });
    const en = await make({ token: TOKEN });
    try {
      let refused = 0;
      for (const [caseName, headers, expected] of cases()) {
        const [a, b] = [await request(zh.url + '/api/hello', { headers }), await request(en.url + '/api/hello', { headers })];
        if (expected === 'OK') {
          assert.equal(a.status, 200, `${caseName}: ${a.text}`);
          continue;
        }
        assert.equal(a.status, 401, `${caseName}: ${a.text}`);
        assert.equal(a.json.error, expected, caseName);
        assert.equal(a.json.error, b.json.error, caseName);
        const twin = chinese({ code: b.json.error, message: b.json.message });
        assert.deepEqual(a.json, { error: twin.code, message: twin.message }, caseName);
        refused++;
      }
      assert.ok(refused >= 10);
    } finally {
      await zh.close();
      await en.close();
    }
  });
}

test("NestJS: HostSignGuard({ locale: 'zh-CN' }) throws UnauthorizedException with the Chinese message", async () => {
  const guard = new HostSignGuard({ token: TOKEN, locale: 'zh-CN' });
  for (const [caseName, pairs, expected] of cases()) {
    const request = nodeRequest(pairs);
    if (expected === 'OK') {
      assert.equal(await guard.canActivate({ switchToHttp: () => ({ getRequest: () => request }) }), true);
      continue;
    }
    let thrown;
    try {
      await guard.canActivate({ switchToHttp: () => ({ getRequest: () => request }) });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof nest.UnauthorizedException, caseName);
    const twin = chinese(english.verifyRequest(request));
    assert.deepEqual(thrown.getResponse(), { error: twin.code, message: twin.message }, caseName);
  }
});

test("Egg: config.hostsign = { locale: 'zh-CN', … } answers in Chinese", async () => {
  const mw = egg({ match: '/api', ignore: undefined, enable: true, token: TOKEN, locale: 'zh-CN' }, {});
  for (const [caseName, pairs, expected] of cases()) {
    const ctx = { req: nodeRequest(pairs), state: {} };
    await mw(ctx, async () => {});
    if (expected === 'OK') {
      assert.equal(ctx.state.hostsign.ok, true, caseName);
      continue;
    }
    const twin = chinese(english.verifyRequest(ctx.req));
    assert.equal(ctx.status, 401, caseName);
    assert.deepEqual(ctx.body, { error: twin.code, message: twin.message }, caseName);
  }
});
