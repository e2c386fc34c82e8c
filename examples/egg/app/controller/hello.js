const { Controller } = require('egg');

class HelloController extends Controller {
  // Behind the middleware (config.hostsign.match): ctx.state.hostsign is the verified result.
  async index() {
    const { ctx } = this;
    ctx.body = { appid: ctx.state.hostsign.appid };
  }

  // A plugin's POST (wx.request with method: 'POST'), verified the same way.
  async create() {
    const { ctx } = this;
    ctx.body = { appid: ctx.state.hostsign.appid, received: ctx.request.body };
  }

  // Outside its match: no verification (and Egg's CSRF check for a POST).
  async open() {
    const { ctx } = this;
    ctx.body = { public: true };
  }
}

module.exports = HelloController;
