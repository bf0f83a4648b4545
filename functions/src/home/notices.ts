import { randomUUID } from 'node:crypto';
import type { CreateNoticeRequest, Notice, UpdateNoticeRequest } from '@shared/api/home';
import type { AuditEntry } from '../audit/storage';
import { authorize, type Principal } from '../lib/authorize';
import { failedItems, type Page } from '../lib/dynamo';
import { appError, conflict, notFound } from '../lib/errors';
import { nowIso, chinaDate, chinaWallClock } from '../lib/time';
import type { NoticeRecord } from './model';
import { getCommunityMeta, getNotice, insertNotice, listAllNotices, listBoard, replaceNotice } from './storage';

/**
 * 公告: a community's admins (and the admins of its street) post, edit, pin and take down
 * notices; everyone reads the live ones on 首页, pinned first. A notice shows through its
 * last day `expiresOn` (Asia/Shanghai) or until taken down.
 */

type PageArg = { limit: number; cursor?: string };

/** The instant a notice whose last day is `day` stops showing: the next midnight in China. */
const endOfDayMs = (day: string) => chinaWallClock(day).add(1, 'day').valueOf();

function view(n: NoticeRecord, nowMs: number): Notice {
  return {
    id: n.id,
    communityId: n.communityId,
    title: n.title,
    body: n.body,
    pinned: n.pinned,
    ...(n.expiresOn ? { expiresOn: n.expiresOn } : {}),
    expired: n.expiresMs !== undefined && n.expiresMs <= nowMs,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    version: n.version,
  };
}

/** The last day chosen, checked: not before today (a date already past is a 400 on `expiresOn`). */
function expiry(expiresOn: string | null | undefined, now: Date): Pick<NoticeRecord, 'expiresOn' | 'expiresMs'> {
  if (!expiresOn) return {};
  if (expiresOn < chinaDate(now)) throw appError('VALIDATION_FAILED', '有效期不能早于今天', [{ path: 'expiresOn', message: '有效期不能早于今天' }]);
  return { expiresOn, expiresMs: endOfDayMs(expiresOn) };
}

const auditOf = (principal: Principal, action: string, n: NoticeRecord, at: string, before?: NoticeRecord): AuditEntry => ({
  scope: { kind: 'COMMUNITY', id: n.communityId },
  actorId: principal.userId,
  action,
  target: { kind: 'notice', id: n.id, name: n.title },
  ...(before ? { before: { title: before.title, pinned: before.pinned, expiresOn: before.expiresOn ?? null } } : {}),
  after: { title: n.title, pinned: n.pinned, expiresOn: n.expiresOn ?? null },
  at,
});

/** The public board of a community: live notices, pinned first, then newest first. */
export async function communityNotices(communityId: string, page: PageArg, now = new Date()): Promise<Page<Notice>> {
  const nowMs = now.getTime();
  const res = await listBoard(communityId, page, nowMs);
  if (!page.cursor && res.items.length === 0 && !res.nextCursor && !(await getCommunityMeta(communityId))) throw notFound('社区');
  return { items: res.items.map((n) => view(n, nowMs)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** Every notice of a community, expired too, newest first: its admins' list. */
export async function noticesForAdmin(principal: Principal, communityId: string, page: PageArg, now = new Date()): Promise<Page<Notice>> {
  authorize(principal, 'notice:manage', { kind: 'community', communityId });
  const res = await listAllNotices(communityId, page);
  return { items: res.items.map((n) => view(n, now.getTime())), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

export async function postNotice(principal: Principal, communityId: string, body: CreateNoticeRequest, now = new Date()): Promise<Notice> {
  authorize(principal, 'notice:manage', { kind: 'community', communityId });
  const at = nowIso(now);
  const record: NoticeRecord = {
    id: randomUUID(),
    communityId,
    title: body.title,
    body: body.body,
    pinned: body.pinned,
    ...expiry(body.expiresOn, now),
    createdAt: at,
    createdMs: now.getTime(),
    createdBy: principal.userId,
    updatedAt: at,
    version: 1,
  };
  const outcome = await insertNotice(record, auditOf(principal, 'notice.create', record, at), now.getTime());
  if (!outcome.ok) {
    if (failedItems(outcome.reasons).includes(1)) throw notFound('社区');
    throw conflict('CONFLICT', '发布未成功，请重试');
  }
  return view(record, now.getTime());
}

/** Reads a notice and checks the caller may manage its community (404 before 403 for unknown ids). */
async function managed(principal: Principal, noticeId: string): Promise<NoticeRecord> {
  const found = await getNotice(noticeId);
  if (!found) throw notFound('公告');
  authorize(principal, 'notice:manage', { kind: 'community', communityId: found.communityId });
  return found;
}

async function save(principal: Principal, before: NoticeRecord, after: NoticeRecord, action: string, now: Date): Promise<Notice> {
  const outcome = await replaceNotice(before, after, auditOf(principal, action, after, after.updatedAt, before), now.getTime());
  if (!outcome.ok) throw conflict('CONFLICT', '公告刚被其他管理员修改，请刷新后重试');
  return view(after, now.getTime());
}

/** Edits a notice (title, text, 置顶, last day) as read at `body.version`. */
export async function editNotice(principal: Principal, noticeId: string, body: UpdateNoticeRequest, now = new Date()): Promise<Notice> {
  const before = await managed(principal, noticeId);
  if (before.version !== body.version) throw conflict('CONFLICT', '公告刚被其他管理员修改，请刷新后重试');
  const { expiresOn: _o, expiresMs: _m, ...kept } = before;
  const after: NoticeRecord = { ...kept, title: body.title, body: body.body, pinned: body.pinned, ...expiry(body.expiresOn, now), updatedAt: nowIso(now), version: before.version + 1 };
  return save(principal, before, after, 'notice.update', now);
}

/** 下架: the notice ends now (kept for the admins' list; off the board at once). */
export async function expireNotice(principal: Principal, noticeId: string, now = new Date()): Promise<Notice> {
  const before = await managed(principal, noticeId);
  if (before.expiresMs !== undefined && before.expiresMs <= now.getTime()) return view(before, now.getTime());
  const after: NoticeRecord = { ...before, expiresOn: chinaDate(now), expiresMs: now.getTime(), updatedAt: nowIso(now), version: before.version + 1 };
  return save(principal, before, after, 'notice.expire', now);
}
