// Types of wechat-hostsign/egg (structural: no dependency on egg's types).
import type { KoaContextLike, KoaHostSignOptions } from 'wechat-hostsign/koa';

/**
 * `config.hostsign`: the verifier options and `onError`, beside Egg's own
 * `match`, `ignore` and `enable`, which Egg reads.
 */
export type EggHostSignOptions = KoaHostSignOptions & {
  match?: unknown;
  ignore?: unknown;
  enable?: boolean;
};

/** Egg's middleware factory `(options, app)`. Throws `HostSignError` (`INVALID_OPTIONS`) at boot for bad options. */
export declare function hostsign(options: EggHostSignOptions, app?: unknown): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;
export default hostsign;
