// Types of the wechat-hostsign package (the same for every runtime entry).

/** Every outcome code. Only `INVALID_OPTIONS` is thrown; the others are returned. */
export type OutcomeCode =
  | 'MISSING_REFERER'
  | 'MISSING_HOSTSIGN'
  | 'MALFORMED_REFERER'
  | 'UNSIGNED'
  | 'MALFORMED_HOSTSIGN'
  | 'APPID_NOT_ALLOWED'
  | 'VERSION_NOT_ALLOWED'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'INVALID_OPTIONS';

/** The codes a verification can return. */
export type FailureCode = Exclude<OutcomeCode, 'INVALID_OPTIONS'>;

/** Every outcome code, in the order of the contract. */
export declare const CODES: readonly OutcomeCode[];

/** `0` in the Referer is develop (develop/trial/review builds), `devtools` the developer tools, a number a release. */
export type VersionKind = 'develop' | 'devtools' | 'release';

/** The version segment of the Referer. It is not signed. */
export type Version =
  | { readonly kind: 'develop' }
  | { readonly kind: 'devtools' }
  | { readonly kind: 'release'; readonly number: number };

interface CommonOptions {
  /** Oldest accepted HostSign, in seconds. Default 660 (10-minute rotation + 60 s). `null` turns the age check off. */
  maxAge?: number | null;
  /** How far in the future a timestamp may be, in seconds. Default 60. */
  clockSkew?: number;
  /** Accept only these AppIDs. Omit to accept any. */
  appids?: readonly string[];
  /** Accept only these version kinds (a guard against misconfiguration, not attackers: the version is unsigned). */
  versions?: readonly VersionKind[];
  /** `true` (default): AppIDs must be `wx` + 16 lowercase hex. `false`: 1–64 of `[A-Za-z0-9_-]` (e.g. `touristappid`). */
  strictAppid?: boolean;
  /**
   * `createVerifier` keeps the header pairs it verified, so that a repeat (WeChat reuses one HostSign per
   * client for up to 10 minutes) is answered without hashing again; freshness is still checked on every call.
   * Default `true` (1024 pairs); `{ size }` up to that many pairs (2 to 1048576, rounded down to a power of two);
   * `false` turns it off.
   */
  cache?: boolean | { size?: number };
  /**
   * The language of a failure's `message`: `'en'` (default) or `'zh-CN'` (Chinese, for a server that answers
   * Chinese-speaking plugin developers). The `code` never changes with the language.
   */
  locale?: Locale;
}

/** The languages of failure messages. */
export type Locale = 'en' | 'zh-CN';

/**
 * Verifier options: exactly one of `token` or `tokens` (newest first, for rotation).
 * `token` may be typed `string | undefined`, so that `token: process.env.PLUGIN_TOKEN` type-checks
 * (with `exactOptionalPropertyTypes` too); an undefined token is refused when the verifier is made,
 * with a message that says the variable is not set.
 */
export type VerifierOptions = CommonOptions &
  (
    | { /** The plugin's token (from its settings page). */ token: string | undefined; tokens?: never }
    | { /** Several tokens during rotation, newest first; `tokenIndex` says which matched. */ tokens: readonly string[]; token?: never }
  );

/** A time: seconds since the Unix epoch (not milliseconds), or a Date. */
export type Now = number | Date;

/** A header value as frameworks give it. An array of two or more is a repeated header (malformed). */
export type HeaderValue = string | readonly string[] | null | undefined;

/** The two headers. */
export interface HostSignHeaders {
  referer?: HeaderValue;
  hostsign?: HeaderValue;
}

/** Anything `verifyRequest` reads headers from. */
export type RequestLike =
  | { readonly headers: { get(name: string): string | null } } // Fetch Request
  | { get(name: string): string | null } // Fetch Headers
  | { readonly rawHeaders: readonly string[] } // Node IncomingMessage (also a WebSocket upgrade)
  | { readonly raw: RequestLike } // Fastify's request, Hono's c.req
  | { readonly req: RequestLike } // Koa's ctx and ctx.request, Hono's c
  | { readonly request: RequestLike } // SvelteKit's and Astro's event
  | { readonly headers: Readonly<Record<string, HeaderValue>> } // a serverless event (CloudBase, SCF), a framework's request
  | { readonly multiValueHeaders: Readonly<Record<string, readonly string[]>>; readonly headers?: Readonly<Record<string, HeaderValue>> } // an API gateway's event
  | Readonly<Record<string, HeaderValue>>; // plain header object

// Each success type declares its failure's `code` and `message` as absent
// (and VerifyFailure the success's fields): with `strict` (strictNullChecks)
// off, as Next.js writes its tsconfig, TypeScript does not narrow a union on
// `!result.ok`, and `result.code` must still type-check after it.

