// Types of wechat-hostsign/fastify.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { VerifierOptions, VerifyFailure, VerifySuccess } from 'wechat-hostsign';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the wechat-hostsign plugin when the request verified (null before its hook ran). */
    hostsign: VerifySuccess | null;
  }
}

/** Verifier options, plus `onError` to answer a failed verification yourself. */
export type FastifyHostSignOptions = VerifierOptions & {
  /** Called instead of the default 401 `{ error, message }`; if it sends no reply, the default 401 is sent. */
  onError?: (failure: VerifyFailure, request: FastifyRequest, reply: FastifyReply) => unknown;
};

/**
 * `await app.register(hostsign, { token })`. Not encapsulated (like
 * fastify-plugin): it guards the context it is registered in. Bad options
 * reject `register()` / `ready()` with `HostSignError` (`INVALID_OPTIONS`).
 */
export declare const hostsign: FastifyPluginAsync<FastifyHostSignOptions>;
export default hostsign;
