// Each middleware over real HTTP (a server on 127.0.0.1, an ephemeral port,
// no mocked req/res): Express 5 and 4, Connect, plain node:http, Koa,
// Fastify and Hono (on @hono/node-server). Valid → 200 with the AppID;
// missing, malformed, repeated, forged, expired → 401 with the right code;
// onError takes over; bad options throw at construction, never per request.
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
import { HostSignError } from 'wechat-hostsign';
import { hostsign as expressHostsign } from 'wechat-hostsign/express';
import { hostsign as koaHostsign } from 'wechat-hostsign/koa';
import { hostsign as fastifyHostsign } from 'wechat-hostsign/fastify';
import { hostsign as honoHostsign } from 'wechat-hostsign/hono';
import { APPID, TOKEN, checkEndpoint, listen, request, signed } from '../lib/http-cases.mjs';


// onError used by every framework: a 403 with a body of our own, for UNSIGNED only; other failures keep the default 401.
const CUSTOM = { status: 403, body: { custom: true } };

// Each framework: make(options) → a running server with /api/hello guarded, /public not.
const FRAMEWORKS = {
  'express 5': (options) => {
    const app = express5();
    app.get('/public', (req, res) => res.json({ public: true }));
    app.use('/api', expressHostsign(options));
    app.get('/api/hello', (req, res) => res.json({ appid: req.hostsign.appid, version: req.hostsign.version }));
    return listen(createServer(app));
  },
  'express 4': (options) => {
    const app = express4();
    app.get('/public', (req, res) => res.json({ public: true }));
    app.use('/api', expressHostsign(options));
    app.get('/api/hello', (req, res) => res.json({ appid: req.hostsign.appid }));
    return listen(createServer(app));
  },
  connect: (options) => {
    const app = connect();
    const send = (res, body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    app.use('/public', (req, res) => send(res, { public: true }));
    app.use('/api', expressHostsign(options));
    app.use('/api/hello', (req, res) => send(res, { appid: req.hostsign.appid }));
    return listen(createServer(app));
  },
  'node:http': (options) => {
    const guard = expressHostsign(options);
    return listen(
      createServer((req, res) => {
        if (req.url === '/public') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"public":true}');
        // next is optional: the middleware returns the result.
        if (!guard(req, res).ok) return;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ appid: req.hostsign.appid }));
      }),
    );
  },
  koa: (options) => {
    const app = new Koa();
    const guard = koaHostsign(options);
    app.use(async (ctx, next) => {
      if (ctx.path === '/public') return void (ctx.body = { public: true });
      if (ctx.path.startsWith('/api/')) return guard(ctx, next);
      return next();
    });
    app.use((ctx) => {
      if (ctx.path === '/api/hello') ctx.body = { appid: ctx.state.hostsign.appid };
    });
    return listen(createServer(app.callback()));
  },
  fastify: async (options) => {
    const app = Fastify();
    app.get('/public', async () => ({ public: true }));
    await app.register(
      async (api) => {
        await api.register(fastifyHostsign, options);
        api.get('/hello', async (request) => ({ appid: request.hostsign.appid }));
      },
      { prefix: '/api' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
  },
  hono: (options) => {
    const app = new Hono();
    app.get('/public', (c) => c.json({ public: true }));
    app.use('/api/*', honoHostsign(options));
    app.get('/api/hello', (c) => c.json({ appid: c.get('hostsign').appid }));
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(r)) }),
      );
    });
  },
};

// onError per framework: UNSIGNED → 403 { custom: true }; anything else → let the default happen
// (by returning nothing / sending nothing), to prove the fallback is the 401, never a pass.
const ON_ERROR = {
  'express 5': (f, req, res, next) => (f.code === 'UNSIGNED' ? res.status(CUSTOM.status).json(CUSTOM.body) : res.status(401).json({ error: f.code, message: f.message })),
  'express 4': (f, req, res) => (f.code === 'UNSIGNED' ? res.status(CUSTOM.status).json(CUSTOM.body) : res.status(401).json({ error: f.code, message: f.message })),
  connect: (f, req, res) =>
    f.code === 'UNSIGNED'
      ? res.writeHead(CUSTOM.status, { 'content-type': 'application/json' }).end(JSON.stringify(CUSTOM.body))
      : res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: f.code, message: f.message })),
  'node:http': (f, req, res) =>
    f.code === 'UNSIGNED'
      ? res.writeHead(CUSTOM.status, { 'content-type': 'application/json' }).end(JSON.stringify(CUSTOM.body))
      : res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: f.code, message: f.message })),
  koa: (f, ctx) => {
    if (f.code === 'UNSIGNED') {
      ctx.status = CUSTOM.status;
      ctx.body = CUSTOM.body;
    }
  },
  fastify: async (f, request, reply) => {
    if (f.code === 'UNSIGNED') await reply.code(CUSTOM.status).send(CUSTOM.body);
  },
  hono: (f, c) => (f.code === 'UNSIGNED' ? c.json(CUSTOM.body, CUSTOM.status) : undefined),
};

