import { Controller } from 'egg';

export default class HelloController extends Controller {
  // Behind the middleware (config.hostsign.match): ctx.state.hostsign is the verified result.
  async index() {
    this.ctx.body = { appid: this.ctx.state.hostsign.appid };
  }

  // A plugin's POST (wx.request with method: 'POST'), verified the same way.
  async create() {
    this.ctx.body = { appid: this.ctx.state.hostsign.appid, received: this.ctx.request.body };
  }

  // Outside its match: no verification.
  async open() {
    this.ctx.body = { public: true };
  }
}
