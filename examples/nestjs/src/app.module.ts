import { Module } from '@nestjs/common';
import { createObserveModule } from '@nestjs/observe';
import { HostSignModule } from 'wechat-hostsign/nestjs';
import { AdminController } from './admin.controller.js';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';
import { HelloController } from './hello.controller.js';

export const { ObserveModule, ObserveInstrument } = createObserveModule();

@Module({
  imports: [
    // Distributed tracing, auto-correlated logs, request/job metrics, error
    // telemetry, alarms, and more — out of the box. Sign up at https://observe.nestjs.com,
    // then run `npx @nestjs/observe link` to write your key pair into .env.
    ObserveModule.forRoot({
      appKey: process.env.OBSERVE_APP_KEY ?? 'YOUR_APP_KEY',
      appSecret: process.env.OBSERVE_APP_SECRET ?? 'YOUR_APP_SECRET',
      serviceId: 'nestjs',
    }),
    // Provides the options of every @UseGuards(HostSignGuard) in the app.
    HostSignModule.forRoot({ token: process.env.PLUGIN_TOKEN }),
  ],
  controllers: [AppController, HelloController, AdminController],
  providers: [AppService],
})
export class AppModule {}
