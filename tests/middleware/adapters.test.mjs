// wechat-hostsign/nestjs and wechat-hostsign/egg called directly, in
// milliseconds: the guard's canActivate with an ExecutionContext, the
// @HostSign() factory as Nest calls it, HostSignModule.forRoot, and Egg's
// middleware with a ctx. Real apps run the same adapters over HTTP in
// tests/examples (nestjs.test.mjs, egg.test.mjs: minutes each, so not in the
// mutation run); here every decision of the adapters is pinned, as mutation
// testing asks (scripts/mutants js).
//
// @nestjs/common is not a dependency of this workspace: tests/lib/nest-stub
// is a miniature of the part the adapter uses (Nest's signatures; it records
// what Nest records), loaded both as Nest 12 ships it (an ES module) and as a
// CommonJS module whose names an import cannot see (the `.default` fallback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { createVerifier, HostSignError } from 'wechat-hostsign';
import egg from 'wechat-hostsign/egg';
import nest from '../lib/nest-stub/impl.cjs';
import { TOKEN, signed } from '../lib/http-cases.mjs';

register('../lib/nest-stub/hooks.mjs', import.meta.url);
const entry = import.meta.resolve('wechat-hostsign/nestjs');
const nest12 = await import(entry);
const nestCommonjs = await import(`${entry}?commonjs`);
assert.notEqual(nest12.HostSignGuard, nestCommonjs.HostSignGuard, 'two instances of the adapter');

/** A Node request as Express (and Egg's ctx.req) hands it: rawHeaders keeps every line. */
function nodeRequest(pairs) {
  return { rawHeaders: pairs.flat(), headers: Object.fromEntries(pairs.map(([k, v]) => [k.toLowerCase(), v])) };
}
/** An ExecutionContext over one HTTP request, as a guard and a parameter decorator get it. */
const contextOf = (request) => ({ switchToHttp: () => ({ getRequest: () => request }) });
const UNSIGNED = () => [['Referer', signed().referer], ['X-WECHAT-HOSTSIGN', '{}']];
const verifier = createVerifier({ token: TOKEN });

/** What canActivate threw (it must reject). */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('canActivate did not throw');
}

