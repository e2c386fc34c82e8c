// The express middleware's onError decisions that the other tests left open,
// found by mutation testing (scripts/mutants js, pkg-template/src/express.js):
// after onError passed the request on with next(), no 401 follows, even when
// the next handler answers later; after onError started a response (headers
// sent, perhaps still streaming), no 401 follows, and if onError then failed,
// nothing more is written (no 500 over it, no end()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import express5 from 'express';
import { hostsign as expressHostsign } from 'wechat-hostsign/express';
import { TOKEN, listen, request, signed } from '../lib/http-cases.mjs';


const UNSIGNED = () => [['Referer', signed().referer], ['X-WECHAT-HOSTSIGN', '{}']];

/** A request without a valid signature, as the middleware reads it. */
const unsignedReq = () => ({ rawHeaders: UNSIGNED().flat() });

/** A response that records what the middleware does to it. */
function recorder({ headersSent = false, writableEnded = false, statusCode = 200 } = {}) {
  const calls = [];
  return {
    calls,
    headersSent,
    writableEnded,
    statusCode,
    setHeader: (k, v) => calls.push(['setHeader', k, v]),
    end: (...a) => calls.push(['end', ...a]),
  };
}

test('express: onError calls next(), the next handler answers later: its answer, no 401', async () => {
  const app = express5();
  app.use(expressHostsign({ token: TOKEN, onError: (f, req, res, next) => next() }));
  app.get('/', async (req, res) => {
    await new Promise((r) => setTimeout(r, 20));
    res.json({ later: true });
  });
  const server = await listen(app);
  try {
    const r = await request(server.url + '/', { headers: UNSIGNED() });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { later: true });
  } finally {
    await server.close();
  }
});

test('onError calls next() and leaves the response open: nothing is written to it', async () => {
  for (const async of [false, true]) {
    const res = recorder();
    let passed = 0;
    const guard = expressHostsign({ token: TOKEN, onError: async ? async (f, req, res2, next) => next() : (f, req, res2, next) => next() });
    const result = guard(unsignedReq(), res, () => passed++);
    assert.equal(result.code, 'UNSIGNED');
    await new Promise((r) => setImmediate(r));
    assert.equal(passed, 1);
    assert.deepEqual(res.calls, [], `async: ${async}`);
    assert.equal(res.statusCode, 200);
  }
});

test('onError that leaves the response alone gets the default 401', async () => {
  for (const async of [false, true]) {
    const res = recorder();
    const guard = expressHostsign({ token: TOKEN, onError: async ? async () => undefined : () => undefined });
    guard(unsignedReq(), res, () => assert.fail('next'));
    await new Promise((r) => setImmediate(r));
    assert.equal(res.statusCode, 401);
    assert.equal(res.calls.at(-1)[0], 'end');
  }
});

test('onError that started a response and returns (still streaming, or ended): no 401 on top of it', async () => {
  for (const state of [{ headersSent: true, writableEnded: false }, { headersSent: true, writableEnded: true }]) {
    for (const async of [false, true]) {
      const res = recorder({ ...state, statusCode: 206 });
      const guard = expressHostsign({ token: TOKEN, onError: async ? async () => undefined : () => undefined });
      guard(unsignedReq(), res, () => assert.fail('next'));
      guard(unsignedReq(), res);
      await new Promise((r) => setImmediate(r));
      const what = JSON.stringify({ ...state, async });
      assert.equal(res.statusCode, 206, what);
      assert.deepEqual(res.calls, [], what);
    }
  }
});

test('onError fails after starting or finishing a response: nothing more is written, without next or after next()', async () => {
  for (const state of [{ headersSent: true, writableEnded: false }, { headersSent: true, writableEnded: true }, { headersSent: false, writableEnded: true }]) {
    for (const withNext of [false, true]) {
      for (const async of [false, true]) {
        const res = recorder({ ...state, statusCode: 206 });
        const onError = (f, req, r, next) => {
          if (withNext) next();
          if (async) return Promise.reject(new Error('late'));
          throw new Error('late');
        };
        const nexts = [];
        const guard = expressHostsign({ token: TOKEN, onError });
        if (withNext) guard(unsignedReq(), res, (...a) => nexts.push(a));
        else guard(unsignedReq(), res);
        await new Promise((r) => setImmediate(r));
        const what = JSON.stringify({ ...state, withNext, async });
        assert.equal(res.statusCode, 206, what);
        assert.deepEqual(res.calls, [], what);
        // next() once, by onError; the error does not follow it.
        if (withNext) assert.deepEqual(nexts, [[]], what);
      }
    }
  }
});

test('onError fails before any response, without next: a bare 500', async () => {
  for (const async of [false, true]) {
    const res = recorder();
    const guard = expressHostsign({ token: TOKEN, onError: async ? async () => { throw new Error('x'); } : () => { throw new Error('x'); } });
    guard(unsignedReq(), res);
    await new Promise((r) => setImmediate(r));
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.calls, [['end']]);
  }
});
