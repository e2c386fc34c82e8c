// The middleware part of the differential proof (scripts/lib/equivalence-dump.mjs
// calls it): every framework adapter of the package, each in its framework
// and over real HTTP on 127.0.0.1 where the framework has a server, fed a
// slice of the dump's cases in order (so the cache's state matters), under
// the option sets and onError behaviours the adapters branch on. Each
// response is written down as status, content type, length and body; each
// refused configuration as what is thrown. The clock is the case's: Date.now
// is replaced while the requests run (the middleware has no `now` option).
//
// Express 5 and 4, plain node:http (the express adapter without next),
// Koa, Egg's factory (on Koa, with Egg's own keys), Fastify (root and
// prefixed), Hono on @hono/node-server and through app.request, and the
// NestJS guard and @HostSign() parameter (through tests/lib/nest-stub, the
// miniature of @nestjs/common the adapter test uses).
import { request as httpRequest, Agent } from 'node:http';
import { register } from 'node:module';
import { listen } from '../../tests/lib/http-cases.mjs';

const SLICE = (i) => Math.floor(i / 40) % 8 === 0; // blocks of 40 cases, one in eight

/** Runs the middleware part; `record(label, value)` writes one output line. */
export async function dumpMiddleware({ cases, tokens, record, show }) {
  const express5 = (await import('express')).default;
  const express4 = (await import('express4')).default;
  const Koa = (await import('koa')).default;
  const Fastify = (await import('fastify')).default;
  const { Hono } = await import('hono');
  const { getRequestListener } = await import('@hono/node-server');
  const { hostsign: expressHostsign } = await import('wechat-hostsign/express');
  const { hostsign: koaHostsign } = await import('wechat-hostsign/koa');
  const fastifyHostsign = (await import('wechat-hostsign/fastify')).default;
  const { hostsign: honoHostsign } = await import('wechat-hostsign/hono');
  const eggHostsign = (await import('wechat-hostsign/egg')).default;
  register('../../tests/lib/nest-stub/hooks.mjs', import.meta.url);
  const nestjs = await import('wechat-hostsign/nestjs');
  const nestStub = (await import('../../tests/lib/nest-stub/impl.cjs')).default;

  const slice = cases.filter((_, i) => SLICE(i));
  const [T, OLD] = tokens;
  const realNow = Date.now;
  let clock = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  const lines = (c) => {
    const flat = (h) => (Array.isArray(h) ? h : h == null ? [] : [h]).map(String);
    return [...flat(c.referer).flatMap((r) => ['Referer', r]), ...flat(c.hostsign).flatMap((x) => ['X-WECHAT-HOSTSIGN', x])];
  };
  // As a client sends them: UTF-8 bytes (Node writes header text as latin1,
  // so the bytes are given as latin1 characters). A value with a control
  // character cannot be sent at all.
  const wire = (l) => l.map((v) => Buffer.from(v, 'utf8').toString('latin1'));
  const send = (url, c) =>
    new Promise((resolve) => {
      if (lines(c).some((v) => /[\x00-\x08\x0a-\x1f\x7f]/.test(v))) return resolve('not sendable');
      const req = httpRequest(url, { headers: ['Host', 'dump', ...wire(lines(c))], agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(`${res.statusCode} ${res.headers['content-type'] ?? '-'} ${res.headers['content-length'] ?? '-'} ${text}`));
      });
      req.on('error', (e) => resolve(`request failed ${e.code ?? e.message}`));
      // A mutant that never answers: said once, and the rest of that drive skipped.
      req.setTimeout(3000, () => {
        req.destroy();
        resolve('no answer in 3 s');
      });
      req.end();
    });
  /** Sends the slice to `url` (path added), each at its own clock. */
  async function drive(label, url, path = '/api/x') {
    for (const [i, c] of slice.entries()) {
      clock = c.now;
      const answer = await send(url + path, c);
      record(`${label} ${i}`, answer);
      if (answer.startsWith('no answer')) break;
    }
  }
  const thrown = async (label, fn) => {
    try {
      record(label, show(await fn()));
    } catch (e) {
      record(label, `threw ${e?.name}: ${e?.code ?? ''} ${e?.message}`);
    }
  };

  // What each adapter takes: the options, and onError behaviours in each framework's terms.
  const optionSets = [{ token: T }, { tokens: [OLD, T], locale: 'zh-CN', maxAge: 30, strictAppid: false }, { token: T, cache: false, versions: ['release'] }];

  Date.now = () => clock * 1000;
  try {
    // Express 5 and 4: the handler answers with req.hostsign; an error
    // handler of our own (Express's default prints a stack trace).
    const expressErrors = {
      default: undefined,
      responds: (f, req, res) => res.status(418).json({ code: f.code, message: f.message }),
      next: (f, req, res, next) => next(),
      nothing: () => undefined,
      'async nothing': async () => undefined,
      'async next': async (f, req, res, next) => {
        await null;
        next();
      },
      throws: () => {
        throw new Error('onError threw');
      },
      rejects: async () => Promise.reject(new Error('onError rejected')),
      'next(err)': (f, req, res, next) => next(new Error(`refused ${f.code}`)),
    };
    for (const [name, express] of [['express5', express5], ['express4', express4]]) {
      for (const [o, options] of optionSets.entries()) {
        for (const [e, onError] of Object.entries(expressErrors)) {
          if (o > 0 && e !== 'default' && e !== 'next') continue;
          const app = express();
          app.use('/api', expressHostsign({ ...options, ...(onError ? { onError } : {}) }));
          app.get('/api/x', (req, res) => res.json({ passed: true, hostsign: req.hostsign ?? null }));
          app.use((err, req, res, next) => res.status(500).type('text').send(`error handler: ${err.message}`));
          const server = await listen(app);
          await drive(`${name} o${o} ${e}`, server.url);
          await server.close();
        }
      }
    }

    // Plain node:http: no next; the returned result decides.
    for (const [e, onError] of Object.entries({ default: undefined, nothing: () => undefined, throws: expressErrors.throws, rejects: expressErrors.rejects, 'next then respond': (f, req, res, next) => (next(), res.writeHead(418).end(f.code)) })) {
      const guard = expressHostsign({ token: T, ...(onError ? { onError } : {}) });
      const server = await listen((req, res) => {
        const r = guard(req, res);
        record(`node:http ${e} returned`, show({ ok: r.ok, code: r.code, same: r === req.hostsign }));
        if (r.ok) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.hostsign));
      });
      await drive(`node:http ${e}`, server.url);
      await server.close();
    }

    // Koa, and Egg's factory (Koa middleware configured the Egg way).
    const koaErrors = {
      default: undefined,
      body: (f, ctx) => {
        ctx.status = 418;
        ctx.body = { code: f.code };
      },
      next: (f, ctx, next) => next(),
      nothing: () => undefined,
      'empty body': (f, ctx) => {
        ctx.body = '';
      },
      throws: expressErrors.throws,
    };
    for (const [label, factory, extra] of [
      ['koa', koaHostsign, {}],
      ['egg', eggHostsign, { match: '/api', ignore: '/other', enable: true }],
    ]) {
      for (const [o, options] of optionSets.entries()) {
        for (const [e, onError] of Object.entries(koaErrors)) {
          if (o > 0 && e !== 'default' && e !== 'next') continue;
          const app = new Koa();
          app.silent = true;
          app.use(factory({ ...options, ...extra, ...(onError ? { onError } : {}) }));
          app.use((ctx) => {
            ctx.body = { passed: true, hostsign: ctx.state.hostsign ?? null };
          });
          const server = await listen(app.callback());
          await drive(`${label} o${o} ${e}`, server.url);
          await server.close();
        }
      }
    }

    // Fastify: registered at the root, and inside a prefixed plugin (with
    // Fastify's own `prefix` among the options).
    const fastifyErrors = {
      default: undefined,
      sends: (f, request, reply) => reply.code(418).send({ code: f.code }),
      'does not send': () => undefined,
      throws: expressErrors.throws,
    };
    for (const [o, options] of optionSets.entries()) {
      for (const [e, onError] of Object.entries(fastifyErrors)) {
        if (o > 0 && e !== 'default') continue;
        const app = Fastify();
        await app.register(fastifyHostsign, { ...options, ...(onError ? { onError } : {}) });
        app.get('/api/x', async (request) => ({ passed: true, hostsign: request.hostsign }));
        await app.listen({ port: 0, host: '127.0.0.1' });
        await drive(`fastify o${o} ${e}`, `http://127.0.0.1:${app.server.address().port}`);
        await app.close();
      }
    }
    {
      const app = Fastify();
      await app.register(async (scope) => {
        await scope.register(fastifyHostsign, { token: T, prefix: '/ignored', logLevel: 'silent' });
        scope.get('/x', async (request) => ({ guarded: true, hostsign: request.hostsign }));
      }, { prefix: '/api' });
      app.get('/other', async (request) => ({ guarded: false, hostsign: request.hostsign }));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${app.server.address().port}`;
      await drive('fastify prefixed /api', url);
      await drive('fastify prefixed /other', url, '/other');
      await app.close();
    }

    // Hono: on @hono/node-server (its incoming message keeps repeated
    // lines), and app.request (a Fetch Request only).
    const honoErrors = {
      default: undefined,
      response: (f, c) => c.json({ code: f.code }, 418),
      next: async (f, c, next) => {
        await next();
      },
      nothing: () => undefined,
      'sets c.res': (f, c) => {
        c.res = new Response(`custom ${f.code}`, { status: 403 });
      },
    };
    for (const [o, options] of optionSets.entries()) {
      for (const [e, onError] of Object.entries(honoErrors)) {
        if (o > 0 && e !== 'default') continue;
        const app = new Hono();
        app.use('/api/*', honoHostsign({ ...options, ...(onError ? { onError } : {}) }));
        app.get('/api/x', (c) => c.json({ passed: true, hostsign: c.get('hostsign') ?? null }));
        const server = await listen(getRequestListener(app.fetch));
        await drive(`hono node-server o${o} ${e}`, server.url);
        await server.close();
        for (const [i, c] of slice.entries()) {
          if (i % 4 !== 0) continue;
          clock = c.now;
          const headers = new Headers();
          const l = wire(lines(c));
          try {
            for (let k = 0; k < l.length; k += 2) headers.append(l[k], l[k + 1]);
          } catch {
            record(`hono app.request o${o} ${e} ${i}`, 'not sendable');
            continue;
          }
          const r = await app.request('/api/x', { headers });
          record(`hono app.request o${o} ${e} ${i}`, `${r.status} ${r.headers.get('content-type')} ${await r.text()}`);
        }
      }
    }

    // NestJS: the guard with an ExecutionContext, then @HostSign() as Nest calls it.
    const { HostSignGuard, HostSign, HostSignModule, HOSTSIGN_OPTIONS } = nestjs;
    const root = HostSignModule.forRoot({ token: T });
    record('nest module', show({ ...root, module: root.module === HostSignModule, provide: root.providers.map((p) => String(p.provide)), exports: root.exports.map(String), token: Symbol.keyFor(HOSTSIGN_OPTIONS), meta: nestStub.metadata.get(HostSignModule)?.module, guard: { ...nestStub.metadata.get(HostSignGuard), inject: String(nestStub.metadata.get(HostSignGuard)?.inject[0]) } }));
    class Controller {
      hello() {}
    }
    HostSign()(Controller.prototype, 'hello', 0);
    HostSign('appid')(Controller.prototype, 'hello', 1);
    HostSign('version')(Controller.prototype, 'hello', 2);
    const params = nestStub.metadata.get(Controller).params.hello;
    const nestErrors = { default: undefined, 'true': () => true, 'false': () => false, 'async true': async () => true, throws: expressErrors.throws, 'truthy 1': () => 1 };
    for (const [o, options] of optionSets.entries()) {
      for (const [e, onError] of Object.entries(nestErrors)) {
        if (o > 0 && e !== 'default') continue;
        const guard = new HostSignGuard({ ...options, ...(onError ? { onError } : {}) });
        for (const [i, c] of slice.entries()) {
          clock = c.now;
          const l = lines(c);
          const request = { rawHeaders: l, headers: Object.fromEntries(l.flatMap((v, k) => (k % 2 ? [] : [[v.toLowerCase(), l[k + 1]]]))) };
          const context = { switchToHttp: () => ({ getRequest: () => request }) };
          let line;
          try {
            line = `allowed ${await guard.canActivate(context)} ${show([0, 1, 2].map((k) => params[k].factory(params[k].data, context)))}`;
          } catch (err) {
            line = `threw ${err?.constructor?.name} ${err?.getStatus?.()} ${show(err?.getResponse?.() ?? err?.message)}`;
          }
          record(`nest o${o} ${e} ${i}`, line);
        }
      }
    }
  } finally {
    Date.now = realNow;
    agent.destroy();
  }

  // Configurations each adapter refuses: what is thrown (at boot, never per request).
  const bad = [undefined, null, 'T', 5, [T], {}, { token: '' }, { token: T, onError: 1 }, { token: T, onError: null }, { token: T, onError: 'x' }, { token: T, extra: 1 }, { token: T, prefix: '/x' }, { token: T, match: '/x' }, { token: T, maxAge: -1 }];
  for (const [i, o] of bad.entries()) {
    await thrown(`bad express ${i}`, () => typeof expressHostsign(o));
    await thrown(`bad koa ${i}`, () => typeof koaHostsign(o));
    await thrown(`bad hono ${i}`, () => typeof honoHostsign(o));
    await thrown(`bad egg ${i}`, () => typeof eggHostsign(o));
    await thrown(`bad nest ${i}`, () => typeof new nestjs.HostSignGuard(o));
    await thrown(`bad fastify ${i}`, async () => {
      const app = Fastify();
      try {
        await app.register(fastifyHostsign, o);
        await app.ready();
        return 'registered';
      } finally {
        await app.close();
      }
    });
  }
  // The plugin's metadata, as Fastify reads it.
  record('fastify meta', show({ skip: fastifyHostsign[Symbol.for('skip-override')], name: fastifyHostsign[Symbol.for('fastify.display-name')], meta: fastifyHostsign[Symbol.for('plugin-meta')] }));
  return slice.length;
}
