// Verifiers: createVerifier() and its Verifier, and the one-shot verify()
// and verifyRequest().

import { localized } from './results.js';
import { requestHeaders } from './request-headers.js';
import { newInner, oneShot, release, verifyWith } from './engine.js';

/** verifyWith for a request: its headers found, and whether the runtime may have joined them. */
function verifyRequestWith(held, request, now, cache) {
  const headers = requestHeaders(request);
  return verifyWith(held, headers, now, cache, headers !== null && headers.joinable);
}

// A verifier nobody disposed releases its slot when it is collected.
const collected = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : null;

/**
 * A configured verifier. Create one and reuse it; verifiers with the same
 * options share their state in wasm memory, so making one per request
 * (disposed or not) costs little and holds no more memory.
 */
class Verifier {
  // Its slot in wasm memory, the instance it is in, the checked options that
  // rebuild it in another, and its cache: `{ slot, gen, spec, cache }`.
  #held;

  constructor(held) {
    this.#held = held;
    collected?.register(this, held, this);
  }

  /** Verifies `{ referer, hostsign }` header values at `now` (default: the clock). */
  verify(headers, now) {
    const held = this.#held;
    return localized(verifyWith(held, headers, now, held.cache, false), held.zh);
  }

  /** Verifies a Fetch Request or Headers, a Node IncomingMessage, or a plain header object. */
  verifyRequest(request, now) {
    const held = this.#held;
    return localized(verifyRequestWith(held, request, now, held.cache), held.zh);
  }

  /**
   * Releases the verifier now instead of when it is collected (its tokens
   * are then wiped from wasm memory, unless another verifier has the same
   * options). Calling it again does nothing; verifying afterwards throws
   * HostSignError.
   */
  dispose() {
    const held = this.#held;
    // Released first: if that throws (a stack at its limit), nothing has
    // changed, and the finalizer still holds the slot. Again after a
    // dispose(), it releases slot -1, which the engine ignores: nothing.
    release(held);
    held.slot = -1;
    held.spec = null;
    held.cache = null;
    collected?.unregister(this);
  }
}

/** Builds a verifier; throws HostSignError (INVALID_OPTIONS) for bad options. */
export function createVerifier(options) {
  return new Verifier(newInner(options, true));
}

/** One-shot verify: `verify({ referer, hostsign }, { token, now, ...options })`. */
export function verify(headers, options) {
  return oneShot(options, (held, now) => verifyWith(held, headers, now, null, false), 'verify()');
}

/** One-shot verifyRequest: `verifyRequest(request, { token, now, ...options })`. */
export function verifyRequest(request, options) {
  return oneShot(options, (held, now) => verifyRequestWith(held, request, now, null), 'verifyRequest()');
}
