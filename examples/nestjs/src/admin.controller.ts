// A guard made in place, with options of its own: onError answers a request
// that WeChat sent without a signature (UNSIGNED) with 403 instead of 401.
import { Controller, ForbiddenException, Get, UseGuards } from '@nestjs/common';
import { HostSign, HostSignGuard } from 'wechat-hostsign/nestjs';

const guard = new HostSignGuard({
  token: process.env.PLUGIN_TOKEN,
  onError: (failure) => {
    if (failure.code === 'UNSIGNED') throw new ForbiddenException({ error: failure.code, retry: true });
  },
});

@Controller('admin')
export class AdminController {
  @Get('hello')
  @UseGuards(guard)
  hello(@HostSign('appid') appid: string) {
    return { appid };
  }
}
