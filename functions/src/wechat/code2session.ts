import { appError } from '../lib/errors';
import { logger } from '../lib/logger';

/**
 * Client for WeChat's code2Session (GET /sns/jscode2session), which turns the code from
 * wx.login into the user's openid. Documented answer: {openid, session_key, unionid?}
 * or {errcode, errmsg}. The session_key never leaves this function.
 */
export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatAppCredentials {
  appId: string;
  appSecret: string;
  apiBase: string;
}

interface Code2SessionAnswer {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

export async function code2Session(creds: WechatAppCredentials, code: string): Promise<WechatSession> {
  if (!creds.appId || !creds.appSecret) {
    logger.error('WeChat login is not configured (WECHAT_APP_ID / WECHAT_APP_SECRET)');
    throw appError('WECHAT_FAILED', '微信登录尚未配置，请联系管理员');
  }
  const url = new URL(`${creds.apiBase}/sns/jscode2session`);
  url.searchParams.set('appid', creds.appId);
  url.searchParams.set('secret', creds.appSecret);
  url.searchParams.set('js_code', code);
  url.searchParams.set('grant_type', 'authorization_code');

  let answer: Code2SessionAnswer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    // WeChat answers JSON, sometimes labelled text/plain: read the text and parse it.
    answer = JSON.parse(await res.text()) as Code2SessionAnswer;
  } catch (err) {
    logger.warn('code2Session unreachable or unreadable', { error: (err as Error).message });
    throw appError('WECHAT_FAILED');
  }

  const errcode = answer.errcode ?? 0;
  if (errcode !== 0 || !answer.openid) {
    logger.warn('code2Session refused', { errcode, errmsg: answer.errmsg });
    switch (errcode) {
      case 40029:
        throw appError('WECHAT_CODE_INVALID');
      case 45011:
        throw appError('WECHAT_RATE_LIMITED');
      case -1:
        throw appError('WECHAT_BUSY');
      default:
        throw appError('WECHAT_FAILED');
    }
  }
  return { openid: answer.openid, ...(answer.unionid ? { unionid: answer.unionid } : {}) };
}
