import { Module } from '@nestjs/common';
import { HostSignModule } from 'wechat-hostsign/nestjs';
import { AdminController } from './admin.controller.js';
import { HelloController } from './hello.controller.js';

@Module({
  // Provides the options of every @UseGuards(HostSignGuard) in the app.
  imports: [HostSignModule.forRoot({ token: process.env.PLUGIN_TOKEN })],
  controllers: [HelloController, AdminController],
})
export class AppModule {}
