// A Tencent EdgeOne Pages Edge Function (edge-functions/api/edge.js serves
// /api/edge), in EdgeOne's V8 isolates: the CLI bundles it with the
// package's `default` entry (the wasm inlined, compiled from bytes on first
// use; whether EdgeOne's isolates allow that could not be tested here).
import { createVerifier } from 'wechat-hostsign';

let verifier;

export function onRequest(context) {
  verifier ??= createVerifier({ token: context.env.PLUGIN_TOKEN });
  const result = verifier.verifyRequest(context.request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid, runtime: 'edge' });
}
