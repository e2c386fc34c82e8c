// When onError itself fails: it throws, it rejects, or it returns nothing
// without answering. In every framework (Hono on @hono/node-server, Express
// 5 and 4, Connect, plain node:http, Koa, Fastify), over real HTTP: the
// request never reaches the handler, the client gets an answer (the
// framework's error answer, or the default 401 when onError did nothing),
// and the server keeps serving (a valid request still gets 200).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import connect from 'connect';
import Koa from 'koa';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { hostsign as expressHostsign } from 'wechat-hostsign/express';
import { hostsign as koaHostsign } from 'wechat-hostsign/koa';
import { hostsign as fastifyHostsign } from 'wechat-hostsign/fastify';
import { hostsign as honoHostsign } from 'wechat-hostsign/hono';
import { APPID, TOKEN, listen, request, signed } from '../lib/http-cases.mjs';


/** request(), failing instead of hanging when no answer comes (a hang guard, not a speed check). */
function answered(url, options) {
  let timer;
  const hang = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000);
  });
  return Promise.race([request(url, options), hang]).finally(() => clearTimeout(timer));
}

const json = (res, status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

// make(options, reached) → a server whose /api/hello is guarded; `reached()` is called by the handler.
// Each framework's own error reporting is silenced (the errors here are on purpose).
const FRAMEWORKS = {
  hono: (options, reached) => {
    const app = new Hono();
    app.onError((err, c) => c.json({ failed: String(err.message) }, 500));
    app.use('/api/*', honoHostsign(options));
    app.get('/api/hello', (c) => (reached(), c.json({ appid: c.get('hostsign').appid })));
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => (server.close(r), server.closeAllConnections())) }),
      );
    });
  },
  'express 5': (options, reached) => {
    const app = express5();
    app.set('env', 'test');
    app.use('/api', expressHostsign(options));
    app.get('/api/hello', (req, res) => (reached(), res.json({ appid: req.hostsign.appid })));
    return listen(createServer(app));
  },
  'express 4': (options, reached) => {
    const app = express4();
    app.set('env', 'test');
    app.use('/api', expressHostsign(options));
    app.get('/api/hello', (req, res) => (reached(), res.json({ appid: req.hostsign.appid })));
    return listen(createServer(app));
  },
  connect: (options, reached) => {
    const app = connect();
    app.use('/api', expressHostsign(options));
    app.use('/api/hello', (req, res) => (reached(), json(res, 200, { appid: req.hostsign.appid })));
    app.use((err, req, res, next) => json(res, 500, { failed: String(err.message) }));
    return listen(createServer(app));
  },
  'node:http': (options, reached) => {
    const guard = expressHostsign(options);
    return listen(
      createServer((req, res) => {
        if (!guard(req, res).ok) return;
        reached();
        json(res, 200, { appid: req.hostsign.appid });
      }),
    );
  },
  koa: (options, reached) => {
    const app = new Koa();
    app.silent = true;
    app.use(koaHostsign(options));
    app.use((ctx) => {
      reached();
      ctx.body = { appid: ctx.state.hostsign.appid };
    });
    return listen(createServer(app.callback()));
  },
  fastify: async (options, reached) => {
    const app = Fastify({ forceCloseConnections: true });
    await app.register(
      async (api) => {
        await api.register(fastifyHostsign, options);
        api.get('/hello', async (req) => (reached(), { appid: req.hostsign.appid }));
      },
      { prefix: '/api' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
  },
};

const BEHAVIOURS = {
  throws: () => {
    throw new Error('onError threw');
  },
  rejects: async () => {
    await null;
    throw new Error('onError rejected');
  },
  'returns nothing': () => undefined,
  'resolves to nothing': async () => undefined,
};

for (const [name, make] of Object.entries(FRAMEWORKS)) {
  for (const [behaviour, onError] of Object.entries(BEHAVIOURS)) {
    test(`${name}: onError ${behaviour} → the request never passes, the server keeps serving`, async () => {
      let handled = 0;
      let called = 0;
      const server = await make({ token: TOKEN, onError: (...args) => (called++, onError(...args)) }, () => handled++);
      try {
        const ok = signed();
        for (const headers of [[['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', '{}']], signed({ token: 'forged' }).pairs, []]) {
          const res = await answered(server.url + '/api/hello', { headers });
          assert.ok(res.status >= 400, `${res.status} ${res.text}`);
          if (behaviour.includes('nothing')) {
            // Nothing answered: the default 401.
            assert.equal(res.status, 401, res.text);
            assert.deepEqual(Object.keys(res.json ?? {}).sort(), ['error', 'message'], res.text);
          } else {
            assert.equal(res.status, 500, res.text);
          }
        }
        assert.equal(called, 3, 'onError saw each failure');
        assert.equal(handled, 0, 'the handler never ran');
        const valid = await answered(server.url + '/api/hello', { headers: ok.pairs });
        assert.equal(valid.status, 200, valid.text);
        assert.equal(valid.json.appid, APPID);
        assert.equal(handled, 1);
      } finally {
        await server.close();
      }
    });
  }
}
