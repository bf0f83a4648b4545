import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';

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

/**
 * Mini-program codes (wxacode.getUnlimited), in WeChat's format too:
 *   GET  /cgi-bin/token?grant_type=client_credential&appid&secret → {access_token, expires_in: 7200}
 *   POST /wxa/getwxacodeunlimit?access_token=… {scene, page, check_path, env_version}
 *     → image/png: a QR code (standing in for WeChat's round code) whose text is
 *       wxaCodeText(page, scene), so tests can decode it; a scene starting "bad-" answers
 *       {errcode: 40169, errmsg: "invalid length for scene"}; an unknown or revoked token
 *       answers {errcode: 40001}.
 *   POST /cgi-bin/stable_token {grant_type: "client_credential", appid, secret, force_refresh}
 *     → {access_token, expires_in}: the stable token. Without force_refresh the current
 *       token again (expires_in = what is left of its 7200 s) while more than five minutes
 *       are left, else a new one (the old one stays valid until it expires); with
 *       force_refresh a new one, and the old one stops working at once.
 * `revokeTokens()` makes every issued access token invalid, as a refresh elsewhere would;
 * `stable.expireAt(ms)` moves the current stable token's expiry (to test refreshes).
 */
export function wxaCodeText(page: string, scene: string): string {
  return `wxacode:${page}?scene=${scene}`;
}

export interface FakeWechatCodes {
  tokenRequests: number;
  /** POST /cgi-bin/stable_token calls, and those with force_refresh. */
  stableTokenRequests: number;
  forcedRefreshes: number;
  stable: { current?: string; expiresAt: number; expireAt: (ms: number) => void };
  codeRequests: { scene: string; page: string; check_path: boolean; env_version: string }[];
  revokeTokens: () => void;
}

/**
 * Subscription messages 订阅消息, in WeChat's format:
 *   POST /cgi-bin/message/subscribe/send?access_token=… {touser, template_id, page, data, …}
 *     → {errcode: 0, errmsg: "ok"}, or the documented errors: 40001 (token invalid or not
 *       latest), 40003 (touser empty or "invalid-…"), 40037 (not one
 *       of FAKE_TEMPLATES), 47003 (a data value breaks its keyword type's rule, named in
 *       errmsg: thing ≤ 20 characters, phrase ≤ 5 Chinese characters, name ≤ 10, number /
 *       letter / character_string ≤ 32, time "2026年12月01日 14:00" or "14:00" …), 41030
 *       (page not in the app), 43101 (the user refused: `subscribe.refuse(openid)`).
 *   `subscribe.failNext(errcode, times)` answers the next sends with errcode (e.g. -1 system
 *   error, 45009) whatever they are; accepted sends are kept in `subscribe.sent` and logged.
 */
export const FAKE_TEMPLATES = ['tmpl-booking-new', 'tmpl-booking-result', 'tmpl-crowdfund'];

export interface SentSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

export interface FakeWechatSubscribe {
  sent: SentSubscribeMessage[];
  /** Every call, answered or not. */
  calls: number;
  refuse: (openid: string) => void;
  failNext: (errcode: number, times?: number) => void;
}

const HAN = /^\p{Script=Han}+$/u;
const TIME = /^((\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2})(~((\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}))?$/;
const DATE = /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?(~\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?)?$/;

/** WeChat's rule for a keyword value (by the keyword's type, the name without its number); an error text or undefined. */
export function keywordRuleBroken(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return `data.${name}.value is empty`;
  const n = [...value].length;
  const type = name.replace(/\d+$/, '');
  const bad = (() => {
    switch (type) {
      case 'thing':
        return n > 20;
      case 'number':
        return n > 32 || !/^\d+(\.\d+)?$/.test(value);
      case 'letter':
        return n > 32 || !/^[A-Za-z]+$/.test(value);
      case 'symbol':
        return n > 5;
      case 'character_string':
        return n > 32 || !/^[\x21-\x7e]+$/.test(value);
      case 'phrase':
        return n > 5 || !HAN.test(value);
      case 'name':
        return /\p{Script=Han}/u.test(value) ? n > 10 : n > 20;
      case 'time':
        return !TIME.test(value);
      case 'date':
        return !DATE.test(value);
      case 'phone_number':
        return n > 17;
      case 'car_number':
        return n > 8;
      default:
        return false;
    }
  })();
  return bad ? `argument invalid! data.${name}.value invalid` : undefined;
}

