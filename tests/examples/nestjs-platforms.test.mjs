// examples/nestjs-platforms: a NestJS 12 app (its own package.json and lockfile),
// installed in a copy under target/ with the packed package and compiled by
// tsc with the compiler options `nest new` (Nest 12) writes (strict,
// isolatedModules, emitDecoratorMetadata): HostSignGuard by @UseGuards (options from HostSignModule.forRoot,
// or a guard made in place with onError) and @HostSign() over real HTTP on
// Nest's Express and Fastify platforms, and a CommonJS app (require() of
// wechat-hostsign/nestjs's CommonJS build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOKEN, checkEndpoint, checkNestApp } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';

const dir = installApp('nestjs-platforms');
const tsc = join(dir, 'node_modules/typescript/bin/tsc');
const env = { PLUGIN_TOKEN: TOKEN, PORT: '0' };

test("NestJS: the app compiles with nest new's tsconfig (strict, isolatedModules, emitDecoratorMetadata), where a value import of VerifySuccess would not", async () => {
  await promisify(execFile)(process.execPath, [tsc, '-p', '.'], { cwd: dir });
  // The same controller with `import { VerifySuccess }`: TS1272 under that tsconfig.
  const valueImport = readFileSync(join(dir, 'src/hello.controller.ts'), 'utf8').replace("import type { VerifySuccess }", 'import { VerifySuccess }');
  writeFileSync(join(dir, 'src/value-import.ts'), valueImport.replace('class HelloController', 'class ValueImportController'));
  try {
    const r = await promisify(execFile)(process.execPath, [tsc, '-p', '.', '--noEmit'], { cwd: dir }).catch((e) => e);
    assert.match(r.stdout, /src\/value-import\.ts\(\d+,\d+\): error TS1272: /);
  } finally {
    rmSync(join(dir, 'src/value-import.ts'));
  }
});

for (const platform of ['express', 'fastify']) {
  test(`NestJS on ${platform}: @UseGuards(HostSignGuard) and @HostSign(), every case`, async () => {
    const server = await startServer(process.execPath, ['dist/main.js'], { cwd: dir, env: { ...env, PLATFORM: platform } });
    try {
      await checkNestApp(server.url);
    } finally {
      await server.stop();
    }
  });
}

test('NestJS, a CommonJS app: require() loads the CommonJS build, every case', async () => {
  const resolved = createRequire(join(dir, 'dist/commonjs.cjs')).resolve('wechat-hostsign/nestjs');
  assert.match(resolved, /wechat-hostsign\/dist\/nestjs\.cjs$/);
  const server = await startServer(process.execPath, ['dist/commonjs.cjs'], { cwd: dir, env });
  try {
    assert.ok((await checkEndpoint(server.url + '/api/hello')) >= 12);
  } finally {
    await server.stop();
  }
});

test('NestJS: bad options throw at boot, naming the guard and its options (import and require)', async () => {
  const appRequire = createRequire(join(dir, 'package.json'));
  const esm = await import(appRequire.resolve('wechat-hostsign/nestjs').replace(/\.cjs$/, '.js'));
  const cjs = appRequire('wechat-hostsign/nestjs');
  const core = await import(join(dir, 'node_modules/wechat-hostsign/dist/node.js'));
  for (const { HostSignGuard } of [esm, cjs]) {
    assert.throws(
      () => new HostSignGuard({ token: 'T', onerror: () => true }),
      (e) =>
        e instanceof core.HostSignError &&
        e.message.startsWith("Unknown option 'onerror' (did you mean 'onError'?); HostSignGuard of wechat-hostsign/nestjs takes token,") &&
        e.message.endsWith(' and onError.'),
    );
    assert.throws(() => new HostSignGuard({}), /^HostSignError: HostSignGuard of wechat-hostsign\/nestjs: No token/);
  }
});
