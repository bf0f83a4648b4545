import { randomUUID } from 'node:crypto';
import type { SubscribeRequest } from '@shared/api/messages';
import type { Principal } from '../lib/authorize';
import { appError } from '../lib/errors';
import { logger } from '../lib/logger';
import { getUser } from '../auth/storage';
import type { WechatAppCredentials } from '../wechat/code2session';
import { sendSubscribeMessage } from '../wechat/subscribe-message';
import type { OutboxItem } from './model';
import { addSubscribeCredits, claimOutboxItem, dueOutboxItems, endOutboxItem, retryOutboxItem } from './storage';
import { templateById } from './templates';

/**
 * WeChat subscription messages 订阅消息: the mini-program asks at a tap, the person accepts
 * some templates, each acceptance is one credit; the outbox (written with the inbox message,
 * storage.ts inboxWrites) is sent by the scheduled `sendSubscribeMessages`, one credit per send.
 */

/** POST /me/subscriptions: one credit per accepted template; an unknown template id is a 400 naming it. */
export async function recordSubscriptions(principal: Principal, req: SubscribeRequest): Promise<{ accepted: string[] }> {
  const unknown = req.accepted.findIndex((id) => !templateById(id));
  if (unknown >= 0) throw appError('VALIDATION_FAILED', '未知的订阅消息模板', [{ path: `accepted.${unknown}`, message: '未知的订阅消息模板' }]);
  await addSubscribeCredits(principal.userId, req.accepted);
  return { accepted: req.accepted };
}

/** Failed sends before an item is given up (marked failed and kept). */
export const MAX_ATTEMPTS = 5;
const LEASE_MS = 60_000;
const BATCH = 50;

/** Wait before the next try after `attempts` failures: 1, 2, 4, 8 … minutes, at most 30. */
export const retryDelayMs = (attempts: number) => Math.min(30, 2 ** (attempts - 1)) * 60_000;

export interface OutboxReport {
  sent: number;
  skipped: number;
  refused: number;
  retried: number;
  failed: number;
}

/**
 * Sends the due outbox items (a batch of 50 per run). Per item: claim it and take a credit in
 * one transaction (no credit → skipped, nothing sent); send; then end it in one transaction:
 * sent; 43101 (user refused) → refused, credits set to 0, not retried; any other error → the
 * credit back and a retry after a backoff, until MAX_ATTEMPTS failures make it failed.
 * (40001/42001 are retried once inside the client with a refreshed token.) Two runs at once
 * send each item once: the claim is conditional.
 */
export async function sendDueSubscribeMessages(creds: WechatAppCredentials, now = () => Date.now()): Promise<OutboxReport> {
  const report: OutboxReport = { sent: 0, skipped: 0, refused: 0, retried: 0, failed: 0 };
  const owner = randomUUID();
  for (const item of await dueOutboxItems(now(), BATCH)) {
    try {
      await sendOne(creds, item, owner, now, report);
    } catch (err) {
      // Left pending: the claim runs out and the next run tries again.
      logger.error('outbox item not processed', { key: item.key, error: (err as Error).message });
    }
  }
  return report;
}

async function sendOne(creds: WechatAppCredentials, item: OutboxItem, owner: string, now: () => number, report: OutboxReport): Promise<void> {
  const claim = await claimOutboxItem(item, owner, now(), LEASE_MS);
  if (claim === 'taken') return;
  if (claim === 'no-credit') {
    if (await endOutboxItem(item, 'skipped', now(), undefined)) report.skipped++;
    return;
  }
  const user = await getUser(item.userId);
  if (!user?.openid) {
    if (await endOutboxItem(item, 'skipped', now(), owner, { creditChange: 'refund', error: 'no such user' })) report.skipped++;
    return;
  }
  const res = await sendSubscribeMessage(creds, { touser: user.openid, templateId: item.templateId, page: item.page, data: item.data });
  const error = `${res.errcode} ${res.errmsg}`.slice(0, 300);
  if (res.errcode === 0) {
    if (await endOutboxItem(item, 'sent', now(), owner)) report.sent++;
  } else if (res.errcode === 43101) {
    if (await endOutboxItem(item, 'refused', now(), owner, { creditChange: 'zero', error })) report.refused++;
  } else if (item.attempts + 1 >= MAX_ATTEMPTS) {
    logger.warn('subscription message given up', { key: item.key, errcode: res.errcode, errmsg: res.errmsg });
    if (await endOutboxItem({ ...item, attempts: item.attempts + 1 }, 'failed', now(), owner, { creditChange: 'refund', error })) report.failed++;
  } else if (await retryOutboxItem(item, now() + retryDelayMs(item.attempts + 1), owner, error)) {
    report.retried++;
  }
}
