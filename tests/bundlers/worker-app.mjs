// A Worker app importing the package, for the bundler test: esbuild bundles
// it with wrangler's conditions, workerd runs it. GET /?token=… verifies the
// request's headers and answers with the result.
import { createVerifier, sign } from 'wechat-hostsign';

export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/sign') return Response.json(sign({ appid: 'wx0123456789abcdef', token: url.searchParams.get('token') }));
    const result = createVerifier({ token: url.searchParams.get('token') }).verifyRequest(request);
    return Response.json(result, { status: result.ok ? 200 : 401 });
  },
};
