// Middleware decisions the other tests left open, found by mutation testing
// (scripts/mutants js): onError that passes the request on with next(), an
// async onError that fails, plain node:http without next, the options each
// framework adds, and the exact 401 response. Real servers on 127.0.0.1:0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import express5 from 'express';
import Koa from 'koa';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { HostSignError } from 'wechat-hostsign';
import { hostsign as expressHostsign } from 'wechat-hostsign/express';
import { hostsign as koaHostsign } from 'wechat-hostsign/koa';
import { hostsign as fastifyHostsign } from 'wechat-hostsign/fastify';
import { hostsign as honoHostsign } from 'wechat-hostsign/hono';
import { TOKEN, listen, request, signed } from '../lib/http-cases.mjs';


const UNSIGNED = () => [['Referer', signed().referer], ['X-WECHAT-HOSTSIGN', '{}']];

test('every factory refuses options that are not an object, and an onError that is not a function', async () => {
  for (const factory of [expressHostsign, koaHostsign, honoHostsign]) {
    for (const bad of [undefined, null, 'T', 5, [TOKEN]]) {
      assert.throws(() => factory(bad), (e) => e instanceof HostSignError && /options must be an object/.test(e.message), String(bad));
    }
    for (const onError of [1, 'x', {}, null]) {
      assert.throws(() => factory({ token: TOKEN, onError }), (e) => e instanceof HostSignError && /^hostsign\(\) of wechat-hostsign\/\w+: onError must be a function/.test(e.message));
    }
    assert.equal(typeof factory({ token: TOKEN, onError: undefined }), 'function');
  }
});

test('the default 401: exactly { error, message } as JSON, with its length', async () => {
  const guard = expressHostsign({ token: TOKEN });
  const server = await listen((req, res) => guard(req, res));
  try {
    const r = await request(server.url, { headers: UNSIGNED() });
    assert.equal(r.status, 401);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.text));
    assert.deepEqual(Object.keys(r.json), ['error', 'message']);
    assert.equal(r.json.error, 'UNSIGNED');
    assert.match(r.json.message, /carries no signature/);
  } finally {
    await server.close();
  }
});

test('node:http without next: the result is returned, and onError gets a next it may call', async () => {
  const seen = [];
  const guard = expressHostsign({
    token: TOKEN,
    onError(failure, req, res, next) {
      seen.push(typeof next);
      next(); // a no-op here: there is no next middleware
      res.writeHead(418).end(failure.code);
    },
  });
  const server = await listen((req, res) => {
    const result = guard(req, res);
    if (result.ok) res.writeHead(200).end(req.hostsign.appid);
  });
  try {
    const ok = await request(server.url, { headers: signed().pairs });
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'wx0123456789abcdef');
    const bad = await request(server.url, { headers: UNSIGNED() });
    assert.equal(bad.status, 418);
    assert.equal(bad.text, 'UNSIGNED');
    assert.deepEqual(seen, ['function']);
  } finally {
    await server.close();
  }
});

test('express: an onError that calls next() passes the request on; an async onError that fails reaches the error handler', async () => {
  const app = express5();
  app.use('/pass', expressHostsign({ token: TOKEN, onError: (f, req, res, next) => next() }));
  app.get('/pass', (req, res) => res.json({ passed: true, hostsign: req.hostsign ?? null }));
  app.use('/fail', expressHostsign({ token: TOKEN, onError: async () => Promise.reject(new Error('onError broke')) }));
  app.get('/fail', (req, res) => res.json({ reached: true }));
  app.use((err, req, res, next) => res.status(599).json({ handled: err.message }));
  const server = await listen(app);
  try {
    const pass = await request(server.url + '/pass', { headers: UNSIGNED() });
    assert.equal(pass.status, 200);
    assert.deepEqual(pass.json, { passed: true, hostsign: null });
    const fail = await request(server.url + '/fail', { headers: UNSIGNED() });
    assert.equal(fail.status, 599);
    assert.deepEqual(fail.json, { handled: 'onError broke' });
    // A valid request never calls onError.
    assert.equal((await request(server.url + '/fail', { headers: signed().pairs })).json.reached, true);
  } finally {
    await server.close();
  }
});

