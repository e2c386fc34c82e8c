// The edge route of the test's variant of examples/nextjs: cacheComponents
// off (Next refuses a `runtime` export with it on), built by webpack. The
// package's `edge-light` entry imports the .wasm as a module (Next's edge
// sandbox forbids compiling wasm from bytes).
import { hostsign } from '@/lib/hostsign';

export const runtime = 'edge';

export function GET(request: Request) {
  const result = hostsign().verifyRequest(request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid, runtime: 'edge' });
}
