import type { BookingStatus } from '@shared/api/booking';
import type { TxItem } from '../lib/dynamo';
import type { BookingRecord } from '../booking/model';
import type { MemberState } from '../members/model';
import type { CrowdfundRecord, PledgeRecord } from '../crowdfund/model';
import type { ActivityRecord } from '../activities/model';
import type { WishRecord } from '../wishes/model';
import type { RequestRecord } from '../requests/model';
import { newMessage } from './domain';
import type { MessageRecord, Notice } from './model';
import { logger } from '../lib/logger';
import { nowIso } from '../lib/time';
import { stationStaffListPage, stationStaffPage, wishScreenersPage } from '../roles/appointments';
import { followersPage } from '../requests/storage';
import { advanceAudienceFanout, type Audience, audienceFanoutPut, deliverOnce, fanoutPut, inboxWrites, pendingAudienceFanouts } from './storage';

/**
 * What each event tells whom, and the writes that append it: the booking, members and
 * crowdfund domains add these to the transaction of the event itself, so a message exists
 * exactly when the event does (approve racing cancel: only the winner's message is written).
 */

/** Mini-program pages a message opens. */
export const links = {
  booking: (id: string) => `/pages/bookings/detail?id=${id}`,
  pendingQueue: (stationId: string, stationName: string) => `/packages/staff/pages/pending/index?stationId=${stationId}&name=${encodeURIComponent(stationName)}`,
  member: () => '/packages/member/pages/index/index',
  posts: () => '/packages/member/pages/posts/index',
  crowdfund: (id: string) => `/packages/crowdfund/pages/detail/index?id=${id}`,
  activity: (id: string) => `/packages/activities/pages/detail/index?id=${id}`,
  volunteerHours: () => '/packages/activities/pages/hours/index',
  people: () => '/packages/admin/pages/people/index',
  request: (id: string) => `/packages/requests/pages/detail/index?id=${id}`,
  wish: (id: string) => `/packages/wishes/pages/detail/index?id=${id}`,
  wishScreening: (communityId: string) => `/packages/wishes/pages/screening/index?communityId=${communityId}`,
};

/**
 * Staff told of a new booking inside its own transaction (3 items each of the 100 a
 * transaction holds: message, counter, outbox). A station with more gets a fan-out item in
 * the same transaction, and the rest are told from it (deliverAudienceFanouts): nobody dropped.
 */
export const STAFF_IN_TRANSACTION = 20;
/** People told per fan-out page. */
const FANOUT_PAGE = 100;

const when = (b: Pick<BookingRecord, 'date' | 'start' | 'end'>) => `${b.date} ${b.start}–${b.end}`;
const place = (b: Pick<BookingRecord, 'stationName' | 'roomName'>) => `${b.stationName}·${b.roomName}`;

/** A page of an audience: user ids and the bookmark of the next page (none: this was the last). */
interface AudiencePage {
  userIds: string[];
  next?: string;
}

const byIdPage = (p: { userIds: string[]; more: boolean }): AudiencePage => ({ userIds: p.userIds, ...(p.more ? { next: p.userIds.at(-1) } : {}) });

/** Reads one page of an audience after the bookmark `after`. */
async function audiencePage(a: Audience, limit: number, after?: string): Promise<AudiencePage> {
  switch (a.kind) {
    case 'stationStaff':
      return byIdPage(await stationStaffPage(a.stationId, limit, after));
    case 'requestFollowers':
      return byIdPage(await followersPage(a.requestId, limit, after));
    case 'wishScreeners':
      return wishScreenersPage(a.communityId, limit, after);
  }
}

/**
 * Audiences that may list a person more than once (several roles): their messages are
 * once-only even inside the event's transaction (one more item each), so a person told there
 * is not told again by the fan-out. The others list each person once, and the fan-out starts
 * after the last one the transaction told.
 */
const REPEATS: Record<Audience['kind'], boolean> = { stationStaff: false, requestFollowers: false, wishScreeners: true };

/**
 * An event told to an audience that may be more than a transaction holds: the messages of
 * the first `inTransaction` people (for the caller to append with inboxWrites, together with
 * its other messages) and, when more follow, the fan-out item that has the job tell the rest
 * (for the same transaction: the fan-out exists exactly when the event does). `skip`: who is
 * not told (the actor, people the caller tells otherwise). `event` is unique per event.
 * `firstPage`: the first `inTransaction` of the audience when the caller started that read
 * early, beside its own reads.
 */
