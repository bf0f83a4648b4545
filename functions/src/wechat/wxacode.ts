import { appError } from '../lib/errors';
import { logger } from '../lib/logger';
import type { WechatAppCredentials } from './code2session';
import { accessToken } from './access-token';

/**
 * Client for WeChat's mini-program codes:
 *   POST /wxa/getwxacodeunlimit?access_token=… {scene, page, check_path, env_version, …}
 *     → the image bytes, or JSON {errcode, errmsg} on failure.
 * The access token is the app's shared one (access-token.ts); a token WeChat calls invalid
 * or expired (40001, 42001) is replaced once and the call retried.
 */
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
  let rejected: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const token = await accessToken(creds, { rejected });
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
      rejected = token;
      continue;
    }
    if (answer.errcode === 45009) throw appError('WECHAT_RATE_LIMITED', '微信接口调用太频繁，请稍后再试');
    if (answer.errcode === -1) throw appError('WECHAT_BUSY');
    throw appError('WECHAT_FAILED');
  }
  throw appError('WECHAT_FAILED');
}
