// Header lookup for verifyRequest: the Referer and X-WECHAT-HOSTSIGN of a
// request-like value.

import { isObject } from './options.js';

// Header lookup for verifyRequest: Fetch Request/Headers, Node
// IncomingMessage (rawHeaders, which keeps duplicates Node would drop), or a
// plain object of headers (null for a value that is none of these, so no
// header). Each header is a string, an array when repeated, or undefined;
// `joinable` says whether the runtime may have joined a
// repeated header into one string (headers.js: verifyWith checks for that,
// after the cache, which knows its own strings). Every container is read once
// (a getter cannot answer a check and the lookup differently).

/** Both headers of a plain object, names in any case, in one pass. */
function fromObject(obj) {
  let referer;
  let hostsign;
  let r = 0;
  let h = 0;
  for (const k of Object.keys(obj)) {
    if (k.length === 7 && k.toLowerCase() === 'referer') {
      r++;
      referer = obj[k];
    } else if (k.length === 17 && k.toLowerCase() === 'x-wechat-hostsign') {
      h++;
      hostsign = obj[k];
    }
  }
  // The same header under two spellings is a repeated header.
  return { referer: r > 1 ? [referer, referer] : referer, hostsign: h > 1 ? [hostsign, hostsign] : hostsign, joinable: true };
}

/** Both headers through a get(name) (Fetch Headers, or anything like it), which may join a repeated one (headers.js). */
function fromGet(target, get) {
  return { referer: get.call(target, 'referer') ?? undefined, hostsign: get.call(target, 'x-wechat-hostsign') ?? undefined, joinable: true };
}

/** Node's raw header lines of `v`, if it has them, else null. */
function rawOf(v) {
  if (!isObject(v)) return null;
  const raw = v.rawHeaders;
  return Array.isArray(raw) ? raw : null;
}

/**
 * The Referer and X-WECHAT-HOSTSIGN of a request-like value, from the
 * runtime's request inside a framework's wrapper: Koa's ctx and ctx.request
 * (.req), Fastify's request (.raw), Hono's c.req (.raw) and c (.req.raw),
 * SvelteKit's and Astro's event (.request). Reading the wrapper's own header
 * helpers instead would lose repeated headers (Node's req.headers keeps one
 * Referer) or absence (Koa's ctx.get gives '').
 */
function requestHeaders(request) {
  if (!isObject(request)) return null;
  let source = request;
  for (let depth = 0; ; depth++) {
    const raw = source.rawHeaders;
    if (Array.isArray(raw)) return fromRawPair(raw);
    // Hono's c on @hono/node-server: the IncomingMessage, which keeps
    // repeated headers that c.req.raw (a Fetch Request) joins.
    const env = source.env;
    const incoming = rawOf(isObject(env) ? env.incoming : undefined);
    if (incoming !== null) return fromRawPair(incoming);
    // An h3 event (Nitro, Nuxt) on Node: its IncomingMessage, whose raw
    // header lines keep the repeated Referer that event.headers (built from
    // Node's req.headers) has dropped.
    const node = source.node;
    const nodeReq = rawOf(isObject(node) ? node.req : undefined);
    if (nodeReq !== null) return fromRawPair(nodeReq);
    const h = source.headers;
    if (isObject(h)) {
      const get = h.get;
      if (typeof get === 'function') return fromGet(h, get);
    }
    let inner = null;
    if (depth < 4) {
      inner = source.raw;
      if (!isObject(inner)) inner = source.req;
      if (!isObject(inner)) inner = source.request;
      if (!isObject(inner)) inner = null;
    }
    if (inner === null) return fromPlain(source, h);
    source = inner;
  }
}

/** The headers of a value with neither raw lines nor Fetch Headers. */
function fromPlain(source, h) {
  const get = source.get;
  if (typeof get === 'function') return fromGet(source, get);
  // An API gateway's event (Tencent SCF, AWS): multiValueHeaders keeps a
  // repeated header that headers shows once.
  const mv = source.multiValueHeaders;
  const plain = fromObject(isObject(h) ? h : source);
  if (!isObject(mv)) return plain;
  const multi = fromObject(mv);
  if (multi.referer !== undefined) plain.referer = multi.referer;
  if (multi.hostsign !== undefined) plain.hostsign = multi.hostsign;
  return plain;
}

/** Both headers from Node's rawHeaders in one pass (names in any case; a repeated one as an array). */
function fromRawPair(raw) {
  let referer;
  let hostsign;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i];
    if (typeof k !== 'string') continue;
    if (k.length === 7) {
      if (k === 'Referer' || k.toLowerCase() === 'referer') referer = referer === undefined ? raw[i + 1] : [].concat(referer, raw[i + 1]);
    } else if (k.length === 17 && (k === 'X-WECHAT-HOSTSIGN' || k.toLowerCase() === 'x-wechat-hostsign')) {
      hostsign = hostsign === undefined ? raw[i + 1] : [].concat(hostsign, raw[i + 1]);
    }
  }
  return { referer, hostsign, joinable: false };
}

export { requestHeaders };
