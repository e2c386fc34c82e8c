// The same guard in a CommonJS app (Nest 11 apps are CommonJS, and so are
// many on Nest 12): this file compiles to require() calls, so it loads
// wechat-hostsign/nestjs's CommonJS build.
import 'reflect-metadata';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { VerifySuccess } from 'wechat-hostsign';
import { HostSign, HostSignGuard } from 'wechat-hostsign/nestjs';

@Controller('api')
@UseGuards(new HostSignGuard({ token: process.env.PLUGIN_TOKEN }))
class HelloController {
  @Get('hello')
  hello(@HostSign() hostsign: VerifySuccess) {
    return { appid: hostsign.appid };
  }
}

@Module({ controllers: [HelloController] })
class AppModule {}

NestFactory.create(AppModule, { logger: ['error'] }).then(async (app) => {
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  console.log(`listening on http://127.0.0.1:${app.getHttpServer().address().port}`);
});
