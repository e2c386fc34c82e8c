// A Tencent EdgeOne Pages Node Function (node-functions/api/hello.js serves
// /api/hello): the request is a Fetch Request, context.request. Set
// PLUGIN_TOKEN in the project's environment variables (locally: .env). The
// verifier is made on first use, so that a build without the token passes.
import { createVerifier } from 'wechat-hostsign';

let verifier;

export function onRequest(context) {
  verifier ??= createVerifier({ token: process.env.PLUGIN_TOKEN });
  const result = verifier.verifyRequest(context.request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid });
}
