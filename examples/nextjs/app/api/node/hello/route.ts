// A route handler on the nodejs runtime (the default).
import { hostsign } from '../../../../lib/hostsign';

export function GET(request: Request) {
  const result = hostsign().verifyRequest(request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid, runtime: 'nodejs' });
}
