import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for WeChat's API server, speaking its documented wire format for
 * GET /sns/jscode2session (code2Session). Behaviour is chosen by the code, so tests in
 * other processes can drive it:
 *   invalid-…  → {errcode: 40029, errmsg: "invalid code"}
 *   limited-…  → {errcode: 45011, errmsg: "api minute-quota reach limit …"}
 *   busy-…     → {errcode: -1, errmsg: "system error"}
 *   risky-…    → {errcode: 40226, errmsg: "code blocked"}
 *   garbage-…  → a body that is not JSON
 *   anything else → {openid: "o-<user>", session_key: "SK-<code>"} where <user> is the
 *     code up to its first "." (so "alice.1" and "alice.2" are two logins of one user),
 *     once per code (a second use answers 40163 "code been used", as WeChat does).
 * A wrong appid/secret answers 40013 / 40125.
 */
export const FAKE_APP_ID = 'wx-fake-appid-0001';
export const FAKE_APP_SECRET = 'fake-app-secret-0123456789abcdef';

export interface FakeWechat {
  url: string;
  requests: URL[];
  stop: () => Promise<void>;
}

export function sessionKeyFor(code: string): string {
  return `SK-${code}`;
}

export function startFakeWechat(port = 0): Promise<FakeWechat> {
  const used = new Set<string>();
  const requests: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    // WeChat labels these JSON answers text/plain.
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'text/plain' }).end(typeof body === 'string' ? body : JSON.stringify(body));
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    const q = url.searchParams;
    const code = q.get('js_code') ?? '';
    if (q.get('appid') !== FAKE_APP_ID) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== FAKE_APP_SECRET) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (q.get('grant_type') !== 'authorization_code') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (!code || code.startsWith('invalid-')) return send({ errcode: 40029, errmsg: 'invalid code' });
    if (code.startsWith('limited-')) return send({ errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' });
    if (code.startsWith('busy-')) return send({ errcode: -1, errmsg: 'system error' });
    if (code.startsWith('risky-')) return send({ errcode: 40226, errmsg: 'code blocked' });
    if (code.startsWith('garbage-')) return send('<html>bad gateway</html>');
    if (used.has(code)) return send({ errcode: 40163, errmsg: 'code been used' });
    used.add(code);
    send({ openid: `o-${code.split('.')[0]}`, session_key: sessionKeyFor(code), ...(code.startsWith('union-') ? { unionid: `un-${code}` } : {}) });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${actual}`, requests, stop: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
