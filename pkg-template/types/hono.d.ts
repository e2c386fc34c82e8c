// Types of wechat-hostsign/hono.
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { VerifierOptions, VerifyFailure, VerifySuccess } from 'wechat-hostsign';

/**
 * The context variables the middleware sets: `c.get('hostsign')`. Typed for
 * every app already (ContextVariableMap below); kept for apps that name it
 * in `new Hono<{ Variables: HostSignVariables }>()`.
 */
export interface HostSignVariables {
  hostsign: VerifySuccess;
}

// `c.get('hostsign')` and `c.var.hostsign` are typed in every app that
// imports this module, as Hono's own jwt middleware types `jwtPayload`:
// no `new Hono<{ Variables: … }>()` to write.
declare module 'hono' {
  interface ContextVariableMap {
    /** Set by wechat-hostsign/hono when the request verified. */
    hostsign: VerifySuccess;
  }
}

/** Verifier options, plus `onError` to answer a failed verification yourself. */
export type HonoHostSignOptions = VerifierOptions & {
  /**
   * Called instead of the default 401 `{ error, message }`. Return a Response
   * (or `await next()` to let the request through); returning nothing sends
   * the default 401.
   */
  onError?: (failure: VerifyFailure, c: Context, next: Next) => Response | void | Promise<Response | void>;
};

/**
 * Verifies each request. On success `c.get('hostsign')` is the result. Throws
 * `HostSignError` (`INVALID_OPTIONS`) here for bad options, never per request.
 */
export declare function hostsign(options: HonoHostSignOptions): MiddlewareHandler;
export default hostsign;
