// An Alibaba Cloud ESA edge routine (边缘函数): `esa-cli commit` bundles it
// (esbuild, platform "browser": the package's `default` entry, the wasm
// inlined), `esa-cli deploy` deploys it. The test passes the token as the
// second argument of fetch; on ESA, take it from where your routine keeps
// its configuration. Made on first use, not at import.
import { createVerifier } from 'wechat-hostsign';

let verifier;

export default {
  async fetch(request, env) {
    verifier ??= createVerifier({ token: env?.PLUGIN_TOKEN });
    const result = verifier.verifyRequest(request);
    if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
    return Response.json({ appid: result.appid });
  },
};
