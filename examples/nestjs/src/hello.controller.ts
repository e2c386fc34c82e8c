// A controller guarded by HostSignGuard (options from HostSignModule.forRoot
// in app.module.ts); the handlers get the verified result with @HostSign().
import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import type { VerifySuccess } from 'wechat-hostsign';
import { HostSign, HostSignGuard } from 'wechat-hostsign/nestjs';

@Controller('api')
@UseGuards(HostSignGuard)
export class HelloController {
  @Get('hello')
  hello(@HostSign() hostsign: VerifySuccess) {
    return { appid: hostsign.appid, version: hostsign.version.kind };
  }

  // One field of the result.
  @Get('appid')
  appid(@HostSign('appid') appid: string) {
    return { appid };
  }

  // On the Express platform, req.hostsign is typed too.
  @Get('req')
  fromRequest(@Req() req: Request) {
    return { appid: req.hostsign.appid };
  }
}
