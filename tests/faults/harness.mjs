// The fault-injection harness (tests/faults/*.test.mjs): sees every wasm
// instance the package makes and every call the package (and wasm-bindgen's
// glue, for its argument strings) makes into it, so that a test can grow the
// memory after any one of them, and checks what must hold after a fault.
//
// Import it before the package: it wraps the WebAssembly.Instance
// constructor, and the package instantiates on first use.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

/** Every instance made since this module loaded, the newest last. */
export const instances = [];
/** Calls into wasm since this module loaded, by export name. */
export const calls = [];
let hook = null;
let change = null;

const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    const real = instance.exports;
    const exports = {};
    for (const [name, value] of Object.entries(real)) {
      exports[name] =
        typeof value !== 'function'
          ? value
          : (...a) => {
              calls.push(name);
              const r = value(...a);
              if (hook !== null) hook(name, real.memory);
              if (change !== null) {
                const c = change(name, r);
                if (c !== undefined) return c;
              }
              return r;
            };
    }
    instances.push({ exports: real });
    return { exports };
  },
});

/**
 * Runs `fn` with `after(name, memory)` called after each call into wasm
 * (the export's name, the instance's memory).
 */
export function withHook(after, fn) {
  hook = after;
  try {
    return fn();
  } finally {
    hook = null;
  }
}

/**
 * Runs `fn` with `replace(name, result)` asked after each call into wasm: a
 * value other than undefined is returned to the package instead of the
 * engine's answer (an answer the engine should never give, injected).
 */
export function withResult(replace, fn) {
  change = replace;
  try {
    return fn();
  } finally {
    change = null;
  }
}

/** The current instance's memory (the newest; older ones were given up). */
export function memory() {
  return instances.at(-1).exports.memory;
}

/** `sha1([a, n, t, k].sort().join(''))`: the contract's signature, by node:crypto. */
export function oracle(appid, noncestr, timestamp, token) {
  return createHash('sha1').update([appid, noncestr, String(timestamp), token].sort().join(''), 'utf8').digest('hex');
}

/** A header pair built by hand with the oracle's signature (not by the package). */
export function signed({ appid, token, noncestr, timestamp, version = 0 }) {
  return {
    referer: `https://servicewechat.com/${appid}/${version}/page-frame.html`,
    hostsign: `{"noncestr":${JSON.stringify(noncestr)},"timestamp":${timestamp},"signature":"${oracle(appid, noncestr, timestamp, token)}"}`,
  };
}

/** How many times `token` (UTF-8) or any 8-byte window of it occurs in any instance's memory. */
export function traces(token) {
  const t = Buffer.from(token, 'utf8');
  const needles = [t];
  for (let i = 0; i + 8 <= t.length; i++) {
    const w = Buffer.from(t.subarray(i, i + 8));
    needles.push(w, Buffer.from(w).reverse(), Buffer.from(w).swap32());
  }
  let hits = 0;
  for (const { exports } of instances) {
    const bytes = Buffer.from(exports.memory.buffer);
    for (const n of needles) for (let at = bytes.indexOf(n); at !== -1; at = bytes.indexOf(n, at + 1)) hits++;
  }
  return hits;
}

/**
 * What must hold after any fault: a new verifier (other token, default
 * options) is built with nothing left over from the call that failed (it
 * refuses a header signed with `leftover`, accepts a develop build of any
 * AppID, tokenIndex 0), every field it returns is right, and signature()
 * agrees with node:crypto.
 */
export function engineAnswers(api, { leftover = [], now = 1711421951 } = {}) {
  const token = 'healthy-token';
  const appid = 'wx00000000000000aa';
  const noncestr = 'n\u00e9' + now;
  const v = api.createVerifier({ token });
  try {
    const h = signed({ appid, token, noncestr, timestamp: now - 5 });
    assert.deepEqual(v.verify(h, now), {
      ok: true,
      appid,
      version: { kind: 'develop' },
      noncestr,
      timestamp: now - 5,
      age: 5,
      tokenIndex: 0,
    });
    for (const t of leftover) {
      assert.equal(v.verify(signed({ appid, token: t, noncestr, timestamp: now }), now).code, 'BAD_SIGNATURE', 'a leftover token');
    }
    assert.equal(api.signature(appid, noncestr, String(now), token), oracle(appid, noncestr, now, token));
    const p = api.parseHostSign(h.hostsign);
    assert.equal(p.ok && p.noncestr, noncestr);
    assert.deepEqual(api.parseReferer(h.referer), { ok: true, appid, version: { kind: 'develop' } });
  } finally {
    v.dispose();
  }
}

/**
 * `value` behind Proxies that count every read (get, has, ownKeys,
 * getOwnPropertyDescriptor), of it and of every object or array in it, and
 * throw `boom` at read number `at` (1-based). `count()` gives the reads so far.
 */
export function failingAt(value, at, boom = new Error('boom')) {
  let n = 0;
  const read = () => {
    if (++n === at) throw boom;
  };
  const wrap = (v) =>
    typeof v !== 'object' || v === null
      ? v
      : new Proxy(v, {
          get(t, k, r) {
            read();
            return wrap(Reflect.get(t, k, r));
          },
          has(t, k) {
            read();
            return Reflect.has(t, k);
          },
          ownKeys(t) {
            read();
            return Reflect.ownKeys(t);
          },
          getOwnPropertyDescriptor(t, k) {
            read();
            const d = Reflect.getOwnPropertyDescriptor(t, k);
            if (d && 'value' in d) d.value = wrap(d.value);
            return d;
          },
        });
  return { value: wrap(value), count: () => n };
}

/**
 * Calls `op` at every depth near the stack's limit, as the review did, with
 * frames of four sizes (so that the limit falls at every point of a call).
 * Returns the names of the errors thrown (`DEBUG_FAULTS=1` prints the first
 * two that are not RangeError).
 */
export function atEveryDepth(op) {
  const thrown = new Set();
  const others = [];
  const call = () => {
    try {
      op();
    } catch (e) {
      thrown.add(e?.constructor?.name);
      if (!(e instanceof RangeError)) others.push(e);
    }
  };
  const frames = [
    function d0() {
      try {
        d0();
      } catch {}
      call();
    },
    function d1(a) {
      try {
        d1(a);
      } catch {}
      call();
    },
    function d2(a, b, c) {
      try {
        d2(a, b, c);
      } catch {}
      call();
    },
    function d3(a, b, c, d, e) {
      const x = a + b;
      try {
        d3(a, b, c, d, e);
      } catch {}
      call();
      return x;
    },
  ];
  for (const f of frames) f(1, 2, 3, 4, 5);
  if (process.env.DEBUG_FAULTS) for (const e of others.slice(0, 2)) console.log(e);
  return thrown;
}