export async function audienceMessages(
  event: string,
  audience: Audience,
  notice: Notice,
  now: Date,
  inTransaction: number,
  skip: string[] = [],
  firstPage?: Promise<{ userIds: string[]; more: boolean }>,
): Promise<{ messages: MessageRecord[]; fanout: TxItem[] }> {
  const page = firstPage ? byIdPage(await firstPage) : await audiencePage(audience, inTransaction);
  const onceKey = REPEATS[audience.kind] ? event : undefined;
  const messages = [...new Set(page.userIds)].filter((u) => !skip.includes(u)).map((userId) => newMessage(userId, notice, now, onceKey));
  if (!page.next) return { messages, fanout: [] };
  return { messages, fanout: [audienceFanoutPut({ event, audience, notice, at: nowIso(now), after: page.next, ...(skip.length ? { skip } : {}) })] };
}

/**
 * Who a new booking at `stationId` tells in its own transaction, read fresh for every booking:
 * `early` is the station's staff list item (`bookingStaffListRead`, started with the booking's
 * other reads); where the station has no whole list, one Query of its staff.
 */
export const bookingStaffRead = async (stationId: string, early?: Promise<{ userIds: string[]; more: boolean } | undefined>) =>
  (await early) ?? stationStaffPage(stationId, STAFF_IN_TRANSACTION);

/** The station's staff list item, for a booking to read together with its room and slot locks. */
export const bookingStaffListRead = (stationId: string) => stationStaffListPage(stationId, STAFF_IN_TRANSACTION);

/**
 * A new booking → every staff member of the station (待审核 when it waits for them). `staffRead`:
 * the booking's `bookingStaffRead` when it started it early, next to its other reads.
 */
export async function bookingSubmittedWrites(b: BookingRecord, now: Date, staffRead = bookingStaffRead(b.stationId)): Promise<TxItem[]> {
  const notice: Notice = {
    kind: 'booking_submitted',
    title: b.status === 'pending' ? '新的场地预约待审核' : '新的场地预约',
    body: `${b.userName} 预约了${place(b)}，${when(b)}，${b.attendees} 人，用途：${b.purpose}`,
    link: b.status === 'pending' ? links.pendingQueue(b.stationId, b.stationName) : links.booking(b.id),
  };
  const told = await audienceMessages(`booking-submitted#${b.id}`, { kind: 'stationStaff', stationId: b.stationId }, notice, now, STAFF_IN_TRANSACTION, [], staffRead);
  return [...inboxWrites(told.messages), ...told.fanout];
}

/**
 * Tells the rest of the audiences that events' transactions had no room for, a page per
 * fan-out per run, each person at most once per event (the once-key is the event: a page
 * repeated after a crash, or by two runs at once, tells nobody twice). Runs every minute
 * with the outbox sender.
 */
export async function deliverAudienceFanouts(deadlineMs: number, page = FANOUT_PAGE): Promise<{ told: number; errors: number }> {
  const out = { told: 0, errors: 0 };
  for (const f of await pendingAudienceFanouts(20)) {
    if (Date.now() > deadlineMs) break;
    try {
      const people = await audiencePage(f.audience, page, f.after);
      const to = [...new Set(people.userIds)].filter((u) => !(f.skip ?? []).includes(u));
      const results = await Promise.allSettled(to.map((userId) => deliverOnce(newMessage(userId, f.notice, new Date(f.at), f.event))));
      out.told += results.filter((r) => r.status === 'fulfilled' && r.value).length;
      const failed = results.filter((r) => r.status === 'rejected').length;
      out.errors += failed;
      // The bookmark moves only past a page delivered whole.
      if (failed === 0) await advanceAudienceFanout(f, people.next);
    } catch (err) {
      out.errors++;
      logger.error('audience fan-out failed', { event: f.event, error: String(err) });
    }
  }
  return out;
}

