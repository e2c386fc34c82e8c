import { CommonJSFileDetector, Configuration, Inject } from '@midwayjs/core';
import * as koa from '@midwayjs/koa';
import * as DefaultConfig from './config/config.default.js';

// The file detector finds the controllers and the middleware in this folder.
@Configuration({ imports: [koa], importConfigs: [{ default: DefaultConfig }], detector: new CommonJSFileDetector() })
export class MainConfiguration {
  @Inject()
  framework: koa.Framework;

  async onServerReady() {
    const server = this.framework.getServer();
    const say = () => console.log(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}`);
    if (server.listening) say();
    else server.once('listening', say);
  }
}
