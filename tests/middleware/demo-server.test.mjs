// The demo endpoint of scripts/play (www/server.mjs, /api/*), which runs on
// wechat-hostsign/express over plain node:http: 200 { ok, hello: appid, … }
// or 401 { error, message }.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { checkEndpoint, request, signed } from '../lib/http-cases.mjs';

test('www/server.mjs /api/* answers through the Express middleware', async () => {
  const token = 'demo-test-token';
  process.env.HOSTSIGN_TOKEN = token;
  const { handler } = await import('../../www/server.mjs');
  const server = createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    assert.ok((await checkEndpoint(url + '/api/hello', { token, appidKey: 'hello' })) >= 10);
    const ok = await request(url + '/api/anything', { headers: signed({ token }).pairs });
    assert.equal(ok.json.ok, true);
    assert.equal(ok.json.version.kind, 'release');
    assert.equal(typeof ok.json.age, 'number');
    assert.equal((await request(url + '/')).status, 200, 'the playground page is not guarded');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