test('node:http: an async onError that fails before responding gives a 500, after responding nothing more', async () => {
  const early = expressHostsign({ token: TOKEN, onError: async () => { throw new Error('x'); } });
  const late = expressHostsign({
    token: TOKEN,
    onError: async (f, req, res) => {
      res.writeHead(409).end('answered');
      throw new Error('after the answer');
    },
  });
  const server = await listen((req, res) => (req.url === '/early' ? early : late)(req, res));
  try {
    const a = await request(server.url + '/early', { headers: UNSIGNED() });
    assert.equal(a.status, 500);
    assert.equal(a.text, '');
    const b = await request(server.url + '/late', { headers: UNSIGNED() });
    assert.equal(b.status, 409);
    assert.equal(b.text, 'answered');
  } finally {
    await server.close();
  }
});

test('koa: onError may call next(), set a body, or leave the 401', async () => {
  const app = new Koa();
  const pass = koaHostsign({ token: TOKEN, onError: (f, ctx, next) => next() });
  const body = koaHostsign({ token: TOKEN, onError: (f, ctx) => void (ctx.body = { custom: f.code }) });
  const none = koaHostsign({ token: TOKEN, onError: () => undefined });
  app.use(async (ctx, next) => {
    const guard = { '/pass': pass, '/body': body, '/none': none }[ctx.path];
    await guard(ctx, async () => {
      ctx.body = { reached: true, hostsign: ctx.state.hostsign?.appid ?? null };
      await next();
    });
  });
  const server = await listen(app.callback());
  try {
    assert.deepEqual((await request(server.url + '/pass', { headers: UNSIGNED() })).json, { reached: true, hostsign: null });
    const b = await request(server.url + '/body', { headers: UNSIGNED() });
    assert.equal(b.status, 200);
    assert.deepEqual(b.json, { custom: 'UNSIGNED' });
    const n = await request(server.url + '/none', { headers: UNSIGNED() });
    assert.equal(n.status, 401);
    assert.equal(n.json.error, 'UNSIGNED');
    assert.deepEqual((await request(server.url + '/none', { headers: signed().pairs })).json, { reached: true, hostsign: 'wx0123456789abcdef' });
  } finally {
    await server.close();
  }
  // onError that calls next() into nothing: Koa's own 404, not our 401.
  const bare = new Koa();
  bare.use(koaHostsign({ token: TOKEN, onError: (f, ctx, next) => next() }));
  const server2 = await listen(bare.callback());
  try {
    const r = await request(server2.url + '/x', { headers: UNSIGNED() });
    assert.equal(r.status, 404);
  } finally {
    await server2.close();
  }
});

test('hono: onError may call next() (the handler answers) or return nothing (the 401)', async () => {
  const app = new Hono();
  app.use('/pass', honoHostsign({ token: TOKEN, onError: async (f, c, next) => { await next(); } }));
  app.use('/none', honoHostsign({ token: TOKEN, onError: () => null }));
  const handler = (c) => c.json({ reached: true, hostsign: c.get('hostsign')?.appid ?? null });
  app.get('/pass', handler);
  app.get('/none', handler);
  const get = async (path, headers) => {
    const res = await app.request(path, { headers });
    return { status: res.status, json: await res.json() };
  };
  const unsigned = Object.fromEntries(UNSIGNED());
  assert.deepEqual(await get('/pass', unsigned), { status: 200, json: { reached: true, hostsign: null } });
  const none = await get('/none', unsigned);
  assert.equal(none.status, 401);
  assert.equal(none.json.error, 'UNSIGNED');
  assert.deepEqual(await get('/none', Object.fromEntries(signed().pairs)), { status: 200, json: { reached: true, hostsign: 'wx0123456789abcdef' } });
});

test("fastify: register()'s own options are not options of ours; the plugin is known by its name", async () => {
  const app = Fastify();
  await app.register(fastifyHostsign, { token: TOKEN, prefix: '/x', logLevel: 'warn', logSerializers: {} });
  app.get('/hello', async (req) => ({ appid: req.hostsign.appid }));
  await app.ready();
  try {
    assert.equal(app.hasPlugin('wechat-hostsign'), true);
    assert.match(app.printPlugins(), /wechat-hostsign/);
    // Fastify's own name chain takes the display name (avvio's tree and
    // hasPlugin take plugin-meta's): without it, the function's name.
    assert.equal(app.pluginName, 'fastify -> wechat-hostsign');
    const ok = await app.inject({ url: '/hello', headers: Object.fromEntries(signed().pairs) });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().appid, 'wx0123456789abcdef');
    const bad = await app.inject({ url: '/hello', headers: Object.fromEntries(UNSIGNED()) });
    assert.equal(bad.statusCode, 401);
    assert.deepEqual(Object.keys(bad.json()), ['error', 'message']);
  } finally {
    await app.close();
  }
  // Anything else unknown is still refused.
  const other = Fastify();
  await assert.rejects(other.register(fastifyHostsign, { token: TOKEN, prefixes: '/x' }).ready(), HostSignError);
  await other.close();
});

