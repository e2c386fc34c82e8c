// The request mix every benchmark runs: valid and forged requests made with
// the package's sign(), in a fixed order (2 valid : 1 forged).
export const TOKEN = 'bench-plugin-token-0123456789';
export const NOW = 1711421951 + 30;

export function requestMix(sign, n = 300) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const appid = 'wx' + (0x1000000000000000n + BigInt(i) * 7919n).toString(16).slice(-16);
    const s = sign({ appid, token: i % 3 === 2 ? 'forged-token' : TOKEN, timestamp: 1711421951, version: 1 + (i % 50) });
    out.push({ referer: s.referer, hostsign: s.hostsign, valid: i % 3 !== 2 });
  }
  return out;
}
