import { connection } from 'next/server';
import { hostsign } from '@/lib/hostsign';

export async function GET(request: Request) {
  // Wait for a request: with cacheComponents, Next prerenders a GET handler
  // at build time unless it does.
  await connection();
  const result = hostsign().verifyRequest(request);
  if (!result.ok) return Response.json({ error: result.code, message: result.message }, { status: 401 });
  return Response.json({ appid: result.appid, runtime: 'nodejs' });
}
