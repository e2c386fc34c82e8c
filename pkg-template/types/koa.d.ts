// Types of wechat-hostsign/koa (structural: no dependency on @types/koa).
import type { IncomingMessage } from 'node:http';
import type { VerifierOptions, VerifyFailure, VerifySuccess } from 'wechat-hostsign';

/** What the middleware reads and writes on Koa's context. */
export interface KoaContextLike {
  req: IncomingMessage;
  state: any;
  status: number;
  body: unknown;
}

/** The state the middleware sets: `ctx.state.hostsign`. */
export interface HostSignState {
  hostsign: VerifySuccess;
}

/** Verifier options, plus `onError` to answer a failed verification yourself. */
export type KoaHostSignOptions = VerifierOptions & {
  /** Called instead of the default 401 `{ error, message }`; set `ctx.body` or call `next()`, else the default 401 is sent. */
  onError?: (failure: VerifyFailure, ctx: KoaContextLike, next: () => Promise<unknown>) => unknown;
};

/** Throws `HostSignError` (`INVALID_OPTIONS`) here for bad options, never per request. */
export declare function hostsign(
  options: KoaHostSignOptions,
): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;
export default hostsign;