// Issue 23's audit: the Fastify versions the plugin declares ('4.x || 5.x'
// in its plugin-meta) are what Fastify checks when it is registered; an
// empty range (listed as equivalent once) would let Fastify 3 or 6 load it.
test('fastify: the plugin is refused by a Fastify outside 4.x and 5.x, taken by 4.x and 5.x', async () => {
  for (const [version, taken] of [['3.29.5', false], ['6.0.0', false], ['4.28.1', true], ['5.0.0', true]]) {
    const app = Fastify();
    Object.defineProperty(app, 'version', { get: () => version });
    const registered = app.register(fastifyHostsign, { token: TOKEN }).ready();
    if (taken) await registered;
    else await assert.rejects(registered, (e) => e.code === 'FST_ERR_PLUGIN_VERSION_MISMATCH' && e.message.includes("'4.x || 5.x'"), version);
    await app.close();
  }
});

test('fastify: an onError that sends nothing leaves the 401', async () => {
  const calls = [];
  const app = Fastify();
  await app.register(fastifyHostsign, { token: TOKEN, onError: async (f) => void calls.push(f.code) });
  app.get('/', async () => ({ reached: true }));
  try {
    const r = await app.inject({ url: '/', headers: Object.fromEntries(UNSIGNED()) });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().error, 'UNSIGNED');
    assert.deepEqual(calls, ['UNSIGNED']);
  } finally {
    await app.close();
  }
});

test('fastify: registered twice in one context (two tokens), both hooks run and the request is decorated once', async () => {
  const app = Fastify();
  await app.register(fastifyHostsign, { token: TOKEN });
  await app.register(fastifyHostsign, { token: TOKEN });
  app.get('/', async (req) => ({ appid: req.hostsign.appid }));
  try {
    const r = await app.inject({ url: '/', headers: Object.fromEntries(signed().pairs) });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().appid, 'wx0123456789abcdef');
  } finally {
    await app.close();
  }
});

// Issue 23's audit: `c.finalized → false` in hono.js is not equivalent. When
// onError calls next() on the only matched handler (Hono's not-found answer)
// or sets c.res itself and returns nothing, the context is finalized and
// that response stands; the mutant answered 401 over it.
test('hono: a response onError finalized (next() to the not-found handler, or c.res) is not replaced by the 401', async () => {
  const app = new Hono();
  app.use('/next/*', honoHostsign({ token: TOKEN, onError: async (f, c, next) => { await next(); } }));
  app.use('/teapot/*', honoHostsign({ token: TOKEN, onError: (f, c) => { c.res = new Response('teapot', { status: 418 }); } }));
  const unsigned = Object.fromEntries(UNSIGNED());
  const nothing = await app.request('/next/nothing-here', { headers: unsigned });
  assert.equal(nothing.status, 404);
  const teapot = await app.request('/teapot/x', { headers: unsigned });
  assert.equal(teapot.status, 418);
  assert.equal(await teapot.text(), 'teapot');
});

// fastify.js's decorator was listed as equivalent ("undefined instead of
// null, both no result"; the guard "only saves a shape"): a hook that runs
// before ours sees the decorator's null, and an app that decorated first
// must not make register() fail with FST_ERR_DEC_ALREADY_PRESENT.
test('fastify: request.hostsign is null until verified, and an app that decorated it first can register the plugin', async () => {
  const seen = [];
  const app = Fastify();
  app.addHook('onRequest', async (req) => void seen.push(req.hostsign));
  await app.register(fastifyHostsign, { token: TOKEN });
  app.get('/', async (req) => ({ appid: req.hostsign.appid }));
  try {
    const r = await app.inject({ url: '/', headers: Object.fromEntries(signed().pairs) });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(seen, [null]);
  } finally {
    await app.close();
  }
  const first = Fastify();
  first.decorateRequest('hostsign', null);
  await first.register(fastifyHostsign, { token: TOKEN });
  first.get('/', async (req) => ({ appid: req.hostsign.appid }));
  try {
    const r = await first.inject({ url: '/', headers: Object.fromEntries(signed().pairs) });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().appid, 'wx0123456789abcdef');
  } finally {
    await first.close();
  }
});
