// A route handler on the edge runtime: the package's `edge-light` entry
// imports the .wasm as a module (no compiling from bytes at run time).
import { hostsign } from '../../../../lib/hostsign';

export const runtime = 'edge';

export function GET(request: Request) {
  const result = hostsign().verifyRequest(request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid, runtime: 'edge' });
}
