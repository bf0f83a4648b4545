/**
 * Activities 活动: create (draft), edit, publish into a room (the booking domain's slot
 * locks, in the publishing transaction), cancel, and the public list and detail.
 */
import { randomUUID } from 'node:crypto';
import type { Activity, ActivityData } from '@shared/api/activities';
import { authorize, can, type Principal, type Scope } from '../lib/authorize';
import { appError, conflict, notFound, ruleBroken } from '../lib/errors';
import type { Page } from '../lib/dynamo';
import { nowIso } from '../lib/time';
import { roomWithStation, station as stationOr404 } from '../venues/domain';
import { buildingsNamed } from '../org/domain';
import { activityEventWrites } from '../messages/events';
import { cancellationFanout, deliverSoon } from './notices';
import type { ActivityRecord } from './model';
import { attachUploads, withPhotoLinks } from '../uploads/domain';
import { at, effectiveStatus, FIXED_AFTER_PUBLISH, localDateTime, MAX_PROMOTIONS_PER_CHANGE, seatsLeft } from './rules';
import { activitiesPage, cancelActivity as storeCancel, getActivity, insertDraft, publish as storePublish, saveEdit } from './storage';
import { fillFreeSeats, myLiveRegistration, ownRegistrationView, promotionAfter } from './registrations';

export const activityScope = (a: { stationId: string; communityId: string }): Scope => ({ kind: 'station', stationId: a.stationId, communityId: a.communityId });

export function activityView(a: ActivityRecord, now = new Date()): Activity {
  const { taken: _t, waitCount, noShowsSwept: _n, cancelReason: _c, ...rest } = a;
  return { ...rest, status: effectiveStatus(a, now), seatsLeft: seatsLeft(a), waitlistLength: waitCount };
}

/** The photos of a form as stored: fresh uploads checked and attached, the activity's own kept. */
const PHOTOS = (prefix: string) => ({ field: `${prefix}photos`, label: '图片' });

/** `activityView` as answered: photo links that show (CDN or presigned), and the stored keys an editor sends back. */
export const activityOut = (a: ActivityRecord, now = new Date()): Promise<Activity> => withPhotoLinks(activityView(a, now));

export async function activityOr404(id: string): Promise<ActivityRecord> {
  const a = await getActivity(id, true);
  if (!a) throw notFound('活动');
  return a;
}

/** Drafts are seen only by those who may manage them. */
async function visibleActivity(id: string, principal: Principal | undefined): Promise<ActivityRecord> {
  const a = await activityOr404(id);
  if (a.status === 'draft' && !(principal && can(principal, 'activity:manage', activityScope(a)))) throw notFound('活动');
  return a;
}

export async function managedActivity(principal: Principal, id: string): Promise<ActivityRecord> {
  const a = await activityOr404(id);
  authorize(principal, 'activity:manage', activityScope(a));
  return a;
}

/** Where it happens: a room of the activity's own station, or the address typed in. */
async function placeName(stationId: string, place: ActivityData['place']): Promise<string> {
  if (!place.roomId) return place.address!;
  let found;
  try {
    found = await roomWithStation(place.roomId);
  } catch {
    throw ruleBroken('ROOM_NOT_FOUND', '未找到该房间', [{ path: 'place.roomId', message: '请选择本驿站的房间' }]);
  }
  if (found.station.id !== stationId) throw ruleBroken('ROOM_OF_OTHER_STATION', '只能选择本驿站的房间', [{ path: 'place.roomId', message: '请选择本驿站的房间' }]);
  return `${found.station.name} · ${found.room.name}`;
}

/**
 * Audience `buildings`: each chosen building must exist, belong to the activity's community and
 * be in service (400 naming `<prefix>buildingIds.<i>` otherwise). Their names, as shown.
 */
async function audienceBuildings(communityId: string, input: ActivityData, prefix: string): Promise<Pick<ActivityRecord, 'audienceBuildings'>> {
  if (input.audience !== 'buildings' || !input.buildingIds) return {};
  const found = new Map((await buildingsNamed(input.buildingIds)).map((b) => [b.id, b]));
  const wrong = input.buildingIds.flatMap((id, i) => {
    const b = found.get(id);
    const why = !b ? '楼栋不存在' : b.communityId !== communityId ? '不是本社区的楼栋' : b.deactivatedAt ? '楼栋已停用' : undefined;
    return why ? [{ path: `${prefix}buildingIds.${i}`, message: why }] : [];
  });
  if (wrong.length) throw appError('VALIDATION_FAILED', '只能选择本社区在用的楼栋', wrong);
  return { audienceBuildings: input.buildingIds.map((id) => ({ id, name: found.get(id)!.label })) };
}

