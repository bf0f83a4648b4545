import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { appError } from '../lib/errors';
import { logger } from '../lib/logger';
import type { WechatAppCredentials } from './code2session';
import { claimRefresh, readAccessToken, storeAccessToken, type StoredAccessToken } from './storage';

/**
 * WeChat's access token from the stable-token endpoint, cached once in the table for all
 * containers (WeChat: a token fetched per container invalidates the others'):
 *   POST /cgi-bin/stable_token {grant_type: "client_credential", appid, secret, force_refresh}
 *     → {access_token, expires_in} or {errcode, errmsg}
 * The token is refreshed five minutes before it expires, by one container only (a
 * conditional lease on the item); the others keep using the current token, which stays
 * valid until it expires. Each container also keeps the token in memory until its refresh
 * time, so a warm call costs no read.
 */
const EARLY_MS = 5 * 60 * 1000;
const LEASE_MS = 10_000;
const WAIT_MS = 100;
const MAX_WAITS = 60;

const memory = new Map<string, { token: string; refreshAt: number }>();

/** Forgets this container's copy (tests; the table keeps the shared one). */
export function clearAccessTokenCache(): void {
  memory.clear();
}

interface Fresh {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

async function fetchStableToken(creds: WechatAppCredentials, forceRefresh: boolean, now: number): Promise<Fresh> {
  let answer: Record<string, unknown>;
  try {
    const res = await fetch(`${creds.apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: creds.appId, secret: creds.appSecret, force_refresh: forceRefresh }),
      signal: AbortSignal.timeout(5000),
    });
    answer = JSON.parse(await res.text()) as Record<string, unknown>;
  } catch (err) {
    logger.warn('stable access token unreachable or unreadable', { error: (err as Error).message });
    throw appError('WECHAT_FAILED');
  }
  if (typeof answer.access_token !== 'string' || !answer.access_token) {
    logger.warn('stable access token refused', { errcode: answer.errcode, errmsg: answer.errmsg });
    if (answer.errcode === -1) throw appError('WECHAT_BUSY');
    if (answer.errcode === 45009 || answer.errcode === 45011) throw appError('WECHAT_RATE_LIMITED', '微信接口调用太频繁，请稍后再试');
    throw appError('WECHAT_FAILED');
  }
  const lifetimeMs = Number(answer.expires_in ?? 7200) * 1000;
  // WeChat keeps a token valid for its last five minutes after a refresh: refresh then
  // (or halfway through a token that came with less than ten minutes left).
  return { token: answer.access_token, expiresAt: now + lifetimeMs, refreshAt: now + lifetimeMs - Math.min(EARLY_MS, lifetimeMs / 2) };
}

function remember(appId: string, token: string, refreshAt: number): string {
  memory.set(appId, { token, refreshAt });
  return token;
}

/**
 * The app's current access token. `rejected`: a token WeChat just called invalid (40001,
 * 42001); it is replaced (by one container) instead of being handed out again.
 */
export async function accessToken(creds: WechatAppCredentials, options: { rejected?: string; now?: () => number } = {}): Promise<string> {
  const now = options.now ?? Date.now;
  const { rejected } = options;
  const mine = memory.get(creds.appId);
  if (mine && mine.token !== rejected && mine.refreshAt > now()) return mine.token;
  if (!creds.appId || !creds.appSecret) throw appError('WECHAT_FAILED', '微信小程序码尚未配置，请联系管理员');

  for (let wait = 0; wait <= MAX_WAITS; wait++) {
    const stored: StoredAccessToken | undefined = await readAccessToken(creds.appId);
    const current = stored?.token && stored.token !== rejected && (stored.expiresAt ?? 0) > now() ? stored.token : undefined;
    if (current && (stored?.refreshAt ?? 0) > now()) return remember(creds.appId, current, stored!.refreshAt!);

    const owner = randomUUID();
    if (await claimRefresh(creds.appId, stored, owner, now(), LEASE_MS)) {
      let fresh = await fetchStableToken(creds, false, now());
      // A token WeChat refused that the endpoint still hands out: force a new one (20 a day).
      if (rejected && fresh.token === rejected) fresh = await fetchStableToken(creds, true, now());
      if (!(await storeAccessToken(creds.appId, owner, fresh))) logger.warn('access token lease lost while refreshing; token used but not stored');
      return remember(creds.appId, fresh.token, fresh.refreshAt);
    }
    // Another container is refreshing: the current token is still good meanwhile.
    if (current) return current;
    await sleep(WAIT_MS);
  }
  throw appError('WECHAT_BUSY');
}