for (const [name, make] of Object.entries(FRAMEWORKS)) {
  test(`${name}: every case over HTTP`, async () => {
    const server = await make({ token: TOKEN });
    try {
      const n = await checkEndpoint(server.url + '/api/hello');
      assert.ok(n >= 10);
      const pub = await request(server.url + '/public');
      assert.equal(pub.status, 200, 'an unguarded route stays open');
      assert.equal(pub.json.public, true);
    } finally {
      await server.close();
    }
  });

  test(`${name}: onError takes over (and other failures still get a 401)`, async () => {
    const calls = [];
    const onError = (f, ...rest) => {
      calls.push(f.code);
      return ON_ERROR[name](f, ...rest);
    };
    const server = await make({ token: TOKEN, onError });
    try {
      const ok = signed();
      const unsigned = await request(server.url + '/api/hello', { headers: [['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', '{}']] });
      assert.equal(unsigned.status, CUSTOM.status, unsigned.text);
      assert.deepEqual(unsigned.json, CUSTOM.body);
      const forged = await request(server.url + '/api/hello', { headers: signed({ token: 'other' }).pairs });
      assert.equal(forged.status, 401, forged.text);
      assert.equal(forged.json.error, 'BAD_SIGNATURE');
      const valid = await request(server.url + '/api/hello', { headers: ok.pairs });
      assert.equal(valid.status, 200);
      assert.equal(valid.json.appid, APPID);
      assert.deepEqual(calls, ['UNSIGNED', 'BAD_SIGNATURE'], 'onError sees each failure, never a success');
    } finally {
      await server.close();
    }
  });

  test(`${name}: bad options throw INVALID_OPTIONS when the middleware is made`, async () => {
    for (const bad of [{}, { token: '' }, { token: TOKEN, maxAge: -1 }, { token: TOKEN, appid: [APPID] }, { token: TOKEN, onError: 'nope' }]) {
      await assert.rejects(
        async () => {
          const server = await make(bad);
          await server.close();
        },
        (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS',
        JSON.stringify(bad),
      );
    }
  });
}

test('the middleware factories throw synchronously (not per request)', () => {
  for (const factory of [expressHostsign, koaHostsign, honoHostsign]) {
    assert.throws(() => factory({}), (e) => e instanceof HostSignError && e.code === 'INVALID_OPTIONS');
    assert.throws(() => factory({ token: 'T', onError: 1 }), HostSignError);
    assert.equal(typeof factory({ token: 'T' }), 'function');
  }
});

test('fastify: the plugin guards only the context it is registered in, and decorates once', async () => {
  const app = Fastify();
  await app.register(async (a) => {
    await a.register(fastifyHostsign, { token: TOKEN });
    a.get('/a/hello', async (req) => ({ appid: req.hostsign.appid }));
  });
  await app.register(async (b) => {
    await b.register(fastifyHostsign, { token: 'another-token' });
    b.get('/b/hello', async (req) => ({ appid: req.hostsign.appid }));
  });
  app.get('/open', async (req) => ({ hostsign: req.hostsign ?? null }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  try {
    const s = signed();
    assert.equal((await request(url + '/a/hello', { headers: s.pairs })).json.appid, APPID);
    assert.equal((await request(url + '/b/hello', { headers: s.pairs })).json.error, 'BAD_SIGNATURE');
    const open = await request(url + '/open');
    assert.equal(open.status, 200);
    assert.equal(open.json.hostsign, null);
  } finally {
    await app.close();
  }
});

test("verifyRequest takes each framework's own request or context (repeated and missing headers included)", async () => {
  const { createVerifier } = await import('wechat-hostsign');
  const verifier = createVerifier({ token: TOKEN });
  const answer = (r) => (r.ok ? [200, { appid: r.appid }] : [401, { error: r.code, message: r.message }]);
  const servers = [];
  // Koa: ctx, then ctx.request.
  for (const pick of [(ctx) => ctx, (ctx) => ctx.request]) {
    const app = new Koa();
    app.use((ctx) => {
      [ctx.status, ctx.body] = answer(verifier.verifyRequest(pick(ctx)));
    });
    servers.push(await listen(createServer(app.callback())));
  }
  // Fastify: request.
  const f = Fastify();
  f.get('/api/hello', async (request, reply) => {
    const [status, body] = answer(verifier.verifyRequest(request));
    return reply.code(status).send(body);
  });
  await f.listen({ port: 0, host: '127.0.0.1' });
  servers.push({ url: `http://127.0.0.1:${f.server.address().port}`, close: () => f.close() });
  // Hono: c, then c.req.
  for (const pick of [(c) => c, (c) => c.req]) {
    const app = new Hono();
    app.get('/api/hello', (c) => {
      const [status, body] = answer(verifier.verifyRequest(pick(c)));
      return c.json(body, status);
    });
    servers.push(
      await new Promise((resolve) => {
        const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
          resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(r)) }),
        );
      }),
    );
  }
  // Express 5: req.
  const e = express5();
  e.get('/api/hello', (req, res) => {
    const [status, body] = answer(verifier.verifyRequest(req));
    res.status(status).json(body);
  });
  servers.push(await listen(createServer(e)));
  try {
    for (const s of servers) assert.ok((await checkEndpoint(s.url + '/api/hello')) >= 10, s.url);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
});
