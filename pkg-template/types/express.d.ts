// Types of wechat-hostsign/express (Express 4 and 5, Connect, node:http).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VerifierOptions, VerifyFailure, VerifyResult, VerifySuccess } from 'wechat-hostsign';

// Express's Request gets `hostsign` (the usual global augmentation, as
// passport and multer do; it merges with @types/express when present). It is
// typed as present, so `req.hostsign.appid` type-checks under `strict` in the
// handlers behind the middleware, which only run when the request verified;
// in a route the middleware does not guard it is undefined. With plain
// node:http, use the result the middleware returns.
declare global {
  namespace Express {
    interface Request {
      /** The verified result, set by wechat-hostsign/express (undefined on routes it does not guard). */
      hostsign: VerifySuccess;
    }
  }
}

/** Verifier options, plus `onError` to answer a failed verification yourself. */
export type ExpressHostSignOptions = VerifierOptions & {
  /** Called instead of the default 401 `{ error, message }`: respond, call `next()`, or return a promise that does (otherwise the 401 is sent). */
  onError?: (failure: VerifyFailure, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => unknown;
};

/**
 * `(req, res, next?)`: on success sets `req.hostsign` and calls `next()`, on
 * failure responds 401. Also returns the result, for plain `node:http`.
 */
export type HostSignMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => VerifyResult;

/** Throws `HostSignError` (`INVALID_OPTIONS`) here for bad options, never per request. */
export declare function hostsign(options: ExpressHostSignOptions): HostSignMiddleware;
export default hostsign;
