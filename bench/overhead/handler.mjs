// The endpoint every overhead server serves, for Fetch runtimes (Bun, Deno,
// workerd): the path's last character picks the variant, so the bare and the
// verifying endpoints pay the same routing:
//   /b  bare: "hello", the headers untouched
//   /h  reads Referer and X-WECHAT-HOSTSIGN, as a handler that only reads them
//       (request.headers.get): what verifying is measured beyond
//   /v  verifier.verifyRequest(request) with the default options, then "hello"
//   /n  the same with { cache: false } (the per-request cost without the cache)
// A refused request gets 401 and its code, which the driver counts as an
// error: a wrong verdict can never pass for speed.
export function fetchHandler(createVerifier, token) {
  const verifier = createVerifier({ token });
  const uncached = uncachedVerifier(createVerifier, token);
  return function handler(request) {
    const url = request.url;
    const last = url.charCodeAt(url.length - 1);
    if (last === 104 /* h */) {
      const h = request.headers;
      if (h.get('referer') === null || h.get('x-wechat-hostsign') === null) return new Response('no headers', { status: 400 });
    } else if (last !== 98 /* b */) {
      const result = (last === 118 /* v */ ? verifier : uncached).verifyRequest(request);
      if (!result.ok) return new Response(result.code, { status: 401 });
    }
    return new Response('hello');
  };
}

/** A verifier without the cache, or the default one where the option does not exist (older builds). */
export function uncachedVerifier(createVerifier, token) {
  try {
    return createVerifier({ token, cache: false });
  } catch {
    return createVerifier({ token });
  }
}
