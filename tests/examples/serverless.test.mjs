// examples/cloudbase and examples/scf: serverless handlers whose request is
// an event with `headers`. Each runs behind a small local gateway on
// 127.0.0.1 that turns real HTTP requests into the event shapes gateways
// send, and the handler's integration response back into HTTP; every case
// must come out as from a server: names in lower case (CloudBase), names as
// sent, a repeated header joined with ", ", or shown once in `headers` with
// every value in `multiValueHeaders` (API gateways that send them, as SCF's
// and AWS's do). The handlers load the package by require().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { TOKEN, checkEndpoint } from '../lib/http-cases.mjs';

process.env.PLUGIN_TOKEN = TOKEN;
const require = createRequire(import.meta.url);
const HANDLERS = {
  'CloudBase HTTP cloud function (examples/cloudbase, exports.main)': require('../../examples/cloudbase/index.js').main,
  'Tencent SCF behind API Gateway (examples/scf, exports.main_handler)': require('../../examples/scf/index.js').main_handler,
};

/** [name, value] pairs of a request, as received. */
const pairsOf = (req) => Array.from({ length: req.rawHeaders.length / 2 }, (_, i) => [req.rawHeaders[2 * i], req.rawHeaders[2 * i + 1]]);

// How a gateway puts the headers into the event.
const SHAPES = {
  'names in lower case, a repeated header joined': (pairs) => {
    const headers = {};
    for (const [k, v] of pairs) headers[k.toLowerCase()] = k.toLowerCase() in headers ? `${headers[k.toLowerCase()]}, ${v}` : v;
    return { headers };
  },
  'names as sent, a repeated header joined': (pairs) => {
    const headers = {};
    for (const [k, v] of pairs) headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
    return { headers };
  },
  'headers with the last value, multiValueHeaders with all': (pairs) => {
    const headers = {};
    const multiValueHeaders = {};
    for (const [k, v] of pairs) {
      headers[k.toLowerCase()] = v;
      (multiValueHeaders[k.toLowerCase()] ??= []).push(v);
    }
    return { headers, multiValueHeaders };
  },
};

/** A gateway on 127.0.0.1: HTTP in, event to the handler, its integration response out. */
async function gateway(handler, shape) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://gateway');
    const event = {
      path: url.pathname,
      httpMethod: req.method,
      queryStringParameters: Object.fromEntries(url.searchParams),
      requestContext: { path: url.pathname, httpMethod: req.method },
      body: '',
      isBase64Encoded: false,
      ...shape(pairsOf(req)),
    };
    const out = await handler(event, {});
    res.writeHead(out.statusCode, out.headers);
    res.end(out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

for (const [name, handler] of Object.entries(HANDLERS)) {
  for (const [shapeName, shape] of Object.entries(SHAPES)) {
    test(`${name}: every case, ${shapeName}`, async () => {
      const gw = await gateway(handler, shape);
      try {
        assert.ok((await checkEndpoint(gw.url + '/api/hello')) >= 12);
      } finally {
        await gw.close();
      }
    });
  }
}

test('a handler called with a hand-made event: names in any case, one-element arrays, two spellings of one header', async () => {
  const { sign } = await import('wechat-hostsign');
  const s = sign({ appid: 'wx0123456789abcdef', token: TOKEN });
  const handler = HANDLERS['Tencent SCF behind API Gateway (examples/scf, exports.main_handler)'];
  const call = async (event) => JSON.parse((await handler(event, {})).body);
  assert.equal((await call({ headers: { REFERER: s.referer, 'X-Wechat-Hostsign': s.hostsign } })).appid, 'wx0123456789abcdef');
  assert.equal((await call({ multiValueHeaders: { referer: [s.referer], 'x-wechat-hostsign': [s.hostsign] } })).appid, 'wx0123456789abcdef');
  assert.equal((await call({ headers: { referer: s.referer, Referer: s.referer, 'x-wechat-hostsign': s.hostsign } })).error, 'MALFORMED_REFERER');
  assert.equal((await call({ headers: { referer: s.referer }, multiValueHeaders: { 'x-wechat-hostsign': [s.hostsign, s.hostsign] } })).error, 'MALFORMED_HOSTSIGN');
  assert.equal((await call({})).error, 'MISSING_REFERER');
});
