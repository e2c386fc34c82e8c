// Deno 2: `deno add npm:wechat-hostsign`, then
// `deno run --allow-net --allow-env=PLUGIN_TOKEN,PORT main.ts` (the package itself needs no permission).
import { createVerifier } from 'wechat-hostsign';

const verifier = createVerifier({ token: Deno.env.get('PLUGIN_TOKEN') });

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 3000), hostname: '127.0.0.1', onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`) }, (request) => {
  const result = verifier.verifyRequest(request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid });
});
