// examples/miniprogram/request.js (docs/troubleshooting.md: the header
// missing at start-up): the plugin's retry of a request WeChat sent
// unsigned, against a real server guarded by the package's middleware.
// `wx.request` is played by a stand-in that sends real HTTP requests with
// the headers WeChat would add: unsigned (`{}`) while the base library has
// no signature, signed once it has one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { sign } from 'wechat-hostsign';
import { guardedServer } from '../lib/guarded-server.mjs';
import { requestWithRetry } from '../../examples/miniprogram/request.js';

const TOKEN = 'retry-test-token';
const APPID = 'wx0123456789abcdef';

/** A stand-in for wx: the first `unsignedFor` requests go out unsigned, then signed with `token`. */
function fakeWx({ unsignedFor, token = TOKEN }) {
  const sent = [];
  return {
    sent,
    request({ url, success, fail }) {
      const s = sign({ appid: APPID, token, version: 3 });
      const hs = sent.length < unsignedFor ? '{}' : s.hostsign;
      sent.push(hs);
      const req = httpRequest(url, { headers: { Referer: s.referer, 'X-WECHAT-HOSTSIGN': hs } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => success({ statusCode: res.statusCode, data: JSON.parse(body) }));
      });
      req.on('error', (e) => fail({ errMsg: e.message }));
      req.end();
    },
  };
}

test('an unsigned request is retried, and passes once WeChat has a signature', async () => {
  const s = await guardedServer(TOKEN);
  try {
    const wx = fakeWx({ unsignedFor: 2 });
    const res = await requestWithRetry(wx, { url: s.url }, { delay: 10 });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.data, { appid: APPID });
    assert.equal(wx.sent.length, 3);
    assert.deepEqual(wx.sent.slice(0, 2), ['{}', '{}']);
  } finally {
    await s.close();
  }
});

test('retries stop after `retries`, and other refusals are not retried', async () => {
  const s = await guardedServer(TOKEN);
  try {
    const stuck = fakeWx({ unsignedFor: 99 });
    const res = await requestWithRetry(stuck, { url: s.url }, { retries: 2, delay: 10 });
    assert.equal(res.statusCode, 401);
    assert.equal(res.data.error, 'UNSIGNED');
    assert.equal(stuck.sent.length, 3);
    const forged = fakeWx({ unsignedFor: 0, token: 'another-token' });
    const bad = await requestWithRetry(forged, { url: s.url }, { delay: 10 });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.data.error, 'BAD_SIGNATURE');
    assert.equal(forged.sent.length, 1);
  } finally {
    await s.close();
  }
});
