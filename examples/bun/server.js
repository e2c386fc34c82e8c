// Bun: `bun add wechat-hostsign`, then `bun server.js`.
import { createVerifier } from 'wechat-hostsign';

const verifier = createVerifier({ token: process.env.PLUGIN_TOKEN });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
  fetch(request) {
    const result = verifier.verifyRequest(request);
    if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
    return Response.json({ appid: result.appid });
  },
});
console.log(`listening on http://127.0.0.1:${server.port}`);
