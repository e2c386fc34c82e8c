import { NextResponse, type NextRequest } from 'next/server';
import { hostsign } from '@/lib/hostsign';

// Verifies every request under /api/proxied before any route sees it, and
// hands the route the verified AppID in a header set here (a client cannot send it).
export function proxy(request: NextRequest) {
  const result = hostsign().verifyRequest(request);
  if (!result.ok) return NextResponse.json({ error: result.code, message: result.message }, { status: 401 });
  const headers = new Headers(request.headers);
  headers.set('x-hostsign-appid', result.appid);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: '/api/proxied/:path*' };
