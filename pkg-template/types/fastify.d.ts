// Types of wechat-hostsign/fastify.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { VerifierOptions, VerifyFailure, VerifySuccess } from 'wechat-hostsign';

// Typed as present, so `request.hostsign.appid` type-checks under `strict`
// in the routes the plugin guards (their handlers only run when the request
// verified); it is null in a context the plugin is not registered in.
declare module 'fastify' {
  interface FastifyRequest {
    /** The verified result, set by the wechat-hostsign plugin (null where it is not registered). */
    hostsign: VerifySuccess;
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
