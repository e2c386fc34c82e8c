// Writes the committed seed corpus fuzz/seeds/<target>/ from the test
// vectors (tests/vectors/cases.json), in the raw input layout of
// fuzz/src/lib.rs: referer 0xFF hostsign 0xFF tokens (0xFE between) 0xFF config.
// The grown corpus lives in fuzz/corpus/ and is not committed.
//
//   node fuzz/make-seeds.mjs          rewrite fuzz/seeds/
//   node fuzz/make-seeds.mjs --check  exit 1 if fuzz/seeds/ is out of date
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cases = JSON.parse(readFileSync(join(root, 'tests/vectors/cases.json'), 'utf8'));
const APPIDS = ['wx0123456789abcdef', 'wxfedcba9876543210', 'touristappid', 'wx0000000000000000'];
const KINDS = ['develop', 'devtools', 'release'];
const FF = Buffer.from([0xff]);
const FE = Buffer.from([0xfe]);

function config(options, now, headers) {
  const c = Buffer.alloc(17);
  let flags = 4; // `now` absolute: the vector's clock
  if (options.strictAppid === false) flags |= 1;
  if (options.maxAge === null) flags |= 2;
  else if (options.maxAge !== undefined) c.writeUInt16LE(options.maxAge ^ 660, 3);
  if (options.clockSkew !== undefined) c.writeUInt16LE(options.clockSkew ^ 60, 5);
  if (options.appids) {
    flags |= 8;
    for (const a of options.appids) c[15] |= 1 << APPIDS.indexOf(a);
  }
  if (options.versions) {
    flags |= 16;
    for (const v of options.versions) c[16] |= 1 << KINDS.indexOf(v);
  }
  c[0] = flags;
  c[1] = headers.referer == null ? 1 : 0;
  c[2] = headers.hostsign == null ? 1 : 0;
  c.writeBigInt64LE(BigInt(now), 7);
  return c;
}

const seeds = { hostsign: new Map(), referer: new Map(), verify: new Map() };
// Deduplicated, except verify: one seed per vector, in order (fuzz/src/lib.rs
// checks the reference against each vector's expectation through them).
const add = (target, buf) => seeds[target].set(target === 'verify' ? seeds[target].size : buf.toString('hex'), buf);
for (const { headers, options, now } of cases) {
  const referer = Buffer.from(headers.referer ?? '', 'utf8');
  const hostsign = Buffer.from(headers.hostsign ?? '', 'utf8');
  if (headers.referer != null) add('referer', referer);
  if (headers.hostsign != null) add('hostsign', hostsign);
  const tokens = Buffer.from((options.tokens ?? [options.token]).join('\u0000'), 'utf8');
  // Tokens are joined with 0xFE (NUL stands in above, as no vector token has one).
  const joined = Buffer.from(tokens.map((b) => (b === 0 ? 0xfe : b)));
  add('verify', Buffer.concat([referer, FF, hostsign, FF, joined, FF, config(options, now, headers)]));
}
// HostSigns whose unknown keys are built to collide in the duplicate-key
// table, so that the fallback sort decides (with and without a duplicate).
const { collidingKeys, withKeys } = await import('../tests/lib/keys.mjs');
const compact = '{"noncestr":"0123456789abcdef0123456789abcdef","timestamp":1711421951,"signature":"77d96ff7ca1e43babf41d2c16a550e7a6b4a20fe"}';
const colliding = collidingKeys();
add('hostsign', Buffer.from(withKeys(compact, colliding)));
add('hostsign', Buffer.from(withKeys(compact, colliding.slice(1), `,"${colliding[0]}":1,"${colliding[0]}":2`)));
// Structured inputs (sign, mutate, verify): 0xFE, then bytes `arbitrary` reads.
let state = 0x5eed;
const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
for (let i = 0; i < 16; i++) add('verify', Buffer.concat([FE, Buffer.from(Array.from({ length: 64 + 8 * i }, rand))]));

const dir = join(root, 'fuzz/seeds');
const want = new Map();
for (const [target, m] of Object.entries(seeds)) {
  [...m.values()].forEach((buf, i) => want.set(`${target}/${String(i).padStart(3, '0')}`, buf));
}
// The differential target reads the same inputs as verify.
for (const [k, v] of [...want]) if (k.startsWith('verify/')) want.set(k.replace('verify/', 'differential/'), v);

if (process.argv.includes('--check')) {
  const have = new Map();
  for (const t of readdirSync(dir)) for (const f of readdirSync(join(dir, t))) have.set(`${t}/${f}`, readFileSync(join(dir, t, f)));
  const same = have.size === want.size && [...want].every(([k, v]) => have.get(k)?.equals(v));
  if (!same) {
    console.error('fuzz/seeds is out of date: run node fuzz/make-seeds.mjs');
    process.exit(1);
  }
  console.log(`fuzz/seeds up to date (${want.size} files)`);
} else {
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of want) {
    mkdirSync(join(dir, k.split('/')[0]), { recursive: true });
    writeFileSync(join(dir, k), v);
  }
  console.log(`wrote ${want.size} seeds to fuzz/seeds/`);
}
