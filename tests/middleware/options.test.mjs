// Option errors and the one HostSignError: whichever way a user loads the
// package (import: node.js; require(): node.cjs, a second copy with its own
// wasm instance), an error thrown by either copy is `instanceof` the class
// of both; and every option error names the function the user called and
// every option it takes, with the likeliest one meant (onerror → onError).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thrown } from '../lib/thrown.mjs';
import { createRequire } from 'node:module';
import * as core from 'wechat-hostsign';

const require = createRequire(import.meta.url);
const cjs = require('wechat-hostsign');
const VERIFIER = ['token', 'tokens', 'maxAge', 'clockSkew', 'appids', 'versions', 'strictAppid'];

test('import and require() load two copies of the core that share one HostSignError', () => {
  assert.notEqual(import.meta.resolve('wechat-hostsign'), 'file://' + require.resolve('wechat-hostsign'), 'two entries (node.js, node.cjs)');
  assert.equal(core.HostSignError, cjs.HostSignError);
  for (const e of [thrown(() => core.createVerifier({})), thrown(() => cjs.createVerifier({}))]) {
    assert.ok(e instanceof core.HostSignError && e instanceof cjs.HostSignError && e instanceof Error);
    assert.equal(e.name, 'HostSignError');
    assert.equal(e.code, 'INVALID_OPTIONS');
  }
  // The class is not a global name anyone can see by accident.
  assert.equal(Object.keys(globalThis).some((k) => /hostsign/i.test(k)), false);
});

// [what the message names, make(options) by import, make(options) by require(), extra options]
const CALLERS = [
  ['createVerifier()', (o) => core.createVerifier(o), (o) => cjs.createVerifier(o), []],
  ['verify()', (o) => core.verify({}, o), (o) => cjs.verify({}, o), ['now']],
  ['verifyRequest()', (o) => core.verifyRequest({}, o), (o) => cjs.verifyRequest({}, o), ['now']],
];
for (const name of ['express', 'koa', 'hono']) {
  const esm = await import(`wechat-hostsign/${name}`);
  const req = require(`wechat-hostsign/${name}`);
  CALLERS.push([`hostsign() of wechat-hostsign/${name}`, (o) => esm.hostsign(o), (o) => req.hostsign(o), ['onError']]);
}
{
  // Egg's middleware factory (options, app): Egg hands it its own match, ignore and enable.
  const esm = await import('wechat-hostsign/egg');
  const req = require('wechat-hostsign/egg');
  CALLERS.push(['the hostsign middleware of wechat-hostsign/egg (config.hostsign)', (o) => esm.default(o, {}), (o) => req.default(o, {}), ['onError']]);
}
{
  const Fastify = (await import('fastify')).default;
  const esm = await import('wechat-hostsign/fastify');
  const req = require('wechat-hostsign/fastify');
  // Fastify's register() rejects later; its ready() carries the plugin's error.
  const viaFastify = (plugin) => async (o) => {
    const app = Fastify();
    try {
      await app.register(plugin, o);
      await app.ready();
    } finally {
      await app.close().catch(() => {});
    }
  };
  CALLERS.push(['the wechat-hostsign/fastify plugin', viaFastify(esm.hostsign), viaFastify(req.hostsign), ['onError']]);
}

/** The error of make(options), sync or async. */
async function errorOf(make, options) {
  try {
    await make(options);
  } catch (e) {
    return e;
  }
  assert.fail(`${JSON.stringify(options)} did not throw`);
}

for (const [who, viaImport, viaRequire, extra] of CALLERS) {
  test(`${who}: an unknown option names the function, every option it takes, and the one meant`, async () => {
    const misspelt = extra.includes('onError') ? { token: 'T', onerror: () => {} } : { token: 'T', max_age: 60 };
    const meant = extra.includes('onError') ? 'onError' : 'maxAge';
    for (const make of [viaImport, viaRequire]) {
      const e = await errorOf(make, misspelt);
      assert.ok(e instanceof core.HostSignError && e instanceof cjs.HostSignError, String(e));
      assert.equal(e.code, 'INVALID_OPTIONS');
      assert.ok(e.message.includes(`; ${who} takes `), e.message);
      assert.ok(e.message.includes(`(did you mean '${meant}'?)`), e.message);
      for (const o of [...VERIFIER, ...extra]) assert.ok(e.message.includes(` ${o}`), `${o} missing from: ${e.message}`);
      // A name close to nothing gets no guess.
      const far = await errorOf(make, { token: 'T', zzzzzzzz: 1 });
      assert.match(far.message, /^Unknown option 'zzzzzzzz'; /);
    }
  });

  test(`${who}: every other option error names the function too`, async () => {
    for (const make of [viaImport, viaRequire]) {
      for (const bad of [{}, { token: '' }, { token: 'T', maxAge: -1 }]) {
        const e = await errorOf(make, bad);
        assert.ok(e instanceof core.HostSignError && e instanceof cjs.HostSignError, String(e));
        if (who !== 'createVerifier()') assert.ok(e.message.startsWith(`${who}: `), e.message);
        assert.ok(!e.message.includes('undefined'), e.message);
      }
    }
  });
}

test('onError must be a function, and the error says which middleware', async () => {
  for (const [who, viaImport, viaRequire, extra] of CALLERS) {
    if (!extra.includes('onError')) continue;
    for (const make of [viaImport, viaRequire]) {
      const e = await errorOf(make, { token: 'T', onError: 'nope' });
      assert.ok(e.message.startsWith(`${who}: onError must be a function`), e.message);
    }
  }
});

test("Egg's own keys beside the options are Egg's, not errors; anything else is", async () => {
  const egg = await import('wechat-hostsign/egg');
  const config = { match: '/api', ignore: undefined, enable: true, token: 'T' };
  assert.equal(typeof egg.default(config, {}), 'function');
  assert.deepEqual(config, { match: '/api', ignore: undefined, enable: true, token: 'T' }, "Egg's config is left as it was");
  assert.throws(() => egg.default({ match: '/api', token: 'T', prefix: '/x' }, {}), /Unknown option 'prefix'/);
  // Koa's own middleware takes no Egg keys.
  assert.throws(() => require('wechat-hostsign/koa').hostsign({ match: '/api', token: 'T' }), /Unknown option 'match'/);
});
