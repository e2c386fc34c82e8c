// www/server.mjs (scripts/play) over real HTTP: a request target it cannot
// decode (`GET /%`, which any page the developer visits can send to
// 127.0.0.1) is answered 400, and the server goes on serving (issue 16,
// item 5: it used to die of an unguarded decodeURIComponent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startServer } from '../../scripts/lib/browser.mjs';

let server;
before(async () => {
  server = await startServer({ token: 'server-test-token' });
});
after(async () => {
  await server?.stop();
});

/** Sends one raw request line (no client-side URL handling); resolves to the status code, or null if the connection dropped. */
function raw(target) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data ? Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]) : null));
    socket.on('error', (e) => (e.code === 'ECONNRESET' ? resolve(null) : reject(e)));
  });
}

test('malformed request targets get 400 and the server keeps serving', async () => {
  assert.equal(await raw('/'), 200);
  for (const target of ['/%', '/%E0%A4%A', '/www/%zz', '/pkg/%', '//', '//[']) {
    assert.equal(await raw(target), 400, target);
    assert.equal(await raw('/'), 200, `the server stopped serving after ${target}`);
  }
  // Ordinary misses are still 404, and the demo endpoint still answers.
  assert.equal(await raw('/nothing-here.js'), 404);
  assert.equal(await raw('/api/hello'), 401);
  assert.equal(await raw('/pkg/i18n.js'), 200);
});
