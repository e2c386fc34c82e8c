// The middleware by require() (the CommonJS builds): Express and Fastify over
// real HTTP, and every subpath shares the core of require('wechat-hostsign').
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createServer } = require('node:http');

test('require() of each middleware: one core, one HostSignError', () => {
  const core = require('wechat-hostsign');
  for (const name of ['hono', 'express', 'koa', 'fastify']) {
    const m = require(`wechat-hostsign/${name}`);
    assert.equal(typeof m.hostsign, 'function', name);
    assert.equal(m.default, m.hostsign, name);
    assert.match(require.resolve(`wechat-hostsign/${name}`), new RegExp(`${name}\\.cjs$`));
  }
  assert.throws(() => require('wechat-hostsign/express').hostsign({}), (e) => e instanceof core.HostSignError && e.code === 'INVALID_OPTIONS');
});

test('Express and Fastify by require(), over HTTP', async () => {
  const { sign } = require('wechat-hostsign');
  const express = require('express');
  const Fastify = require('fastify');
  const s = sign({ appid: 'wx0123456789abcdef', token: 'T' });
  const app = express();
  app.use(require('wechat-hostsign/express').hostsign({ token: 'T' }));
  app.get('/', (req, res) => res.json({ appid: req.hostsign.appid }));
  const server = createServer(app);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const f = Fastify();
  await f.register(require('wechat-hostsign/fastify').hostsign, { token: 'T' });
  f.get('/', async (req) => ({ appid: req.hostsign.appid }));
  await f.listen({ port: 0, host: '127.0.0.1' });
  try {
    for (const port of [server.address().port, f.server.address().port]) {
      const ok = await fetch(`http://127.0.0.1:${port}/`, { headers: s.headers });
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).appid, 'wx0123456789abcdef');
      const bad = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(bad.status, 401);
      assert.equal((await bad.json()).error, 'MISSING_REFERER');
    }
  } finally {
    await new Promise((r) => server.close(r));
    await f.close();
  }
});