/** What the booker hears when someone else moves the booking to `to` (nothing for their own acts, check-in or rating). */
export function bookingMovedNotice(b: BookingRecord, to: BookingStatus, reason?: string): Notice | undefined {
  const what = `${place(b)}，${when(b)}`;
  const why = reason ? `，原因：${reason}` : '';
  const link = links.booking(b.id);
  switch (to) {
    case 'approved':
      return { kind: 'booking_approved', title: '预约已通过', body: `${what}，请按时前往并扫房间二维码签到`, link };
    case 'rejected':
      return { kind: 'booking_rejected', title: '预约未通过', body: `${what}${why}`, link };
    case 'cancelled':
      return { kind: 'booking_cancelled', title: '预约已被取消', body: `${what}${why}`, link };
    case 'no_show':
      return { kind: 'booking_no_show', title: '预约未签到', body: `${what}，开始后 15 分钟内未签到，已记为爽约`, link };
    default:
      return undefined;
  }
}

export function bookingMovedWrites(b: BookingRecord, to: BookingStatus, byUserId: string, now: Date, reason?: string): TxItem[] {
  if (byUserId === b.userId || to === b.status) return [];
  const notice = bookingMovedNotice(b, to, reason);
  return notice ? inboxWrites([newMessage(b.userId, notice, now)]) : [];
}

/** The reminder one hour before the start: one per booking (its id is derived from the booking). */
export function bookingReminder(b: BookingRecord, dueAt: Date): MessageRecord {
  return newMessage(
    b.userId,
    { kind: 'booking_reminder', title: '预约即将开始', body: `${place(b)}，${when(b)}，请按时前往，开始后 15 分钟内扫房间二维码签到`, link: links.booking(b.id) },
    dueAt,
    `booking-reminder#${b.id}`,
  );
}

/** Membership and report-in decided, a post released by the community: what the member hears. */
export function memberChangeNotices(before: MemberState, after: MemberState): Notice[] {
  const out: Notice[] = [];
  const p0 = before.profile;
  const p1 = after.profile;
  if (p0?.status === 'pending' && p1 && p1.status !== 'pending') {
    out.push(
      p1.status === 'confirmed'
        ? { kind: 'membership_confirmed', title: '党员身份已认证', body: '您的党员身份已通过社区核实，可以到居住社区报到、认领岗位', link: links.member() }
        : { kind: 'membership_rejected', title: '党员身份认证未通过', body: `${p1.note ? `说明：${p1.note}。` : ''}如有疑问请联系社区`, link: links.member() },
    );
  }
  const r0 = before.reportIn;
  const r1 = after.reportIn;
  if (r0?.status === 'pending' && r1 && r1.status !== 'pending' && r1.reportedAt === r0.reportedAt) {
    out.push(
      r1.status === 'confirmed'
        ? { kind: 'report_in_confirmed', title: '报到已确认', body: '社区已确认您的报到，欢迎认领岗位、参与服务', link: links.member() }
        : { kind: 'report_in_rejected', title: '报到未通过', body: '社区未确认您的报到，请核对信息后重新报到', link: links.member() },
    );
  }
  // A post that left the list while the member kept the same report-in: the community released it.
  if (r0 && r1 && r0.reportedAt === r1.reportedAt && r0.communityId === r1.communityId) {
    for (const post of r0.posts.filter((p) => !r1.posts.includes(p))) {
      out.push({ kind: 'post_released', title: '岗位已被社区解除', body: `您认领的「${post}」已由社区解除`, link: links.posts() });
    }
  }
  return out;
}

/** The member change's messages (for the member's own transaction); none when `self` made the change. */
export function memberChangeWrites(userId: string, before: MemberState, after: MemberState, now: Date, byUserId?: string): TxItem[] {
  if (byUserId === userId) return [];
  return inboxWrites(memberChangeNotices(before, after).map((n) => newMessage(userId, n, now)));
}

/** A pledge confirmed 已确认 (money received, labour done, goods delivered) → its backer. */
export function pledgeConfirmedWrites(p: PledgeRecord, what: string, now: Date): TxItem[] {
  return inboxWrites([
    newMessage(p.pledgerId, { kind: 'pledge_confirmed', title: '认捐已确认', body: `「${p.crowdfundTitle}」已确认收到您认捐的${p.lineTitle}：${what}，谢谢您`, link: links.crowdfund(p.crowdfundId) }, now),
  ]);
}