/** The fields of a failure, absent from a success. */
interface NoFailure {
  readonly code?: undefined;
  readonly message?: undefined;
}

export interface VerifySuccess extends NoFailure {
  readonly ok: true;
  /** The host Mini Program's AppID (signed). */
  readonly appid: string;
  /** The build's version (not signed). */
  readonly version: Version;
  readonly noncestr: string;
  /** Seconds since the Unix epoch. */
  readonly timestamp: number;
  /** `now - timestamp`, in seconds (negative within clockSkew). */
  readonly age: number;
  /** Which configured token matched (0 = the first). */
  readonly tokenIndex: number;
}

export interface VerifyFailure<C extends OutcomeCode = FailureCode> {
  readonly ok: false;
  readonly code: C;
  /** One sentence that says what to fix. Never contains the token. */
  readonly message: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

export interface Verifier {
  /** Verifies the two header values at `now` (default: the system clock). */
  verify(headers: HostSignHeaders, now?: Now): VerifyResult;
  /**
   * Verifies a Fetch Request or Headers, a Node IncomingMessage (also a WebSocket upgrade), a framework's
   * request or context around one (Koa ctx, Fastify request, Hono c), a serverless event with `headers`
   * (and `multiValueHeaders`: CloudBase, Tencent SCF), or a plain header object. Where the headers may
   * have been joined (anything but Node's rawHeaders), a value with ", " counts as repeated.
   */
  verifyRequest(request: RequestLike, now?: Now): VerifyResult;
  /**
   * Frees the verifier's wasm memory (and wipes its tokens) now rather than when it is collected. A second
   * call does nothing; verifying with a disposed verifier throws `HostSignError`.
   */
  dispose(): void;
}

/** The error thrown for bad options or arguments; nothing else throws. */
export declare class HostSignError extends Error {
  readonly name: 'HostSignError';
  readonly code: 'INVALID_OPTIONS';
}

/** Builds a verifier. Throws `HostSignError` (`INVALID_OPTIONS`) for bad options. */
export declare function createVerifier(options: VerifierOptions): Verifier;

/** One-shot verification. Prefer `createVerifier` on a hot path. */
export declare function verify(headers: HostSignHeaders, options: VerifierOptions & { now?: Now }): VerifyResult;

/** One-shot `verifyRequest`. */
export declare function verifyRequest(request: RequestLike, options: VerifierOptions & { now?: Now }): VerifyResult;

export interface SignOptions {
  appid: string;
  token: string;
  /** Default: 32 random lowercase hex digits, as WeChat sends. */
  noncestr?: string;
  /** A number is written as a JSON number (as real traffic does), a string of digits as a JSON string. Default: now. */
  timestamp?: number | string;
  /** `0`/`'develop'`, `'devtools'`, or a release number. Default 0. */
  version?: number | 'develop' | 'devtools' | `${number}`;
  /** Default true. */
  strictAppid?: boolean;
}

export interface Signed {
  /** The Referer header value. */
  readonly referer: string;
  /** The X-WECHAT-HOSTSIGN header value (ASCII JSON). */
  readonly hostsign: string;
  /** 40 lowercase hex digits. */
  readonly signature: string;
  /** Both headers, ready for `fetch(url, { headers })` in Node (browsers forbid setting Referer). */
  readonly headers: { readonly referer: string; readonly 'x-wechat-hostsign': string };
}

/** Makes a valid header pair (for tests and fixtures). Throws `HostSignError` for bad options. */
export declare function sign(options: SignOptions): Signed;

/** `sha1([appid, noncestr, timestamp, token].sort().join(''))`, 40 lowercase hex digits. */
export declare function signature(appid: string, noncestr: string, timestamp: string | number, token: string): string;

export interface ParsedReferer extends NoFailure {
  readonly ok: true;
  readonly appid: string;
  readonly version: Version;
}

/** Parses a Referer. */
export declare function parseReferer(
  referer: HeaderValue,
  options?: { strictAppid?: boolean },
): ParsedReferer | VerifyFailure<'MISSING_REFERER' | 'MALFORMED_REFERER'>;

export interface ParsedHostSign extends NoFailure {
  readonly ok: true;
  readonly noncestr: string;
  /** Seconds since the Unix epoch. */
  readonly timestamp: number;
  /** The timestamp's digits exactly as written: the text that is signed. */
  readonly timestampText: string;
  /** 40 lowercase hex digits. */
  readonly signature: string;
}

/** Parses an X-WECHAT-HOSTSIGN value. */
export declare function parseHostSign(
  hostsign: HeaderValue,
): ParsedHostSign | VerifyFailure<'MISSING_HOSTSIGN' | 'UNSIGNED' | 'MALFORMED_HOSTSIGN'>;
