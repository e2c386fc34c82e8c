// The middleware types (wechat-hostsign/hono, /express, /koa, /fastify, /egg)
// against the real Hono and Fastify types and node:http; compiled by
// `tsc -p tests/types`. @ts-expect-error lines must fail to type-check.
import { createServer } from 'node:http';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { HostSignError, type VerifySuccess } from 'wechat-hostsign';
import { hostsign as honoHostsign } from 'wechat-hostsign/hono';
import { hostsign as expressHostsign, type HostSignMiddleware } from 'wechat-hostsign/express';
import { hostsign as koaHostsign } from 'wechat-hostsign/koa';
import fastifyHostsign from 'wechat-hostsign/fastify';

// Hono: c.get('hostsign') is typed.
const app = new Hono();
app.use('/api/*', honoHostsign({ token: 'T', onError: (failure, c) => c.json({ nope: failure.code }, 403) }));
app.get('/api/hello', honoHostsign({ tokens: ['a', 'b'] }), (c) => {
  const r: VerifySuccess = c.get('hostsign');
  return c.json({ appid: r.appid });
});
// Typed through ContextVariableMap: also c.var, and in an app with Bindings of its own.
const typed = new Hono<{ Bindings: { PLUGIN_TOKEN: string } }>();
typed.use('/api/*', (c, next) => honoHostsign({ token: c.env.PLUGIN_TOKEN })(c, next));
typed.get('/api/hello', (c) => c.json({ appid: c.var.hostsign.appid, kind: c.get('hostsign').version.kind }));
// @ts-expect-error onError is a function
honoHostsign({ token: 'T', onError: 'no' });
// @ts-expect-error a token is required
honoHostsign({ onError: () => undefined });

// Express / Connect / node:http: req.hostsign.
const guard: HostSignMiddleware = expressHostsign({ token: 'T', maxAge: 660, onError: (f, req, res) => res.writeHead(401).end(f.code) });
createServer((req, res) => {
  const result = guard(req, res);
  if (!result.ok) return;
  const appid: string = result.appid;
  res.end(appid);
});
guard(null as never, null as never, (err?: unknown) => void err);
// Express's Request (global augmentation) carries hostsign.
declare const expressReq: Express.Request;
const maybe: VerifySuccess | undefined = expressReq.hostsign;
void maybe;
// @ts-expect-error unknown options are refused
expressHostsign({ token: 'T', appid: ['x'] });

// Koa: a middleware taking (ctx, next).
const koa = koaHostsign({ token: 'T', onError: (f, ctx) => void (ctx.body = { error: f.code }) });
void (koa satisfies (ctx: { req: import('node:http').IncomingMessage; state: any; status: number; body: unknown }, next: () => Promise<unknown>) => Promise<void>);

// Fastify: a plugin with typed options; request.hostsign is declared.
const fastify = Fastify();
fastify.register(fastifyHostsign, { token: 'T', onError: (f, request, reply) => reply.code(403).send({ error: f.code }) });
fastify.get('/', async (request) => {
  const r: VerifySuccess | null = request.hostsign;
  return { appid: r?.appid };
});
// @ts-expect-error the plugin's options need a token
fastify.register(fastifyHostsign, { maxAge: 60 });

void HostSignError;

// Egg: the factory Egg calls with config.hostsign (Egg's own keys beside the options) and the app.
import eggHostsign from 'wechat-hostsign/egg';
const eggMiddleware = eggHostsign({ match: '/api', ignore: /^\/health/, enable: true, token: 'T', onError: (f, ctx) => void (ctx.body = { error: f.code }) }, {});
void (eggMiddleware satisfies (ctx: { req: import('node:http').IncomingMessage; state: any; status: number; body: unknown }, next: () => Promise<unknown>) => Promise<void>);
// @ts-expect-error a token is still required
eggHostsign({ match: '/api' }, {});

// Every middleware takes the verifier's locale.
void [honoHostsign({ token: 'T', locale: 'zh-CN' }), expressHostsign({ token: 'T', locale: 'zh-CN' }), koaHostsign({ token: 'T', locale: 'zh-CN' })];
