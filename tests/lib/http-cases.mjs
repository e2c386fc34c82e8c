// Real HTTP requests against a server on 127.0.0.1, and the cases every
// protected endpoint must answer the same way: valid → 200 with the AppID;
// missing, malformed, repeated, forged, expired → 401 with the right code.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { sign, signature } from 'wechat-hostsign';

export const TOKEN = 'middleware-test-token';
export const APPID = 'wx0123456789abcdef';

/**
 * Listens on 127.0.0.1:0 with a Node server, or with a request handler
 * (a function: a plain handler, an Express app, Koa's callback()); returns
 * { url, close }. close() also ends open connections, so that a hung
 * request (a failure) cannot keep the server open.
 */
export function listen(serverOrHandler) {
  const server = typeof serverOrHandler === 'function' ? createServer(serverOrHandler) : serverOrHandler;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.close(r), server.closeAllConnections())) }),
    );
  });
}

/**
 * One request with full control of the header lines: `headers` is a list of
 * [name, value] pairs, sent as written (a name twice is a repeated header).
 */
export function request(url, { method = 'GET', headers = [], body } = {}) {
  return new Promise((resolve, reject) => {
    // Raw header lines (an array) leave out Host; HTTP/1.1 requires it.
    const raw = [['Host', new URL(url).host], ...headers].flat();
    const req = httpRequest(url, { method, headers: raw, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const now = () => Math.floor(Date.now() / 1000);

/** Header pairs for a request signed with `token` at `timestamp`. */
export function signed({ token = TOKEN, timestamp = now(), appid = APPID, version = 3 } = {}) {
  const s = sign({ appid, token, timestamp, version });
  return { referer: s.referer, hostsign: s.hostsign, pairs: [['Referer', s.referer], ['X-WECHAT-HOSTSIGN', s.hostsign]] };
}

/** The review's reproduction: two X-WECHAT-HOSTSIGN lines that join into a valid one. */
export function joinedHalves(referer, token = TOKEN, timestamp = now()) {
  const sig = signature(APPID, 'abc', String(timestamp), token);
  return [
    ['Referer', referer],
    ['X-WECHAT-HOSTSIGN', `{"noncestr":"abc","timestamp":${timestamp},"pad":["`],
    ['X-WECHAT-HOSTSIGN', `"],"signature":"${sig}"}`],
  ];
}

/** [name, header pairs, expected code or 'OK'] for every case. */
export function cases(token = TOKEN) {
  const ok = signed({ token });
  return [
    ['valid', ok.pairs, 'OK'],
    ['valid, lowercase header names', [['referer', ok.referer], ['x-wechat-hostsign', ok.hostsign]], 'OK'],
    ['missing both', [], 'MISSING_REFERER'],
    ['missing X-WECHAT-HOSTSIGN', [['Referer', ok.referer]], 'MISSING_HOSTSIGN'],
    ['malformed Referer', [['Referer', 'https://evil.example/?https://servicewechat.com/wx0123456789abcdef/3/page-frame.html'], ['X-WECHAT-HOSTSIGN', ok.hostsign]], 'MALFORMED_REFERER'],
    ['malformed HostSign', [['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', '{"noncestr":"x","timestamp":"1"']], 'MALFORMED_HOSTSIGN'],
    ['unsigned', [['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', '{}']], 'UNSIGNED'],
    ['repeated Referer', [['Referer', ok.referer], ['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', ok.hostsign]], 'MALFORMED_REFERER'],
    ['repeated X-WECHAT-HOSTSIGN', [['Referer', ok.referer], ['X-WECHAT-HOSTSIGN', ok.hostsign], ['x-wechat-hostsign', ok.hostsign]], 'MALFORMED_HOSTSIGN'],
    // Two halves that Fetch's Headers join (", ") into valid JSON with a
    // valid signature: a server that reads only the joined value passes it.
    ['repeated X-WECHAT-HOSTSIGN that joins into valid JSON', joinedHalves(ok.referer, token), 'MALFORMED_HOSTSIGN'],
    ['forged (other token)', signed({ token: 'not-the-token' }).pairs, 'BAD_SIGNATURE'],
    ['expired (an hour old)', signed({ token, timestamp: now() - 3600 }).pairs, 'EXPIRED'],
    ['from the future', signed({ token, timestamp: now() + 3600 }).pairs, 'NOT_YET_VALID'],
  ];
}

/**
 * Runs every case against `url`. A success must be 200 with the AppID in the
 * JSON body (`appid`, or `hello` for the demo server); a failure 401 with
 * `{ error: CODE, message }`. `overrides` maps a case's name to what this
 * framework answers instead (each one documented where it is passed).
 */
export async function checkEndpoint(url, { token = TOKEN, appidKey = 'appid', overrides = {} } = {}) {
  let n = 0;
  for (const [name, headers, usual] of cases(token)) {
    // A framework that drops a header before any code of the app sees it
    // (Next.js keeps one of two Referers) answers what it was left with.
    const expected = overrides[name] ?? usual;
    const res = await request(url, { headers });
    if (expected === 'OK') {
      assert.equal(res.status, 200, `${name}: ${res.status} ${res.text}`);
      assert.equal(res.json?.[appidKey], APPID, `${name}: ${res.text}`);
    } else {
      assert.equal(res.status, 401, `${name}: ${res.status} ${res.text}`);
      assert.match(String(res.headers['content-type']), /^application\/json/, name);
      assert.equal(res.json?.error, expected, `${name}: ${res.text}`);
      assert.equal(typeof res.json.message, 'string', name);
      assert.ok(res.json.message.length > 10, name);
      assert.deepEqual(Object.keys(res.json).sort(), ['error', 'message'], name);
      assert.ok(!res.text.includes(token), `${name}: the token leaked`);
    }
    n++;
  }
  return n;
}

/**
 * The routes both NestJS examples serve (examples/nestjs, made by nest new,
 * and examples/nestjs-platforms, on Express and Fastify), checked the same
 * way: the whole result, one field and req.hostsign under
 * @UseGuards(HostSignGuard) and @HostSign(), every case; then /admin, a
 * guard made in place whose onError answers UNSIGNED with its own exception.
 */
export async function checkNestApp(url) {
  for (const route of ['/api/hello', '/api/appid', '/api/req']) assert.ok((await checkEndpoint(url + route)) >= 12, route);
  assert.deepEqual((await request(url + '/api/hello', { headers: signed().pairs })).json, { appid: APPID, version: 'release' });
  const admin = url + '/admin/hello';
  assert.deepEqual((await request(admin, { headers: signed().pairs })).json, { appid: APPID });
  const unsigned = await request(admin, { headers: [['Referer', signed().referer], ['X-WECHAT-HOSTSIGN', '{}']] });
  assert.equal(unsigned.status, 403);
  assert.deepEqual(unsigned.json, { error: 'UNSIGNED', retry: true });
  const forged = await request(admin, { headers: signed({ token: 'forged' }).pairs });
  assert.equal(forged.status, 401);
  assert.equal(forged.json.error, 'BAD_SIGNATURE');
}
