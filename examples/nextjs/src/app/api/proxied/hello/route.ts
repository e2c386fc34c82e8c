import { headers } from 'next/headers';

// Behind src/proxy.ts: the request got here verified.
export async function GET() {
  return Response.json({ appid: (await headers()).get('x-hostsign-appid'), runtime: 'proxy' });
}
