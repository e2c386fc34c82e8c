// wechat-hostsign/koa as a Midway middleware: its options from the config
// (config.hostsign), the Koa middleware made once.
import { Config, Middleware, type IMiddleware } from '@midwayjs/core';
import type { Context, NextFunction } from '@midwayjs/koa';
import { hostsign, type KoaHostSignOptions } from 'wechat-hostsign/koa';

@Middleware()
export class HostSignMiddleware implements IMiddleware<Context, NextFunction> {
  @Config('hostsign')
  options: KoaHostSignOptions;

  resolve() {
    return hostsign(this.options);
  }

  static getName() {
    return 'hostsign';
  }
}
