// Shared by the framework middleware (hono.js, express.js, koa.js,
// fastify.js). Imports the core by the package's own name, so that the
// runtime's exports conditions pick the entry: the .wasm module import in
// workerd, the inlined bytes elsewhere, node.cjs for require().
import { createVerifier, HostSignError } from 'wechat-hostsign';

// Where the core finds the caller's name and extra options (options.js): so an
// option error names the function the user called and every option it takes.
const CALLER = Symbol.for('wechat-hostsign.caller');

/**
 * Splits middleware options into a verifier and `onError`. Bad options throw
 * HostSignError (INVALID_OPTIONS) here, when the middleware is made, never
 * per request. `name` is what the user called (`hostsign() of
 * wechat-hostsign/koa`); `ignore` lists option names the framework itself
 * adds (Fastify's prefix, Egg's match/ignore/enable).
 */
export function configure(options, name, ignore) {
  const caller = { name, options: ['onError'] };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    try {
      createVerifier(options);
    } catch (e) {
      e.message = `${name}: ${e.message}`;
      throw e;
    }
  }
  const { onError, ...rest } = options;
  // (A copy: Egg's config object and Fastify's options stay as they are.)
  if (ignore !== undefined) for (const k of ignore) delete rest[k];
  if (onError !== undefined && typeof onError !== 'function') {
    throw new HostSignError(`${name}: onError must be a function (failure, ...the framework's arguments) that responds to a failed verification.`);
  }
  rest[CALLER] = caller;
  return { verifier: createVerifier(rest), onError };
}

/** The default 401 body: `{ "error": CODE, "message": "…" }`. */
export function body(failure) {
  return { error: failure.code, message: failure.message };
}

/** The default 401 body as JSON text. */
export function json(failure) {
  return JSON.stringify(body(failure));
}
