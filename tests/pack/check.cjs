'use strict';
// What scripts/pack runs in a scratch project where the packed tarball is
// installed as a user installs it: requests signed here with node:crypto's
// reference formula (CONTRACT §1), independently of the package, must
// verify; changed ones must be refused with their stable code. check.mjs
// loads the package by import, check-require.cjs by require().
const assert = require('node:assert/strict');
const { createHash, randomBytes } = require('node:crypto');
const http = require('node:http');
const path = require('node:path');

const reference = (a, n, t, k) => createHash('sha1').update([a, n, t, k].sort().join('')).digest('hex');
const hex = (bytes) => randomBytes(bytes).toString('hex');
const flip = (digest) => digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0');

/** A request as WeChat sends it (the timestamp a JSON number), signed by the reference. */
function signed(token, now) {
  const appid = `wx${hex(8)}`;
  const noncestr = hex(16);
  const timestamp = now - 30;
  const signature = reference(appid, noncestr, String(timestamp), token);
  return {
    appid, noncestr, timestamp, signature,
    referer: `https://servicewechat.com/${appid}/7/page-frame.html`,
    hostsign: `{"noncestr":"${noncestr}","timestamp":${timestamp},"signature":"${signature}"}`,
  };
}

function checkCore(hs) {
  const now = Math.floor(Date.now() / 1000);
  // An ASCII token, and one that is not (JavaScript's UTF-16 sort, UTF-8 hash).
  for (const token of [hex(12), `插件-${hex(4)}-🔑`]) {
    const r = signed(token, now);
    const verifier = hs.createVerifier({ tokens: ['an-older-token', token] });
    const ok = verifier.verify({ referer: r.referer, hostsign: r.hostsign }, now);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.deepEqual(
      [ok.appid, ok.version, ok.noncestr, ok.timestamp, ok.age, ok.tokenIndex],
      [r.appid, { kind: 'release', number: 7 }, r.noncestr, r.timestamp, 30, 1],
    );
    const request = new Request('https://plugin.example/api', { headers: { Referer: r.referer, 'X-WECHAT-HOSTSIGN': r.hostsign } });
    assert.equal(verifier.verifyRequest(request, now).ok, true, 'a Fetch Request');
    assert.equal(hs.signature(r.appid, r.noncestr, String(r.timestamp), token), r.signature, 'signature()');

    const refused = (referer, hostsign, at = now) => verifier.verify({ referer, hostsign }, at).code;
    assert.equal(refused(r.referer, r.hostsign.replace(r.signature, flip(r.signature))), 'BAD_SIGNATURE');
    assert.equal(refused(r.referer.replace(r.appid, `wx${hex(8)}`), r.hostsign), 'BAD_SIGNATURE');
    assert.equal(hs.createVerifier({ token: `${token}x` }).verify({ referer: r.referer, hostsign: r.hostsign }, now).code, 'BAD_SIGNATURE');
    assert.equal(refused(r.referer, r.hostsign, now + 660), 'EXPIRED');
    assert.equal(refused(r.referer, undefined), 'MISSING_HOSTSIGN');
  }
  // sign() makes what the reference accepts.
  const token = hex(12);
  const s = hs.sign({ appid: `wx${hex(8)}`, token, version: 0 });
  const { noncestr, timestamp, signature } = JSON.parse(s.hostsign);
  const appid = s.referer.split('/')[3];
  assert.equal(reference(appid, noncestr, String(timestamp), token), signature, 'sign()');
}

/** The Express middleware on plain node:http (port 0): 200 when signed, 401 with the code when not. */
async function checkMiddleware(express) {
  const token = hex(12);
  const guard = express.hostsign({ token });
  const server = http.createServer((req, res) => guard(req, res, () => res.end(`hello ${req.hostsign.appid}`)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/api`;
    const r = signed(token, Math.floor(Date.now() / 1000));
    const good = await fetch(url, { headers: { Referer: r.referer, 'X-WECHAT-HOSTSIGN': r.hostsign } });
    assert.deepEqual([good.status, await good.text()], [200, `hello ${r.appid}`]);
    const bad = await fetch(url, { headers: { Referer: r.referer, 'X-WECHAT-HOSTSIGN': r.hostsign.replace(r.signature, flip(r.signature)) } });
    assert.deepEqual([bad.status, (await bad.json()).error], [401, 'BAD_SIGNATURE']);
  } finally {
    server.close();
  }
}

/**
 * @param {object} hs the package, as loaded
 * @param {object} express wechat-hostsign/express, as loaded
 * @param {string} how 'import' or 'require'
 * @param {string} entry the file the package resolved to
 * @param {RegExp} expected the entries this way of loading may resolve to
 */
module.exports = async function check(hs, express, how, entry, expected) {
  assert.match(entry.replaceAll('\\', '/'), expected, `${how} resolved wechat-hostsign to ${entry}`);
  checkCore(hs);
  await checkMiddleware(express);
  console.log(`pack: Node ${process.version}, ${how}: ${path.relative(process.cwd(), entry)} verifies signed requests, refuses changed ones`);
};