export type CrowdfundOutcome = 'funded' | 'failed' | 'completed';

export function crowdfundNotice(cf: Pick<CrowdfundRecord, 'id' | 'title'>, outcome: CrowdfundOutcome): Notice {
  const link = links.crowdfund(cf.id);
  switch (outcome) {
    case 'funded':
      return { kind: 'crowdfund_funded', title: '众筹成功', body: `您支持的「${cf.title}」已筹满，谢谢您`, link };
    case 'failed':
      return { kind: 'crowdfund_failed', title: '众筹未成功', body: `您支持的「${cf.title}」未在截止前筹满，您的认捐已解除，已收款项将退还`, link };
    default:
      return { kind: 'crowdfund_completed', title: '众筹项目已完成', body: `您支持的「${cf.title}」已完成，可查看结项报告和公开账目`, link };
  }
}

/**
 * Tells one backer of `cf` its outcome, at most once however many pledges they made and
 * however often this runs (the message id comes from crowdfund, outcome and backer).
 */
export function deliverCrowdfundNotice(cf: Pick<CrowdfundRecord, 'id' | 'title'>, outcome: CrowdfundOutcome, userId: string, at: Date): Promise<boolean> {
  return deliverOnce(newMessage(userId, crowdfundNotice(cf, outcome), at, `crowdfund#${cf.id}#${outcome}`));
}

/**
 * A crowdfund's outcome for its backers, for the transaction that reaches it: a fan-out work
 * item (the closer delivers it in batches, crowdfund/notify.ts), never thousands of items in
 * one transaction.
 */
export function crowdfundOutcomeWrites(cf: Pick<CrowdfundRecord, 'id' | 'title'>, outcome: CrowdfundOutcome, at: string): TxItem[] {
  return [fanoutPut({ key: `CROWDFUND#${cf.id}#${outcome}`, crowdfundId: cf.id, title: cf.title, outcome, at })];
}

// ---- activities 活动 (functions/src/activities) ----

type ActivityRef = Pick<ActivityRecord, 'id' | 'title' | 'start' | 'end' | 'placeName'>;

/** `12月3日 15:00–16:30` (or both dates when it spans days). */
function activityWhen(a: Pick<ActivityRecord, 'start' | 'end'>): string {
  const day = (t: string) => `${Number(t.slice(5, 7))}月${Number(t.slice(8, 10))}日`;
  const start = `${day(a.start)} ${a.start.slice(11, 16)}`;
  return a.start.slice(0, 10) === a.end.slice(0, 10) ? `${start}–${a.end.slice(11, 16)}` : `${start} 至 ${day(a.end)} ${a.end.slice(11, 16)}`;
}

export type ActivityEvent =
  | { kind: 'signed_up' }
  | { kind: 'waitlisted' }
  | { kind: 'promoted' }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'no_show' }
  | { kind: 'hours_credited'; hours: number }
  | { kind: 'reminder' };

/** What a registrant hears of an activity event. */
export function activityNotice(a: ActivityRef, e: ActivityEvent): Notice {
  const title = `「${a.title}」`;
  const when = activityWhen(a);
  const link = links.activity(a.id);
  switch (e.kind) {
    case 'signed_up':
      return { kind: 'activity_signed_up', title: '活动报名成功', body: `${title}${when}，${a.placeName}。开始前 30 分钟起可扫码签到`, link };
    case 'waitlisted':
      return { kind: 'activity_waitlisted', title: '已进入活动候补', body: `${title}名额已满，您已进入候补名单。有名额空出时将按顺序自动为您递补，并通知您`, link };
    case 'promoted':
      return { kind: 'activity_promoted', title: '候补成功，已为您递补名额', body: `${title}有名额空出，您已由候补转为报名成功。${when}，${a.placeName}`, link };
    case 'cancelled':
      return { kind: 'activity_cancelled', title: '活动已取消', body: `您报名的${title}（${when}）已取消，原因：${e.reason}`, link };
    case 'no_show':
      return { kind: 'activity_no_show', title: '活动未签到', body: `${title}（${when}）您未签到，已记为缺席；60 天内 3 次缺席将暂停报名 14 天`, link };
    case 'hours_credited':
      return { kind: 'activity_hours_credited', title: '志愿服务时长已记录', body: `${title}已为您记录志愿服务时长 ${e.hours} 小时，可在“我的志愿时长”查看并开具证明`, link: links.volunteerHours() };
    default:
      return { kind: 'activity_reminder', title: '活动明天开始', body: `${title}将于 ${when} 开始，地点：${a.placeName}。请按时参加，开始前 30 分钟起可扫码签到`, link };
  }
}

