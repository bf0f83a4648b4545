import { stackEnv } from './env';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the local API over real HTTP. */
export async function call<T = any>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const res = await fetch(`${stackEnv.apiUrl}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/** Logs in through the local-only dev login and returns the token. */
export async function devLogin(openid: string): Promise<string> {
  const res = await call('POST', '/auth/dev-login', { body: { openid } });
  if (res.status !== 200) throw new Error(`dev-login ${openid} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Every item of a paged list endpoint, following `nextCursor` (`limit` per page, at most `maxPages` requests). */
export async function callAllPages<T = any>(path: string, opts: { token?: string; limit?: number; maxPages?: number } = {}): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${opts.limit ?? 50}${cursor ? `&cursor=${cursor}` : ''}`, { token: opts.token });
    if (res.status !== 200) throw new Error(`GET ${path} page ${pages + 1}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < (opts.maxPages ?? 100));
  if (cursor) throw new Error(`GET ${path}: more than ${pages} pages`);
  return { items, pages };
}
