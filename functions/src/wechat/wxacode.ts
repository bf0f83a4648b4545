import { appError } from '../lib/errors';
import { logger } from '../lib/logger';
import type { WechatAppCredentials } from './code2session';

/**
 * Clients for WeChat's server API used by the building codes:
 *  - GET  /cgi-bin/token?grant_type=client_credential&appid&secret → {access_token, expires_in}
 *  - POST /wxa/getwxacodeunlimit?access_token=… {scene, page, check_path, env_version, …}
 *    → the image bytes, or JSON {errcode, errmsg} on failure.
 * The access token is cached per app until shortly before it expires; a token WeChat calls
 * invalid or expired (40001, 42001) is fetched anew once and the call retried.
 */
interface CachedToken {
  token: string;
  /** epoch ms after which we fetch a new one */
  refreshAt: number;
}

const tokenCache = new Map<string, CachedToken>();
/** Refresh five minutes early: WeChat keeps the old token valid that long after a refresh. */
const EARLY_MS = 5 * 60 * 1000;

export function clearAccessTokenCache(): void {
  tokenCache.clear();
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  return JSON.parse(await res.text()) as Record<string, unknown>;
}

export async function accessToken(creds: WechatAppCredentials, now = Date.now()): Promise<string> {
  const cacheKey = `${creds.apiBase}|${creds.appId}`;
  const hit = tokenCache.get(cacheKey);
  if (hit && hit.refreshAt > now) return hit.token;
  if (!creds.appId || !creds.appSecret) throw appError('WECHAT_FAILED', '微信小程序码尚未配置，请联系管理员');
  const url = new URL(`${creds.apiBase}/cgi-bin/token`);
  url.searchParams.set('grant_type', 'client_credential');
  url.searchParams.set('appid', creds.appId);
  url.searchParams.set('secret', creds.appSecret);
  let answer: Record<string, unknown>;
  try {
    answer = await readJson(await fetch(url, { signal: AbortSignal.timeout(5000) }));
  } catch (err) {
    logger.warn('access token unreachable or unreadable', { error: (err as Error).message });
    throw appError('WECHAT_FAILED');
  }
  if (typeof answer.access_token !== 'string' || !answer.access_token) {
    logger.warn('access token refused', { errcode: answer.errcode, errmsg: answer.errmsg });
    if (answer.errcode === -1) throw appError('WECHAT_BUSY');
    if (answer.errcode === 45009 || answer.errcode === 45011) throw appError('WECHAT_RATE_LIMITED', '微信接口调用太频繁，请稍后再试');
    throw appError('WECHAT_FAILED');
  }
  const expiresIn = Number(answer.expires_in ?? 7200);
  tokenCache.set(cacheKey, { token: answer.access_token, refreshAt: now + expiresIn * 1000 - EARLY_MS });
  return answer.access_token;
}

export interface WxaCodeRequest {
  /** ≤ 32 visible characters; our code tokens are 22 base64url characters. */
  scene: string;
  /** e.g. "pages/scan/index" (no leading slash). */
  page: string;
  checkPath: boolean;
  envVersion: 'release' | 'trial' | 'develop';
  width?: number;
}

/** The mini-program code image (PNG, transparent background) for a scene. */
export async function getUnlimitedWxaCode(creds: WechatAppCredentials, req: WxaCodeRequest): Promise<Buffer> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(creds);
    const url = new URL(`${creds.apiBase}/wxa/getwxacodeunlimit`);
    url.searchParams.set('access_token', token);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          scene: req.scene,
          page: req.page,
          check_path: req.checkPath,
          env_version: req.envVersion,
          width: req.width ?? 430,
          is_hyaline: true,
        }),
        signal: AbortSignal.timeout(8000),
      });
    } catch (err) {
      logger.warn('getwxacodeunlimit unreachable', { error: (err as Error).message });
      throw appError('WECHAT_FAILED');
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    // Success is an image; failure is JSON (labelled application/json or text/plain).
    if (type.startsWith('image/')) return bytes;
    let answer: { errcode?: number; errmsg?: string } = {};
    try {
      answer = JSON.parse(bytes.toString('utf8'));
    } catch {
      /* neither image nor JSON */
    }
    logger.warn('getwxacodeunlimit refused', { errcode: answer.errcode, errmsg: answer.errmsg });
    if ((answer.errcode === 40001 || answer.errcode === 42001) && attempt === 0) {
      clearAccessTokenCache();
      continue;
    }
    if (answer.errcode === 45009) throw appError('WECHAT_RATE_LIMITED', '微信接口调用太频繁，请稍后再试');
    if (answer.errcode === -1) throw appError('WECHAT_BUSY');
    throw appError('WECHAT_FAILED');
  }
  throw appError('WECHAT_FAILED');
}
