// The app's verifier, made on first use and then reused. Not at import:
// `next build` loads every route to collect its configuration, where the
// runtime's secrets (PLUGIN_TOKEN) are usually not set.
import { createVerifier, type Verifier } from 'wechat-hostsign';

let verifier: Verifier | undefined;

export function hostsign(): Verifier {
  return (verifier ??= createVerifier({ token: process.env.PLUGIN_TOKEN! }));
}