/** The writes that tell each of `userIds` of an activity event, for the event's own transaction (3 items a person at most). */
export function activityEventWrites(a: ActivityRef, e: ActivityEvent, userIds: string[], now: Date): TxItem[] {
  return inboxWrites(userIds.map((userId) => newMessage(userId, activityNotice(a, e), now)));
}

/**
 * An activity event told to one person at most once, however often it is delivered (a fan-out
 * page repeated after a crash, two reminder runs at once): the message id comes from the
 * activity, the event and the person. `also` holds only while the event still applies
 * (e.g. the registration is still confirmed); false when refused.
 */
export function deliverActivityNotice(a: ActivityRef, e: ActivityEvent, userId: string, at: Date, also: TxItem[] = []): Promise<boolean> {
  return deliverOnce(newMessage(userId, activityNotice(a, e), at, `activity#${a.id}#${e.kind}#${userId}`), also);
}

/** An invitation accepted → its inviter, in the acceptance's transaction (roles/invites). */
export function inviteAcceptedWrites(inviterId: string, inviteeName: string, roleLabel: string, scopeName: string, now: Date): TxItem[] {
  return inboxWrites([
    newMessage(inviterId, { kind: 'invite_accepted', title: '邀请已被接受', body: `${inviteeName} 已接受您的邀请，成为${scopeName}的${roleLabel}`, link: links.people() }, now),
  ]);
}

/** Followers of a request told inside a change's transaction (3 items each); the rest by the fan-out. */
export const REQUEST_FOLLOWERS_IN_TRANSACTION = 15;
/** A station's staff told of a request inside the change's transaction (3 items each); the rest by the fan-out. */
export const REQUEST_STAFF_IN_TRANSACTION = 10;

type RequestRef = Pick<RequestRecord, 'id' | 'version' | 'placeName' | 'reporterId'> & { categoryName: string };
type RequestAssignee = Pick<NonNullable<RequestRecord['assignee']>, 'kind' | 'id'>;

export interface RequestChangeTold {
  /** What the reporter and the followers read (none: they are not told). */
  tell?: string;
  /** The reporter acted (confirm, reopen): `tell` goes to this assignee instead (a station: its staff). */
  toAssignee?: RequestAssignee;
  /** Dispatched: the new assignee hears it is theirs. */
  assignedTo?: RequestAssignee;
}

/**
 * A request 诉求 changed (`r` after the change: its version names the change): the writes
 * that tell whom, for the change's own transaction. The reporter and every follower hear of
 * it (the first followers inside the transaction, the rest from an audience fan-out put in
 * it); a station's staff likewise; never the actor. One inboxWrites for all: a person told
 * twice (a follower who is also the new assignee) gets one counter update.
 */
export async function requestChangeWrites(r: RequestRef, told: RequestChangeTold, byUserId: string, now: Date): Promise<TxItem[]> {
  const link = links.request(r.id);
  const messages: MessageRecord[] = [];
  const fanouts: TxItem[] = [];
  const tellOne = (userId: string, notice: Notice) => {
    if (userId !== byUserId) messages.push(newMessage(userId, notice, now));
  };
  const tellAll = async (event: string, audience: Audience, notice: Notice, inTransaction: number, skip: string[]) => {
    const part = await audienceMessages(event, audience, notice, now, inTransaction, [byUserId, ...skip]);
    messages.push(...part.messages);
    fanouts.push(...part.fanout);
  };
  const tellAssignee = (a: RequestAssignee, event: string, notice: Notice) =>
    a.kind === 'station' ? tellAll(event, { kind: 'stationStaff', stationId: a.id }, notice, REQUEST_STAFF_IN_TRANSACTION, []) : tellOne(a.id, notice);
  if (told.tell) {
    const update: Notice = { kind: 'request_update', title: `诉求进展：${r.categoryName}`, body: told.tell, link };
    if (told.toAssignee) await tellAssignee(told.toAssignee, `request#${r.id}#${r.version}#assignee`, update);
    else {
      tellOne(r.reporterId, update);
      await tellAll(`request#${r.id}#${r.version}`, { kind: 'requestFollowers', requestId: r.id }, update, REQUEST_FOLLOWERS_IN_TRANSACTION, [r.reporterId]);
    }
  }
  if (told.assignedTo) {
    const assigned: Notice = { kind: 'request_assigned', title: '新的诉求派单', body: `${r.placeName}的「${r.categoryName}」诉求已派给您，请及时处理`, link };
    await tellAssignee(told.assignedTo, `request-assigned#${r.id}#${r.version}`, assigned);
  }
  return [...inboxWrites(messages), ...fanouts];
}

