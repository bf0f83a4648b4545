import { logger } from '../lib/logger';
import type { WechatAppCredentials } from './code2session';
import { accessToken } from './access-token';

/**
 * Client for WeChat's subscription messages 订阅消息:
 *   POST /cgi-bin/message/subscribe/send?access_token=… {touser, template_id, page, data,
 *     miniprogram_state, lang} → {errcode: 0, errmsg: "ok"} or {errcode, errmsg}
 * Documented errcodes: 40003 touser invalid, 40037 template_id invalid, 43101 the user
 * refused (or has no acceptance left), 47003 a data value breaks its keyword's rule, 41030
 * page invalid. A token WeChat calls invalid or expired (40001, 42001) is replaced once
 * (the shared stable token, access-token.ts) and the send retried.
 */
export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  state?: 'developer' | 'trial' | 'formal';
}

/** errcode 0 = sent; -2 = WeChat unreachable or an unreadable answer. */
export interface SendResult {
  errcode: number;
  errmsg: string;
}

export async function sendSubscribeMessage(creds: WechatAppCredentials, msg: SubscribeMessage): Promise<SendResult> {
  let rejected: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(creds, { rejected });
    const url = new URL(`${creds.apiBase}/cgi-bin/message/subscribe/send`);
    url.searchParams.set('access_token', token);
    let answer: { errcode?: number; errmsg?: string };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: msg.touser,
          template_id: msg.templateId,
          ...(msg.page ? { page: msg.page } : {}),
          data: msg.data,
          miniprogram_state: msg.state ?? 'formal',
          lang: 'zh_CN',
        }),
        signal: AbortSignal.timeout(5000),
      });
      answer = JSON.parse(await res.text());
    } catch (err) {
      logger.warn('subscribeMessage.send unreachable or unreadable', { error: (err as Error).message });
      return { errcode: -2, errmsg: (err as Error).message };
    }
    const errcode = Number(answer.errcode ?? 0);
    if ((errcode === 40001 || errcode === 42001) && attempt === 0) {
      rejected = token;
      continue;
    }
    return { errcode, errmsg: String(answer.errmsg ?? '') };
  }
}