export function startFakeWechat(port = 0, options: { log?: (line: string) => void } = {}): Promise<FakeWechat & { codes: FakeWechatCodes; subscribe: FakeWechatSubscribe }> {
  const used = new Set<string>();
  const requests: URL[] = [];
  const tokens = new Set<string>();
  const stable: FakeWechatCodes['stable'] = {
    expiresAt: 0,
    expireAt: (ms) => {
      stable.expiresAt = ms;
    },
  };
  const codes: FakeWechatCodes = { tokenRequests: 0, stableTokenRequests: 0, forcedRefreshes: 0, stable, codeRequests: [], revokeTokens: () => tokens.clear() };
  const refused = new Set<string>();
  const failures: number[] = [];
  const subscribe: FakeWechatSubscribe = {
    sent: [],
    calls: 0,
    refuse: (openid) => refused.add(openid),
    failNext: (errcode, times = 1) => failures.push(...Array<number>(times).fill(errcode)),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url);
    // WeChat labels these JSON answers text/plain.
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'text/plain' }).end(typeof body === 'string' ? body : JSON.stringify(body));
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      codes.tokenRequests++;
      const q = url.searchParams;
      if (q.get('grant_type') !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.get('appid') !== FAKE_APP_ID) return send({ errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== FAKE_APP_SECRET) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = `FAKE-AT-${codes.tokenRequests}-${Date.now()}`;
      tokens.add(token);
      return send({ access_token: token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        codes.stableTokenRequests++;
        let body: { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean };
        try {
          body = JSON.parse(raw);
        } catch {
          return send({ errcode: 47001, errmsg: 'data format error' });
        }
        if (body.grant_type !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
        if (body.appid !== FAKE_APP_ID) return send({ errcode: 40013, errmsg: 'invalid appid' });
        if (body.secret !== FAKE_APP_SECRET) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
        const now = Date.now();
        const live = stable.current && tokens.has(stable.current) && stable.expiresAt - now > 5 * 60 * 1000;
        if (body.force_refresh) {
          codes.forcedRefreshes++;
          if (stable.current) tokens.delete(stable.current);
        } else if (live) {
          return send({ access_token: stable.current, expires_in: Math.floor((stable.expiresAt - now) / 1000) });
        }
        stable.current = `FAKE-STABLE-${codes.stableTokenRequests}-${now}`;
        stable.expiresAt = now + 7200 * 1000;
        tokens.add(stable.current);
        send({ access_token: stable.current, expires_in: 7200 });
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        subscribe.calls++;
        if (!tokens.has(url.searchParams.get('access_token') ?? '')) return send({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        const failure = failures.shift();
        if (failure !== undefined) return send({ errcode: failure, errmsg: failure === -1 ? 'system error' : 'fake failure' });
        let body: Partial<SentSubscribeMessage>;
        try {
          body = JSON.parse(raw);
        } catch {
          return send({ errcode: 47001, errmsg: 'data format error' });
        }
        if (!body.touser || body.touser.startsWith('invalid-')) return send({ errcode: 40003, errmsg: 'invalid openid' });
        if (!body.template_id || !FAKE_TEMPLATES.includes(body.template_id)) return send({ errcode: 40037, errmsg: 'invalid template_id' });
        if (body.page !== undefined && !/^(pages|packages)\//.test(body.page)) return send({ errcode: 41030, errmsg: 'invalid page' });
        const data = body.data ?? {};
        if (Object.keys(data).length === 0) return send({ errcode: 47003, errmsg: 'argument invalid! data is empty' });
        for (const [name, v] of Object.entries(data)) {
          const broken = keywordRuleBroken(name, v?.value);
          if (broken) return send({ errcode: 47003, errmsg: broken });
        }
        if (refused.has(body.touser)) return send({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
        const msg = { touser: body.touser, template_id: body.template_id, ...(body.page ? { page: body.page } : {}), data };
        subscribe.sent.push(msg);
        options.log?.(`订阅消息 → ${msg.touser} [${msg.template_id}] ${Object.entries(data).map(([k, v]) => `${k}=${v.value}`).join(' | ')}${msg.page ? ` → ${msg.page}` : ''}`);
        send({ errcode: 0, errmsg: 'ok' });
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/wxa/getwxacodeunlimit') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
        if (!tokens.has(url.searchParams.get('access_token') ?? '')) return json({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        let body: { scene?: string; page?: string; check_path?: boolean; env_version?: string };
        try {
          body = JSON.parse(raw);
        } catch {
          return json({ errcode: 47001, errmsg: 'data format error' });
        }
        const scene = body.scene ?? '';
        codes.codeRequests.push({ scene, page: body.page ?? '', check_path: body.check_path ?? true, env_version: body.env_version ?? 'release' });
        if (!scene || scene.length > 32 || scene.startsWith('bad-')) return json({ errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' });
        QRCode.toBuffer(wxaCodeText(body.page ?? '', scene), { type: 'png', margin: 2, scale: 6 }).then(
          (png) => res.writeHead(200, { 'content-type': 'image/png' }).end(png),
          () => json({ errcode: -1, errmsg: 'system error' }),
        );
      });
      return;
    }
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
      resolve({ url: `http://127.0.0.1:${actual}`, requests, codes, subscribe, stop: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
