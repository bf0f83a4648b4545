import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { REQUEST_STATUS_LABELS, type RequestInput, type RequestSummary, type RequestView, type TimelineEntry } from '@shared/api/requests';
import { authorize, type Principal } from '../lib/authorize';
import type { Page } from '../lib/dynamo';
import { notFound, ruleBroken } from '../lib/errors';
import { nowIsoMs } from '../lib/time';
import { attachUploads, photoUrls } from '../uploads/domain';
import { actorsOf, handleScope, isAssignee, isReporter, load, mayHandle } from './access';
import { categoriesOfStreet } from './categories';
import { respondDue } from './due';
import type { RequestRecord } from './model';
import { confirmBy, isOpen } from './rules';
import * as store from './storage';

/** Submitting, reading and listing requests; the status changes are in transitions.ts. */

const DUPLICATE_WINDOW_DAYS = 30;

export function newEventId(at: Date): string {
  return `${String(at.getTime()).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
}

/** A timeline entry at `now`. */
export function event(now: Date, e: Omit<TimelineEntry, 'id' | 'at'>): TimelineEntry {
  return { id: newEventId(now), at: nowIsoMs(now), ...e };
}

/** What everybody may see of a request: no name, no phone; the text only when it may be public. */
export function summary(r: RequestRecord, showText: boolean): RequestSummary {
  return {
    id: r.id,
    communityId: r.communityId,
    categoryId: r.category.id,
    categoryName: r.category.name,
    ...(showText ? { text: r.text } : {}),
    ...(r.buildingId ? { buildingId: r.buildingId } : {}),
    placeName: r.placeName,
    status: r.status,
    statusLabel: REQUEST_STATUS_LABELS[r.status],
    createdAt: r.createdAt,
    followers: r.followers,
    public: r.public,
  };
}

interface Viewer {
  mine: boolean;
  staff: boolean;
  assignee: boolean;
  following: boolean;
}

export async function view(r: RequestRecord, v: Viewer, now = new Date()): Promise<RequestView> {
  const involved = v.mine || v.staff || v.assignee;
  const showAll = involved || r.public;
  const due = store.dueMs(r);
  return {
    ...summary(r, showAll),
    photos: showAll ? await photoUrls(r.photos) : [],
    respondDueAt: r.respondDueAt,
    ...(r.resolveDueAt ? { resolveDueAt: r.resolveDueAt } : {}),
    ...(due !== undefined ? { dueAt: new Date(due).toISOString() } : {}),
    overdue: due !== undefined && due < now.getTime(),
    ...(r.assignee ? { assignee: r.assignee } : {}),
    ...(r.resolution && showAll ? { resolution: { ...r.resolution, photos: await photoUrls(r.resolution.photos) } } : {}),
    ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
    ...(r.status === 'resolved' && r.resolvedAt ? { confirmBy: confirmBy(r.resolvedAt).toISOString() } : {}),
    reopenCount: r.reopenCount,
    ...(r.satisfaction && involved ? { satisfaction: r.satisfaction } : {}),
    ...(r.duplicateOf ? { duplicateOf: r.duplicateOf } : {}),
    ...(r.outcome && showAll ? { outcome: r.outcome } : {}),
    version: r.version,
    // The reporter's name and number: for those who handle it (and the reporter), never on a public answer.
    ...(involved ? { reporterName: r.reporterName, ...(r.contactPhone ? { contactPhone: r.contactPhone } : {}) } : {}),
    mine: v.mine,
    following: v.following,
    canHandle: v.staff,
    isAssignee: v.assignee,
  };
}

export async function viewFor(r: RequestRecord, p: Principal): Promise<RequestView> {
  const actors = await actorsOf(p, r);
  const following = !actors.includes('reporter') && (await store.isFollowing(r.id, p.userId));
  return view(r, { mine: actors.includes('reporter'), staff: actors.includes('staff'), assignee: actors.includes('assignee'), following });
}

/** A request as the caller may see it: involved people see all; others only a public one (anonymised) or one they follow. */
export async function getRequest(id: string, p: Principal): Promise<RequestView> {
  const r = await load(id);
  const v = await viewFor(r, p);
  if (!v.mine && !v.canHandle && !v.isAssignee && !v.following && !r.public) throw notFound('诉求');
  return v;
}

export async function createRequest(body: z.output<typeof RequestInput>, p: Principal, now = new Date()): Promise<RequestView> {
  authorize(p, 'request:create', { kind: 'none' });
  const community = await store.getCommunity(body.communityId);
  if (!community || community.deactivatedAt) throw notFound('社区');
  const { categories } = await categoriesOfStreet(community.streetId);
  const category = categories.find((c) => c.id === body.categoryId);
  if (!category) throw ruleBroken('CATEGORY_UNKNOWN', '请选择诉求类别', [{ path: 'categoryId', message: '类别不存在' }]);
  let placeName = body.location ?? '';
  let gridId: string | undefined;
  if (body.buildingId) {
    const b = await store.getBuilding(body.buildingId);
    if (!b || b.communityId !== community.id || b.deactivatedAt) throw ruleBroken('BUILDING_UNKNOWN', '楼栋不在该社区', [{ path: 'buildingId', message: '楼栋不在该社区' }]);
    placeName = `${b.estate} ${b.name}${body.location ? ` ${body.location}` : ''}`;
    gridId = b.gridId;
  }
  const photos = await attachUploads(p, 'request', body.photos, { field: 'photos', label: '照片' }, [], now);
  const createdAt = nowIsoMs(now);
  const r: RequestRecord = {
    id: `rq-${now.getTime().toString(36)}${randomBytes(5).toString('hex')}`,
    communityId: community.id,
    streetId: community.streetId,
    category,
    text: body.text,
    photos,
    ...(body.buildingId ? { buildingId: body.buildingId } : {}),
    ...(gridId ? { gridId } : {}),
    placeName,
    public: body.public,
    reporterId: p.userId,
    reporterName: p.user.nickname,
    ...(body.contactPhone ? { contactPhone: body.contactPhone } : {}),
    status: 'submitted',
    version: 1,
    createdAt,
    respondDueAt: respondDue(now, category.respondHours).toISOString(),
    reopenCount: 0,
    followers: 0,
  };
  const e = event(now, { action: 'submit', status: 'submitted', text: '居民提交了诉求', by: '反映人', internal: false });
  await store.commit([store.requestCreate(r), store.eventPut(r.id, e), ...store.statsAdd(r.communityId, { submitted: 1 })]);
  return view(r, { mine: true, staff: false, assignee: false, following: false }, now);
}

/** "我也遇到了": open requests of the category in the building from the last 30 days, anonymised. */
export async function similarRequests(q: { communityId: string; buildingId: string; categoryId: string }, now = new Date()): Promise<{ items: RequestSummary[] }> {
  const since = nowIsoMs(new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000));
  const found = await store.openInBuilding(q.buildingId, q.categoryId, since, 20);
  return { items: found.filter((r) => r.communityId === q.communityId && isOpen(r.status)).map((r) => summary(r, r.public)) };
}

/**
 * Follow 我也遇到了 an open request: one follower item per person (a second follow is a
 * no-op), the count on the request, both in one transaction guarded by the version read.
 */
export async function followRequest(id: string, p: Principal, now = new Date()): Promise<RequestView> {
  for (let attempt = 0; ; attempt++) {
    const r = await load(id);
    if (isReporter(p, r)) throw ruleBroken('OWN_REQUEST', '这是您自己反映的诉求');
    if (await store.isFollowing(id, p.userId)) return viewFor(r, p);
    if (!isOpen(r.status)) throw ruleBroken('REQUEST_NOT_OPEN', '该诉求已办结，请重新反映');
    const after: RequestRecord = { ...r, followers: r.followers + 1, version: r.version + 1 };
    const e = event(now, { action: 'follow', status: r.status, text: '又有居民反映遇到了同样的问题', by: '居民', internal: false });
    try {
      await store.commit([store.requestReplace(r, after), store.followPut(id, p.userId, nowIsoMs(now)), store.eventPut(id, e)]);
      return viewFor(after, p);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

export async function timeline(id: string, p: Principal, page: { limit: number; cursor?: string }): Promise<Page<TimelineEntry>> {
  const r = await load(id);
  const actors = await actorsOf(p, r);
  const staff = actors.includes('staff') || actors.includes('assignee');
  if (actors.length === 0 && !r.public && !(await store.isFollowing(id, p.userId))) throw notFound('诉求');
  // Internal notes 内部备注 are staff-only: everybody else reads the filtered timeline.
  return store.timeline(id, staff, page);
}

const pageOfViews = async (page: Page<RequestRecord>, v: (r: RequestRecord) => Parameters<typeof view>[1]): Promise<Page<RequestView>> => ({
  items: await Promise.all(page.items.map((r) => view(r, v(r)))),
  ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
});

export async function myRequests(p: Principal, page: { limit: number; cursor?: string }): Promise<Page<RequestView>> {
  return pageOfViews(await store.requestsOfReporter(p.userId, page), () => ({ mine: true, staff: false, assignee: false, following: false }));
}

export async function assignedRequests(p: Principal, page: { limit: number; cursor?: string }): Promise<Page<RequestView>> {
  return pageOfViews(await store.requestsOfAssignee(`USER#${p.userId}`, page), (r) => ({ mine: r.reporterId === p.userId, staff: false, assignee: isAssignee(p, r), following: false }));
}

export async function queue(communityId: string, p: Principal, q: { limit: number; cursor?: string; overdueOnly?: 'true' | 'false' }, now = new Date()): Promise<Page<RequestView>> {
  authorize(p, 'request:handle', await handleScope(p, communityId));
  const page = await store.queue(communityId, q, q.overdueOnly === 'true' ? now.getTime() : undefined);
  return pageOfViews(page, (r) => ({ mine: r.reporterId === p.userId, staff: true, assignee: isAssignee(p, r), following: false }));
}

export { mayHandle };
