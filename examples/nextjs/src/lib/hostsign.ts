import { createVerifier, type Verifier } from 'wechat-hostsign';

let verifier: Verifier | undefined;

// Made on first use, at request time: `next build` runs without the token.
export function hostsign(): Verifier {
  return (verifier ??= createVerifier({ token: process.env.PLUGIN_TOKEN }));
}
