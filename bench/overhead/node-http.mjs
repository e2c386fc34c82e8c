// Overhead server: node:http (see handler.mjs for the endpoints; /r is
// node:http's own: the two headers read from the raw header lines, the way
// verifyRequest reads them, without building req.headers).
// Prints {"port":N} once listening on 127.0.0.1.
import { createServer } from 'node:http';
import { createVerifier } from 'wechat-hostsign';
import { uncachedVerifier } from './handler.mjs';

const token = process.env.HOSTSIGN_TOKEN;
const verifier = createVerifier({ token });
const uncached = uncachedVerifier(createVerifier, token);
const server = createServer((req, res) => {
  const url = req.url;
  const last = url.charCodeAt(url.length - 1);
  if (last === 104 /* h */) {
    // What a handler that reads the two headers writes.
    const h = req.headers;
    if (h.referer === undefined || h['x-wechat-hostsign'] === undefined) {
      res.statusCode = 400;
      res.end('no headers');
      return;
    }
  } else if (last === 114 /* r */) {
    let found = 0;
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const k = raw[i];
      if ((k.length === 7 && k.toLowerCase() === 'referer') || (k.length === 17 && k.toLowerCase() === 'x-wechat-hostsign')) found++;
    }
    if (found !== 2) {
      res.statusCode = 400;
      res.end('no headers');
      return;
    }
  } else if (last !== 98 /* b */) {
    const result = (last === 118 /* v */ ? verifier : uncached).verifyRequest(req);
    if (!result.ok) {
      res.statusCode = 401;
      res.end(result.code);
      return;
    }
  }
  res.end('hello');
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
