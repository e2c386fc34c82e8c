// A route behind proxy.ts: the request got here verified.
import { headers } from 'next/headers';

export async function GET() {
  return Response.json({ appid: (await headers()).get('x-hostsign-appid'), runtime: 'proxy' });
}