export async function createActivity(principal: Principal, stationId: string, input: ActivityData, now = new Date()): Promise<ActivityRecord> {
  const station = await stationOr404(stationId);
  authorize(principal, 'activity:manage', { kind: 'station', stationId, communityId: station.communityId });
  if (at(input.start) <= now) throw ruleBroken('PAST', '活动开始时间须晚于现在', [{ path: 'start', message: '开始时间已过' }]);
  const a: ActivityRecord = {
    ...input,
    id: randomUUID(),
    stationId,
    stationName: station.name,
    communityId: station.communityId,
    placeName: await placeName(stationId, input.place),
    photos: await attachUploads(principal, 'activity', input.photos, PHOTOS('')),
    ...(await audienceBuildings(station.communityId, input, '')),
    organiserId: principal.userId,
    organiserName: principal.user.nickname,
    status: 'draft',
    taken: 0,
    waitCount: 0,
    version: 1,
    createdAt: nowIso(now),
  };
  await insertDraft(a);
  return a;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/**
 * Edits. A draft may change everything; a published activity keeps its time, place, kind,
 * audience and hours (its room slots and what people signed up for) and may not shrink below
 * the seats already taken. More seats promote the waitlist in the same transaction.
 */
export async function updateActivity(principal: Principal, id: string, input: ActivityData, version: number, now = new Date()): Promise<ActivityRecord> {
  const a = await managedActivity(principal, id);
  if (a.version !== version) throw conflict('VERSION_CHANGED', '活动已被他人修改，请刷新后再改');
  const status = effectiveStatus(a, now);
  if (status !== 'draft' && status !== 'published') throw ruleBroken('NOT_EDITABLE', '活动已开始、结束或取消，不能修改');
  if (a.status === 'published') {
    const changed = FIXED_AFTER_PUBLISH.filter((k) => !same(a[k], input[k]));
    if (changed.length) {
      throw ruleBroken('FIXED_AFTER_PUBLISH', '活动发布后不能修改时间、地点、类型、报名范围和志愿时长，如需更改请取消后重新发布', changed.map((k) => ({ path: `activity.${k}`, message: '发布后不能修改' })));
    }
    if (input.capacity < a.taken) throw ruleBroken('CAPACITY_BELOW_TAKEN', `已有 ${a.taken} 人报名，名额不能少于 ${a.taken}`, [{ path: 'activity.capacity', message: `不少于 ${a.taken}` }]);
  } else if (at(input.start) <= now) {
    throw ruleBroken('PAST', '活动开始时间须晚于现在', [{ path: 'activity.start', message: '开始时间已过' }]);
  }
  const changes: Partial<ActivityRecord> = {
    ...input,
    placeName: a.status === 'draft' ? await placeName(a.stationId, input.place) : a.placeName,
    photos: await attachUploads(principal, 'activity', input.photos, PHOTOS('activity.'), a.photos),
    // A draft changes its buildings freely (names read again); a published one keeps them (FIXED_AFTER_PUBLISH).
    ...(a.status === 'draft' ? await audienceBuildings(a.communityId, input, 'activity.') : {}),
  };
  // A draft's optional fields left out of the new form are removed (a lecture keeps no hours, everyone no buildings).
  const removed = a.status === 'draft' ? (['hours', 'buildingIds', 'audienceBuildings'] as const).filter((k) => changes[k] === undefined && a[k] !== undefined) : [];
  const promotion = a.status === 'published' && input.capacity > a.capacity ? await promotionAfter(a, { capacity: input.capacity }) : undefined;
  const told = promotion ? activityEventWrites(a, { kind: 'promoted' }, promotion.promoted.map((w) => w.userId), now) : [];
  const res = await saveEdit(a, changes, promotion, told, removed);
  if (!res.ok) throw conflict('VERSION_CHANGED', '活动已被他人修改或报名人数有变化，请刷新后再改');
  const kept = Object.fromEntries(Object.entries(a).filter(([k]) => !(removed as readonly string[]).includes(k))) as ActivityRecord;
  // More seats than one transaction promotes: the rest of the waitlist's heads follow, in order.
  const counters = promotion && promotion.promoted.length >= MAX_PROMOTIONS_PER_CHANGE ? await fillFreeSeats(a.id, now) : promotion;
  return { ...kept, ...changes, ...(counters ? { taken: counters.taken, waitCount: counters.waitCount } : {}), version: a.version + 1 };
}

/** draft → published, taking the room's slots in the same transaction (409 names the taken time). */
export async function publishActivity(principal: Principal, id: string, now = new Date()): Promise<ActivityRecord> {
  const a = await managedActivity(principal, id);
  if (a.status !== 'draft') throw conflict('STATUS_CHANGED', '活动已发布或已取消');
  if (at(a.start) <= now) throw ruleBroken('PAST', '活动开始时间已过，请修改时间后再发布');
  if (at(a.signUpCloses) <= now) throw ruleBroken('SIGN_UP_CLOSED', '报名截止时间已过，请修改后再发布', [{ path: 'signUpCloses', message: '已过' }]);
  const res = await storePublish(a, now.getTime());
  if (res.ok) return { ...a, status: 'published', version: a.version + 1 };
  if (res.reason === 'slot_taken') {
    const startMin = Number(a.start.slice(11, 13)) * 60 + Number(a.start.slice(14, 16)) + 30 * res.slot;
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const slot = `${a.start.slice(0, 10)} ${hhmm(startMin)}–${hhmm(startMin + 30)}`;
    throw conflict('SLOT_TAKEN', `${a.placeName} 在 ${slot} 已被预约，请换个时间或房间`, { slot: { date: a.start.slice(0, 10), start: hhmm(startMin), end: hhmm(startMin + 30) } });
  }
  if (res.reason === 'room_deactivated') throw conflict('ROOM_DEACTIVATED', `${a.placeName} 已停用，请换个房间`);
  throw conflict('STATUS_CHANGED', '活动已被他人修改，请刷新后重试');
}

/**
 * Cancelled from any state before the end: the room's slots are released in the same
 * transaction. Registrations stay as they are and show the activity as cancelled.
 */
export async function cancelActivity(principal: Principal, id: string, reason: string, now = new Date()): Promise<ActivityRecord> {
  const a = await managedActivity(principal, id);
  if (a.status === 'cancelled') throw conflict('STATUS_CHANGED', '活动已取消');
  if (a.status === 'settled' || now >= at(a.end)) throw ruleBroken('ALREADY_ENDED', '活动已结束，不能取消');
  // Every registrant is told: the fan-out goes on the work list in the cancelling transaction, then is delivered (notices.ts).
  const { item, fanout } = cancellationFanout(a, reason, now);
  if (!(await storeCancel(a, reason, [item])).ok) throw conflict('STATUS_CHANGED', '活动已被他人修改，请刷新后重试');
  await deliverSoon(fanout);
  return { ...a, status: 'cancelled', cancelReason: reason, version: a.version + 1 };
}

export async function activityDetail(id: string, principal: Principal | undefined, now = new Date()): Promise<Activity> {
  const a = await visibleActivity(id, principal);
  const mine = principal ? await myLiveRegistration(a, principal.userId) : undefined;
  return {
    ...(await activityOut(a, now)),
    ...(mine ? { myRegistration: await ownRegistrationView(mine, a, now) } : {}),
    ...(principal ? { canManage: can(principal, 'activity:manage', activityScope(a)) } : {}),
  };
}

const PAST_DAYS_SHOWN = 0;

/**
 * Upcoming first, from `from` (default today) to `to` (default a year on): a community's, a
 * station's (its staff also see drafts), or everyone's. Cancelled ones stay listed, marked.
 */
export async function listActivities(
  query: { communityId?: string; stationId?: string; from?: string; to?: string; kind?: string; includeDrafts?: 'true' | 'false'; limit: number; cursor?: string },
  principal: Principal | undefined,
  now = new Date(),
): Promise<Page<Activity>> {
  const today = localDateTime(new Date(now.getTime() - PAST_DAYS_SHOWN * 86_400_000)).slice(0, 10);
  const from = query.from ?? today;
  const to = query.to ?? `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
  if (to < from) throw appError('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ path: 'to', message: '不能早于开始日期' }]);
  let drafts = false;
  if (query.stationId && query.includeDrafts === 'true') {
    const s = await stationOr404(query.stationId);
    drafts = Boolean(principal && can(principal, 'activity:manage', { kind: 'station', stationId: s.id, communityId: s.communityId }));
    if (!drafts) throw appError('FORBIDDEN', '只有驿站工作人员能查看草稿');
  }
  const scope = query.stationId ? { station: query.stationId } : query.communityId ? { community: query.communityId } : { all: true as const };
  const page = await activitiesPage(scope, { from, to }, { kind: query.kind, publishedOnly: !drafts }, query);
  return { items: await Promise.all(page.items.map((a) => activityOut(a, now))), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
