// Types of wechat-hostsign/nestjs (NestJS 11 and 12, Express and Fastify platforms).
import type { CanActivate, DynamicModule, ExecutionContext } from '@nestjs/common';
import type { VerifierOptions, VerifyFailure, VerifySuccess } from 'wechat-hostsign';

// On the Express platform `req.hostsign` is typed (the same global
// augmentation as wechat-hostsign/express). On Fastify, read it with
// @HostSign(), or import wechat-hostsign/fastify's types.
declare global {
  namespace Express {
    interface Request {
      /** The verified result, set by wechat-hostsign/express or HostSignGuard (undefined on routes they do not guard). */
      hostsign: VerifySuccess;
    }
  }
}

/** Verifier options, plus `onError` to answer a failed verification yourself. */
export type NestHostSignOptions = VerifierOptions & {
  /**
   * Called instead of the default 401 `{ error, message }`: return true to
   * let the request through, or throw an exception of your own (e.g.
   * ForbiddenException); anything else gets the default 401.
   */
  onError?: (failure: VerifyFailure, context: ExecutionContext) => unknown;
};

/** The injection token of the guard's options; `HostSignModule.forRoot()` provides it. */
export declare const HOSTSIGN_OPTIONS: unique symbol;

/**
 * `@UseGuards(new HostSignGuard({ token }))`, or `@UseGuards(HostSignGuard)`
 * with `HostSignModule.forRoot({ token })` imported. Throws `HostSignError`
 * (`INVALID_OPTIONS`) when made with bad options.
 */
export declare class HostSignGuard implements CanActivate {
  constructor(options: NestHostSignOptions);
  canActivate(context: ExecutionContext): Promise<boolean>;
}

/** A global module providing the guard's options. */
export declare class HostSignModule {
  static forRoot(options: NestHostSignOptions): DynamicModule;
}

/**
 * The verified result as a handler parameter: `@HostSign() hs: VerifySuccess`,
 * or one field: `@HostSign('appid') appid: string`.
 */
export declare function HostSign(): ParameterDecorator;
export declare function HostSign(field: keyof VerifySuccess): ParameterDecorator;