for (const [flavour, adapter] of [
  ['Nest 12 (an ES module)', nest12],
  ['a CommonJS @nestjs/common', nestCommonjs],
]) {
  const { HostSignGuard, HostSign, HostSignModule, HOSTSIGN_OPTIONS } = adapter;

  test(`NestJS, ${flavour}: the guard is injectable, with its options injected by HOSTSIGN_OPTIONS`, () => {
    const meta = nest.metadata.get(HostSignGuard);
    assert.equal(meta.injectable, true);
    assert.deepEqual(meta.inject, { 0: HOSTSIGN_OPTIONS });
    // One registered symbol, so that the import and require() copies of the
    // adapter agree on it; its name is what Nest prints when it is missing.
    assert.equal(typeof HOSTSIGN_OPTIONS, 'symbol');
    assert.equal(Symbol.keyFor(HOSTSIGN_OPTIONS), 'wechat-hostsign.nestjs.options');
  });

  test(`NestJS, ${flavour}: HostSignModule.forRoot provides the options to every module`, () => {
    const options = { token: TOKEN };
    assert.deepEqual(HostSignModule.forRoot(options), {
      module: HostSignModule,
      global: true,
      providers: [{ provide: HOSTSIGN_OPTIONS, useValue: options }],
      exports: [HOSTSIGN_OPTIONS],
    });
    assert.equal(HostSignModule.forRoot(options).providers[0].useValue, options);
    assert.deepEqual(nest.metadata.get(HostSignModule).module, {});
  });

  test(`NestJS, ${flavour}: canActivate lets a verified request through with request.hostsign`, async () => {
    const guard = new HostSignGuard({ token: TOKEN });
    for (const request of [nodeRequest(signed().pairs), { raw: nodeRequest(signed().pairs) }]) {
      assert.equal(await guard.canActivate(contextOf(request)), true);
      assert.equal(request.hostsign.ok, true);
      assert.deepEqual(request.hostsign, { ...verifier.verifyRequest(request), age: request.hostsign.age });
    }
  });

  test(`NestJS, ${flavour}: a refused request throws UnauthorizedException with { error, message }`, async () => {
    const guard = new HostSignGuard({ token: TOKEN });
    const cases = [
      [UNSIGNED(), 'UNSIGNED'],
      [signed({ token: 'forged' }).pairs, 'BAD_SIGNATURE'],
      [[...signed().pairs, ['X-WECHAT-HOSTSIGN', signed().hostsign]], 'MALFORMED_HOSTSIGN'],
      [[], 'MISSING_REFERER'],
    ];
    for (const [pairs, code] of cases) {
      const request = nodeRequest(pairs);
      const e = await rejection(guard.canActivate(contextOf(request)));
      assert.ok(e instanceof nest.UnauthorizedException, String(e));
      assert.equal(e.getStatus(), 401);
      const failure = verifier.verifyRequest(request);
      assert.deepEqual(e.getResponse(), { error: code, message: failure.message });
      assert.equal(failure.code, code);
      assert.equal('hostsign' in request, false);
    }
  });

  test(`NestJS, ${flavour}: onError lets a refused request through only by returning true`, async () => {
    const calls = [];
    let answer;
    const guard = new HostSignGuard({
      token: TOKEN,
      onError(failure, context) {
        calls.push([failure.code, context]);
        return answer;
      },
    });
    for (const value of [undefined, false, 1, 'true', {}, Promise.resolve(false)]) {
      answer = value;
      const context = contextOf(nodeRequest(UNSIGNED()));
      const e = await rejection(guard.canActivate(context));
      assert.ok(e instanceof nest.UnauthorizedException, String(value));
      assert.deepEqual(calls.at(-1), ['UNSIGNED', context]);
    }
    for (const value of [true, Promise.resolve(true)]) {
      answer = value;
      const request = nodeRequest(UNSIGNED());
      assert.equal(await guard.canActivate(contextOf(request)), true);
      assert.equal('hostsign' in request, false, 'no result for a refused request');
    }
    // Verified requests never reach onError.
    const count = calls.length;
    assert.equal(await guard.canActivate(contextOf(nodeRequest(signed().pairs))), true);
    assert.equal(calls.length, count);
  });

  test(`NestJS, ${flavour}: an exception of onError's own is what the client gets`, async () => {
    class Forbidden extends Error {}
    const guard = new HostSignGuard({
      token: TOKEN,
      async onError() {
        throw new Forbidden('no');
      },
    });
    assert.ok((await rejection(guard.canActivate(contextOf(nodeRequest(UNSIGNED()))))) instanceof Forbidden);
  });

  test(`NestJS, ${flavour}: @HostSign() gives the result, @HostSign('field') one field, undefined where no guard ran`, () => {
    class Controller {
      hello() {}
    }
    HostSign()(Controller.prototype, 'hello', 0);
    HostSign('appid')(Controller.prototype, 'hello', 1);
    const params = nest.metadata.get(Controller).params.hello;
    const call = (index, request) => params[index].factory(params[index].data, contextOf(request));
    const request = nodeRequest(signed().pairs);
    request.hostsign = verifier.verifyRequest(request);
    assert.equal(call(0, request), request.hostsign);
    assert.equal(call(1, request), 'wx0123456789abcdef');
    // Unguarded: undefined, whether whole or one field.
    assert.equal(call(0, nodeRequest([])), undefined);
    assert.equal(call(1, nodeRequest([])), undefined);
  });

  test(`NestJS, ${flavour}: bad options throw HostSignError when the guard is made, naming it`, () => {
    assert.throws(
      () => new HostSignGuard({}),
      (e) => e instanceof HostSignError && e.message.startsWith('HostSignGuard of wechat-hostsign/nestjs: No token'),
    );
    assert.throws(
      () => new HostSignGuard({ token: TOKEN, onError: true }),
      (e) => e instanceof HostSignError && e.message.startsWith('HostSignGuard of wechat-hostsign/nestjs: onError must be a function'),
    );
  });
}

test('Egg: the middleware made from config.hostsign, with a ctx', async () => {
  const mw = egg({ match: '/api', ignore: undefined, enable: true, token: TOKEN }, {});
  const ok = { req: nodeRequest(signed().pairs), state: {} };
  let nextCalls = 0;
  await mw(ok, async () => {
    nextCalls++;
  });
  assert.equal(nextCalls, 1);
  assert.equal(ok.state.hostsign.ok, true);
  assert.equal(ok.state.hostsign.appid, 'wx0123456789abcdef');
  const refused = { req: nodeRequest(UNSIGNED()), state: {} };
  await mw(refused, async () => nextCalls++);
  assert.equal(nextCalls, 1);
  assert.equal(refused.status, 401);
  assert.deepEqual(refused.body, { error: 'UNSIGNED', message: verifier.verifyRequest(refused.req).message });
  assert.equal(refused.state.hostsign, undefined);
});
