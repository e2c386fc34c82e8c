// Interleaved rounds: each round runs every contender over the same request
// mix, in a rotating order, and records ops/s; the report gives the median
// per contender and ratios against the package. Runs anywhere performance.now
// advances (Node, Deno, Bun, browsers; not inside workerd, see workerd.mjs).

export async function compare(contenders, mix, { rounds = 15, minMs = 200, now = () => performance.now() } = {}) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  // Calibrate: iterations per round so the package takes about minMs.
  for (const name of names) await runBatch(contenders[name], mix, 2 * mix.length); // warm-up + correctness
  const iters = {};
  for (const name of names) {
    let n = mix.length;
    for (;;) {
      const t0 = now();
      await runBatch(contenders[name], mix, n);
      const dt = now() - t0;
      if (dt >= minMs / 4 || n > 5e7) {
        iters[name] = Math.max(mix.length, Math.round((n * minMs) / Math.max(dt, 0.001)));
        break;
      }
      n *= 4;
    }
  }
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      const n = iters[name];
      const t0 = now();
      await runBatch(contenders[name], mix, n);
      const dt = now() - t0;
      samples[name].push((n / dt) * 1000);
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const result = {};
  for (const name of names) result[name] = { opsPerSec: median(samples[name]), min: Math.min(...samples[name]), max: Math.max(...samples[name]), rounds };
  return result;
}

async function runBatch(fn, mix, n) {
  let ok = 0;
  const isAsync = fn.constructor.name === 'AsyncFunction';
  for (let i = 0; i < n; i++) {
    const q = mix[i % mix.length];
    const r = isAsync ? await fn(q.referer, q.hostsign, q) : fn(q.referer, q.hostsign, q);
    if (r.ok !== q.valid) throw new Error(`benchmark contender misjudged a request: ${JSON.stringify(r)}`);
    ok++;
  }
  return ok;
}

export function table(title, result, base) {
  const lines = [title, '| contender | ops/s (median) | min | max | package ÷ this |', '|---|---:|---:|---:|---:|'];
  const fmt = (x) => (x >= 1e6 ? (x / 1e6).toFixed(2) + ' M' : x >= 1e3 ? (x / 1e3).toFixed(1) + ' k' : x.toFixed(0));
  for (const [name, r] of Object.entries(result)) {
    const ratio = name === base ? '1.00×' : (result[base].opsPerSec / r.opsPerSec).toFixed(2) + '×';
    lines.push(`| ${name} | ${fmt(r.opsPerSec)} | ${fmt(r.min)} | ${fmt(r.max)} | ${ratio} |`);
  }
  return lines.join('\n');
}

/**
 * Short interleaved rounds, for differences of a few nanoseconds on a shared
 * machine: each round runs every case (`{ run, iters }`) in a rotating
 * order and records ns per call. Returns one array of samples per case;
 * read them with `quantile` (a low one: rounds that lost the CPU are slow,
 * never fast). Warms every case up first.
 */
export function interleaved(cases, rounds) {
  for (const c of cases) for (let i = 0; i < c.iters; i++) c.run();
  const samples = cases.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < cases.length; j++) {
      const idx = (j + r) % cases.length;
      const { run, iters } = cases[idx];
      const t0 = performance.now();
      for (let i = 0; i < iters; i++) run();
      samples[idx].push(((performance.now() - t0) * 1e6) / iters);
    }
  }
  return samples;
}

/** The `q` quantile of `xs` (0 ≤ q ≤ 1). */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))];
}
