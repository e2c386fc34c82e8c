// examples/nestjs: `nest new`'s output (Nest 12: strict, isolatedModules,
// emitDecoratorMetadata, ES modules, @nestjs/observe) plus the files
// docs/frameworks.md shows whole, installed in a copy under target/ with the
// packed package, linted with its own oxlint, built with its own `npm run build` (nest build) and
// started as its `start:prod` does (node dist/main): HostSignGuard by
// @UseGuards with HostSignModule.forRoot, a guard made in place with
// onError, @HostSign() and req.hostsign, every case over real HTTP. A value
// import of VerifySuccess fails there with TS1272, as the docs say.
// (The Fastify platform and a CommonJS app: examples/nestjs-platforms.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TOKEN, checkNestApp } from '../lib/http-cases.mjs';
import { installApp } from '../lib/app.mjs';
import { startServer } from '../lib/process.mjs';
import { PAGES, blocks } from '../lib/transcripts.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** A free port on 127.0.0.1 (the scaffold's main.ts listens on PORT). */
function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('NestJS: the docs show whole files of examples/nestjs (so nest build type-checks each snippet as pasted)', () => {
  let n = 0;
  for (const page of PAGES) {
    for (const b of blocks(readFileSync(join(root, page), 'utf8'))) {
      const from = b.marker?.startsWith('file: examples/nestjs/') && b.marker.slice('file: '.length);
      if (!from) continue;
      const file = readFileSync(join(root, from), 'utf8');
      assert.equal(b.code.trim(), file.slice(file.search(/^import /m)).trim(), `${page}: ${from} is shown whole`);
      n++;
    }
  }
  assert.ok(n >= 6, `${n} snippets`);
});

const dir = installApp('nestjs');

test('NestJS as nest new makes it: its lint (oxlint --type-aware) passes', async () => {
  // The lint script's command on its files named one by one: oxlint skips
  // folders that an enclosing .gitignore ignores, and target/ is one.
  const files = ['src', 'test'].flatMap((d) => readdirSync(join(dir, d)).filter((f) => f.endsWith('.ts')).map((f) => `${d}/${f}`));
  assert.match(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.lint, /^oxlint --type-aware src\/ test\/$/);
  const { stdout } = await run(join(dir, 'node_modules/.bin/oxlint'), ['--type-aware', ...files], { cwd: dir });
  assert.match(stdout, new RegExp(`Found 0 warnings and 0 errors\\.[\\s\\S]*on ${files.length} files`));
});

test("NestJS as nest new makes it: npm run build; a value import of VerifySuccess fails with TS1272 under its tsconfig", async () => {
  await run('npm', ['run', 'build', '--silent'], { cwd: dir });
  const valueImport = readFileSync(join(dir, 'src/hello.controller.ts'), 'utf8').replace('import type { VerifySuccess }', 'import { VerifySuccess }');
  assert.match(valueImport, /^import \{ VerifySuccess \}/m);
  writeFileSync(join(dir, 'src/value-import.ts'), valueImport.replace('class HelloController', 'class ValueImportController'));
  try {
    const r = await run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noEmit'], { cwd: dir }).catch((e) => e);
    assert.match(r.stdout, /src\/value-import\.ts\(\d+,\d+\): error TS1272: /);
  } finally {
    rmSync(join(dir, 'src/value-import.ts'));
  }
});

test('NestJS as nest new makes it: node dist/main, @UseGuards(HostSignGuard), @HostSign(), req.hostsign, every case', async () => {
  const port = await freePort();
  const server = await startServer(process.execPath, ['dist/main'], {
    cwd: dir,
    env: { PLUGIN_TOKEN: TOKEN, PORT: String(port) },
    ready: /Nest application successfully started()/,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await checkNestApp(url);
  } finally {
    await server.stop();
  }
});
