import { randomBytes } from 'node:crypto';
import type { MarkReadRequest, Message } from '@shared/api/messages';
import type { Principal } from '../lib/authorize';
import { conflict } from '../lib/errors';
import type { Page } from '../lib/dynamo';
import { nowIso } from '../lib/time';
import type { InboxCounter, MessageRecord, Notice } from './model';
import { getCounter, getMessages, markAllRead, markMessagesRead, messagesOf, newestMessageId } from './storage';

/** Messages expire (TTL) this long after they were written. */
export const MESSAGE_TTL_DAYS = 180;

/**
 * A message id: the time it is WRITTEN in base 36 (fixed width) and a random suffix. Ids sort
 * by arrival, not by the event's time: 全部已读 marks every id up to the newest read, so a
 * message that arrives later must sort after it even when its event is dated earlier (a
 * crowdfund's outcome delivered in batches) or later (a reminder written before it is due,
 * a test's clock). The event's time is `createdAt`.
 */
export function messageId(writtenAt = new Date()): string {
  return `${writtenAt.getTime().toString(36).padStart(9, '0')}-${randomBytes(12).toString('base64url')}`;
}

/**
 * A message about an event at `at`. With `onceKey` (derived from the event and recipient) it
 * is delivered at most once: its write carries an `ONCE#` marker that a second delivery trips.
 */
export function newMessage(userId: string, notice: Notice, at: Date, onceKey?: string): MessageRecord {
  return {
    id: messageId(),
    userId,
    ...notice,
    createdAt: nowIso(at),
    read: false,
    expiresAt: Math.floor(at.getTime() / 1000) + MESSAGE_TTL_DAYS * 86_400,
    ...(onceKey ? { onceKey } : {}),
  };
}

const isRead = (m: MessageRecord, c: InboxCounter) => m.read || (c.readUpTo !== undefined && m.id <= c.readUpTo);

function view(m: MessageRecord, c: InboxCounter): Message {
  return { id: m.id, kind: m.kind, title: m.title, body: m.body, link: m.link, createdAt: m.createdAt, read: isRead(m, c) };
}

/** My inbox, newest first; messages past their TTL (DynamoDB removes them lazily) are left out. */
export async function myMessages(principal: Principal, page: { limit: number; cursor?: string }, now = new Date()): Promise<Page<Message>> {
  const [res, counter] = await Promise.all([messagesOf(principal.userId, page), getCounter(principal.userId)]);
  const nowS = Math.floor(now.getTime() / 1000);
  return { items: res.items.filter((m) => m.expiresAt > nowS).map((m) => view(m, counter)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** The badge: one GetItem of the counter. */
export async function unreadCount(principal: Principal): Promise<{ unread: number }> {
  return { unread: (await getCounter(principal.userId)).unread };
}

/**
 * Marks some messages (or all) read. Messages already read, or not mine (not found in my
 * partition), change nothing. A concurrent change (a new message, another tab marking read)
 * makes the write refuse; it is read and decided again.
 */
export async function markRead(principal: Principal, req: MarkReadRequest): Promise<{ unread: number }> {
  const userId = principal.userId;
  for (let attempt = 0; attempt < 8; attempt++) {
    const counter = await getCounter(userId, true);
    let ok: boolean;
    if ('all' in req) {
      const newest = await newestMessageId(userId);
      if (!newest) return { unread: 0 };
      ok = await markAllRead(userId, newest, counter);
    } else {
      const unread = (await getMessages(userId, [...new Set(req.ids)])).filter((m) => !isRead(m, counter)).map((m) => m.id);
      ok = await markMessagesRead(userId, unread, counter);
    }
    if (ok) return unreadCount(principal);
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
  }
  throw conflict('CONFLICT', '消息刚有变化，请刷新后重试');
}