/** Wish screeners told inside the posting's transaction (4 items each: their messages are once-only); the rest by the fan-out. */
export const SCREENERS_IN_TRANSACTION = 20;

/**
 * A wish posted and awaiting screening 待审核 → the people who may screen it: the community's
 * admins and its stations' staff (never the poster). The first inside the posting's
 * transaction, the rest from an audience fan-out put in it.
 */
export async function wishSubmittedWrites(w: Pick<WishRecord, 'id' | 'communityId' | 'buildingLabel' | 'title' | 'posterId'>, now: Date): Promise<TxItem[]> {
  const notice: Notice = { kind: 'wish_submitted', title: '新的微心愿待审核', body: `${w.buildingLabel}：「${w.title}」，审核通过后将在心愿墙公开`, link: links.wishScreening(w.communityId) };
  const told = await audienceMessages(`wish-submitted#${w.id}`, { kind: 'wishScreeners', communityId: w.communityId }, notice, now, SCREENERS_IN_TRANSACTION, [w.posterId]);
  return [...inboxWrites(told.messages), ...told.fanout];
}

export type WishEvent = 'claimed' | 'delivered' | 'confirmed' | 'lapsed';

/**
 * A wish's step → who hears of it: claimed and delivered → the poster and the beneficiary;
 * confirmed → the claimant; a lapsed claim → the former claimant and the poster. Nobody hears
 * of their own act. `w` is the wish after the step, `before` the wish before it.
 */
export function wishEventWrites(before: WishRecord, w: WishRecord, event: WishEvent, now: Date, byUserId?: string): TxItem[] {
  const link = links.wish(w.id);
  const owners = [w.posterId, w.beneficiaryUserId].filter((u): u is string => !!u);
  const to = (ids: (string | undefined)[], notice: Notice) =>
    [...new Set(ids.filter((u): u is string => !!u && u !== byUserId))].map((userId) => newMessage(userId, notice, now));
  switch (event) {
    case 'claimed':
      return inboxWrites(to(owners, { kind: 'wish_claimed', title: '心愿已被认领', body: `「${w.title}」已由${w.claimantKind === 'unit' && w.unitName ? w.unitName : '爱心人士'}认领，对方会在期限内与您联系`, link }));
    case 'delivered':
      return inboxWrites(to(owners, { kind: 'wish_delivered', title: '心愿已送达，请确认', body: `「${w.title}」认领人已登记送达：${w.deliveryNote ?? ''}。收到后请确认，7 天后将自动确认`, link }));
    case 'confirmed':
      return inboxWrites(
        to([w.claimantId], {
          kind: 'wish_confirmed',
          title: '心愿已确认完成',
          body: w.confirmedBy === 'system' ? `「${w.title}」送达 7 天后已自动确认，谢谢您` : `「${w.title}」受助方已确认收到，谢谢您`,
          link,
        }),
      );
    case 'lapsed':
      return inboxWrites([
        ...to([before.claimantId], { kind: 'wish_lapsed', title: '心愿认领已过期', body: `「${w.title}」未在认领期限内送达，认领已失效，心愿重新开放`, link }),
        ...to(owners, { kind: 'wish_lapsed', title: '心愿重新开放认领', body: `「${w.title}」的认领人未在期限内完成，心愿已重新开放`, link }),
      ]);
  }
}
