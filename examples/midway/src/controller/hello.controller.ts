// The middleware guards this controller's routes; ctx.state.hostsign is the verified result.
import { Controller, Get, Inject } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { HostSignMiddleware } from '../middleware/hostsign.middleware.js';

@Controller('/api', { middleware: [HostSignMiddleware] })
export class HelloController {
  @Inject()
  ctx: Context;

  @Get('/hello')
  async hello() {
    return { appid: this.ctx.state.hostsign.appid };
  }
}
