import { Controller } from 'egg';

export default class HelloController extends Controller {
  // Behind the middleware (config.hostsign.match): ctx.state.hostsign is the verified result.
  async index() {
    this.ctx.body = { appid: this.ctx.state.hostsign.appid };
  }

  // Outside its match: no verification.
  async open() {
    this.ctx.body = { public: true };
  }
}
