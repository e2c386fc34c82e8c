// NestJS: a guard for `@UseGuards()` and a parameter decorator that hands
// the handler the verified result, on Nest's Express and Fastify platforms.
//   @UseGuards(new HostSignGuard({ token }))          one controller or route
//   imports: [HostSignModule.forRoot({ token })]      then @UseGuards(HostSignGuard), or APP_GUARD
//   hello(@HostSign() hs: VerifySuccess) / (@HostSign('appid') appid: string)
// @nestjs/common is an optional peer dependency (Nest 11 is CommonJS, Nest
// 12 an ES module: both are read through one namespace import).
import * as common from '@nestjs/common';
import { body, configure } from './middleware.js';

const nest = typeof common.Injectable === 'function' ? common : common.default;
const NAME = 'HostSignGuard of wechat-hostsign/nestjs';

/** The injection token of the guard's options (HostSignModule.forRoot provides it). */
export const HOSTSIGN_OPTIONS = Symbol.for('wechat-hostsign.nestjs.options');

/**
 * Verifies the request before the handler runs. On success the result is
 * `request.hostsign` (and the `@HostSign()` parameter); on failure it throws
 * UnauthorizedException with the body `{ error, message }` (401), unless
 * `onError(failure, context)` returns true (let it through) or throws an
 * exception of its own. Bad options throw HostSignError when the guard is
 * made (at boot), never per request.
 */
export class HostSignGuard {
  #verifier;
  #onError;

  constructor(options) {
    const { verifier, onError } = configure(options, NAME);
    this.#verifier = verifier;
    this.#onError = onError;
  }

  async canActivate(context) {
    const request = context.switchToHttp().getRequest();
    // Express's req (rawHeaders), Fastify's request (.raw): both keep a repeated header.
    const result = this.#verifier.verifyRequest(request);
    if (result.ok) {
      request.hostsign = result;
      return true;
    }
    if (this.#onError && (await this.#onError(result, context)) === true) return true;
    throw new nest.UnauthorizedException(body(result));
  }
}
nest.Injectable()(HostSignGuard);
nest.Inject(HOSTSIGN_OPTIONS)(HostSignGuard, undefined, 0);

/** A global module that provides the guard's options: `HostSignModule.forRoot({ token })`. */
export class HostSignModule {
  static forRoot(options) {
    return { module: HostSignModule, global: true, providers: [{ provide: HOSTSIGN_OPTIONS, useValue: options }], exports: [HOSTSIGN_OPTIONS] };
  }
}
nest.Module({})(HostSignModule);

/**
 * The verified result, or one of its fields (`@HostSign('appid')`), as a
 * handler parameter. A HostSignGuard must guard the route: without one it is
 * undefined.
 */
export const HostSign = nest.createParamDecorator((field, context) => {
  const result = context.switchToHttp().getRequest().hostsign;
  return typeof field === 'string' && result !== undefined ? result[field] : result;
});
