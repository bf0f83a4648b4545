import {
  MAX_POSTS_PER_MEMBER,
  SHOWN_HOLDERS_PREVIEW,
  type Consents,
  type MemberApplication,
  type MemberApplyRequest,
  type MemberProfile,
  type MyMemberResponse,
  type PostName,
  type PostsResponse,
  type ReportIn,
  type ReportInForReview,
  type ReportInRequest,
  type ReviewRequest,
  type ReviewStatus,
  POSTS,
} from '@shared/api/members';
import type { PageQuery } from '@shared/api/common';
import { authorize, type Principal, type Scope } from '../lib/authorize';
import type { Page } from '../lib/dynamo';
import { conflict, notFound, ruleBroken } from '../lib/errors';
import { keys } from '../lib/keys';
import { nowIso } from '../lib/time';
import { activeCode, maskPhone } from '../codes/domain';
import { changeWithRetry, commitChange, isShown } from './change';
import type { MemberRecord, MemberState, ReportInRecord } from './model';
import { homeFromReportIn } from '../home/home';
import { communityWithPostCounts, getOrgMetas, getProfiles, listApplications, listReportIns, postHolders, readMember } from './storage';

export { isRevealable, isShown } from './change';

export const NO_CONSENT: Consents = { showOnBuilding: false, phoneVisible: false };

/** How many phone numbers one viewer may reveal per day (Asia/Shanghai). */
export const REVEALS_PER_DAY = 10;

// ---------------------------------------------------------------- pure rules

export function canClaim(reportIn: ReportInRecord | undefined, post: PostName): void {
  if (!reportIn || reportIn.status !== 'confirmed') throw ruleBroken('NOT_REPORTED_IN', '请先到社区报到并经确认后再认岗');
  if (reportIn.posts.includes(post)) throw conflict('POST_ALREADY_HELD', '你已认领该岗位');
  if (reportIn.posts.length >= MAX_POSTS_PER_MEMBER) throw ruleBroken('TOO_MANY_POSTS', `每名党员最多认领 ${MAX_POSTS_PER_MEMBER} 个岗位`);
}

/** A review names the version the reviewer saw; anything else changed since is a 409, never a silent overwrite. */
function expectVersion(record: { version?: number }, seen: number | undefined, message: string): void {
  if (seen !== undefined && (record.version ?? 0) !== seen) throw conflict('CONFLICT', message);
}

export const ownProfile = (m: MemberRecord): MemberProfile => ({
  userId: m.userId,
  communityId: m.communityId,
  name: m.name,
  branch: m.branch,
  phone: m.phone,
  status: m.status,
  consents: m.consents,
  appliedAt: m.appliedAt,
  ...(m.reviewedAt ? { reviewedAt: m.reviewedAt } : {}),
  ...(m.note ? { note: m.note } : {}),
});

const application = (m: MemberRecord): MemberApplication => ({
  userId: m.userId,
  communityId: m.communityId,
  name: m.name,
  branch: m.branch,
  phoneMasked: maskPhone(m.phone),
  status: m.status,
  appliedAt: m.appliedAt,
  version: m.version ?? 0,
});

export const reportInView = (r: ReportInRecord): ReportIn => ({
  userId: r.userId,
  communityId: r.communityId,
  buildingId: r.buildingId,
  skills: r.skills,
  availableTimes: r.availableTimes,
  status: r.status,
  posts: r.posts,
  reportedAt: r.reportedAt,
  ...(r.reviewedAt ? { reviewedAt: r.reviewedAt } : {}),
});

const forReview = (r: ReportInRecord, m: MemberRecord | undefined): ReportInForReview => ({
  ...reportInView(r),
  name: m?.name ?? '',
  branch: m?.branch ?? '',
  phoneMasked: m ? maskPhone(m.phone) : '',
  version: r.version ?? 0,
});

// ---------------------------------------------------------------- membership

export async function apply(principal: Principal, body: MemberApplyRequest): Promise<MemberProfile> {
  authorize(principal, 'member:apply', { kind: 'none' });
  const community = (await getOrgMetas([keys.community(body.communityId)])).get(keys.community(body.communityId).pk);
  if (!community) throw notFound('社区');
  const before = await readMember(principal.userId);
  if (before.profile?.status === 'confirmed') throw conflict('ALREADY_MEMBER', '你已是认证党员，无需重复申请');
  const record: MemberRecord = {
    userId: principal.userId,
    communityId: body.communityId,
    name: body.name,
    branch: body.branch,
    phone: body.phone,
    status: 'pending',
    consents: before.profile?.consents ?? NO_CONSENT,
    appliedAt: nowIso(),
  };
  if (!(await commitChange(principal.userId, before, { ...before, profile: record }))) throw conflict('CONFLICT', '申请刚有变化，请刷新后重试');
  return ownProfile(record);
}

export async function myMember(principal: Principal): Promise<MyMemberResponse> {
  const { profile, reportIn } = await readMember(principal.userId);
  return { profile: profile ? ownProfile(profile) : null, reportIn: reportIn ? reportInView(reportIn) : null };
}

export async function listMemberApplications(principal: Principal, communityId: string, status: ReviewStatus, page: PageQuery): Promise<Page<MemberApplication>> {
  authorize(principal, 'member:confirm', { kind: 'community', communityId });
  const res = await listApplications(communityId, status, page);
  return { ...res, items: res.items.map(application) };
}

export async function reviewMember(principal: Principal, userId: string, review: ReviewRequest): Promise<MemberApplication> {
  const before = await readMember(userId);
  const current = before.profile;
  if (!current) throw notFound('申请');
  authorize(principal, 'member:confirm', { kind: 'community', communityId: current.communityId });
  const status: ReviewStatus = review.decision === 'confirm' ? 'confirmed' : 'rejected';
  if (current.status === 'confirmed' && status === 'confirmed') return application(current);
  if (current.status !== 'pending') throw conflict('ALREADY_REVIEWED', '该申请已处理');
  expectVersion(current, review.version, '申请人刚修改了申请，请刷新后重新核实');
  const next: MemberRecord = { ...current, status, reviewedAt: nowIso(), reviewedBy: principal.userId, ...(review.note ? { note: review.note } : {}) };
  // The profile and the member role change together (one transaction).
  if (!(await commitChange(userId, before, { ...before, profile: next }, status === 'confirmed' ? true : undefined)))
    throw conflict('CONFLICT', '申请刚有变化，请刷新后重试');
  return application({ ...next, version: (current.version ?? 0) + 1 });
}

export async function setConsents(principal: Principal, consents: Consents): Promise<MemberProfile> {
  return changeWithRetry(principal.userId, (before) => {
    if (!before.profile) throw notFound('党员资料');
    const next = { ...before.profile, consents };
    return { after: { ...before, profile: next }, result: ownProfile(next) };
  });
}

/** Withdraws the member's profile in ONE transaction: profile, report-in, building card, post holders and the role go together. */
export async function withdraw(principal: Principal): Promise<void> {
  await changeWithRetry(principal.userId, (before) => {
    if (!before.profile && !before.reportIn) throw notFound('党员资料');
    return { after: {}, memberRole: before.profile?.status === 'confirmed' ? false : undefined, result: undefined };
  });
}

// ---------------------------------------------------------------- report-in 报到

/** Staff of a station in the community act with that station's scope; admins with the community's. */
async function communityScope(principal: Principal, communityId: string): Promise<Scope> {
  if (principal.roles.adminCommunityIds.includes(communityId) || principal.streetCommunityIds?.includes(communityId)) return { kind: 'community', communityId };
  const stations = await getOrgMetas(principal.roles.staffStationIds.map((id) => keys.station(id)));
  for (const s of stations.values()) if (s.communityId === communityId) return { kind: 'station', stationId: String(s.id), communityId };
  return { kind: 'community', communityId };
}

export async function reportIn(principal: Principal, body: ReportInRequest): Promise<ReportIn> {
  authorize(principal, 'reportIn:create', { kind: 'none' });
  const code = await activeCode(body.communityCode, 'community');
  const building = (await getOrgMetas([keys.building(body.buildingId)])).get(keys.building(body.buildingId).pk);
  if (!building || building.communityId !== code.communityId) throw ruleBroken('BUILDING_NOT_IN_COMMUNITY', '所选楼栋不属于该社区', [{ path: 'buildingId', message: '请选择本社区的楼栋' }]);
  const before = await readMember(principal.userId);
  if (!before.profile || before.profile.status !== 'confirmed') throw ruleBroken('NOT_CONFIRMED_MEMBER', '请先完成党员身份认证再报到');
  const previous = before.reportIn;
  const record: ReportInRecord = {
    userId: principal.userId,
    communityId: code.communityId,
    buildingId: body.buildingId,
    skills: body.skills,
    availableTimes: body.availableTimes,
    status: 'pending',
    // Posts stay with the community they were claimed in.
    posts: previous && previous.communityId === code.communityId ? previous.posts : [],
    reportedAt: nowIso(),
  };
  if (!(await commitChange(principal.userId, before, { ...before, reportIn: record }))) throw conflict('CONFLICT', '报到信息刚有变化，请刷新后重试');
  await homeFromReportIn(principal.userId, record.buildingId);
  return reportInView(record);
}

export async function listReportInsFor(principal: Principal, communityId: string, status: ReviewStatus, page: PageQuery): Promise<Page<ReportInForReview>> {
  authorize(principal, 'reportIn:confirm', await communityScope(principal, communityId));
  const res = await listReportIns(communityId, status, page);
  const profiles = await getProfiles(res.items.map((r) => r.userId));
  return { ...res, items: res.items.map((r) => forReview(r, profiles.get(r.userId))) };
}

export async function reviewReportIn(principal: Principal, userId: string, review: ReviewRequest): Promise<ReportInForReview> {
  const before = await readMember(userId);
  const current = before.reportIn;
  if (!current) throw notFound('报到记录');
  authorize(principal, 'reportIn:confirm', await communityScope(principal, current.communityId));
  if (current.status !== 'pending') throw conflict('ALREADY_REVIEWED', '该报到已处理');
  expectVersion(current, review.version, '党员刚更新了报到信息，请刷新后重新审核');
  const next: ReportInRecord = { ...current, status: review.decision === 'confirm' ? 'confirmed' : 'rejected', reviewedAt: nowIso(), reviewedBy: principal.userId };
  // Conditioned on the version read: a newer report-in sent meanwhile is never replaced by this one.
  if (!(await commitChange(userId, before, { ...before, reportIn: next }))) throw conflict('CONFLICT', '党员刚更新了报到信息，请刷新后重新审核');
  if (next.status === 'confirmed') await homeFromReportIn(userId, next.buildingId);
  return forReview({ ...next, version: (current.version ?? 0) + 1 }, before.profile);
}

// ---------------------------------------------------------------- posts 认岗

/** The eight posts with their counters and the first shown holders: the same few reads however many members hold them. */
export async function communityPosts(communityId: string): Promise<PostsResponse> {
  const [{ community, counts }, previews] = await Promise.all([
    communityWithPostCounts(communityId),
    Promise.all(POSTS.map((post) => postHolders(communityId, post, { limit: SHOWN_HOLDERS_PREVIEW }))),
  ]);
  if (!community) throw notFound('社区');
  return {
    communityId,
    items: POSTS.map((post, i) => ({
      post,
      holderCount: counts[post] ?? 0,
      shownHolders: previews[i].items.map((h) => ({ userId: h.userId, name: h.name })),
      moreShown: Boolean(previews[i].nextCursor),
    })),
  };
}

/** The shown holders of one post, page by page. */
export async function listPostHolders(communityId: string, post: PostName, page: PageQuery): Promise<Page<{ userId: string; name: string }>> {
  const res = await postHolders(communityId, post, page);
  if (!page.cursor && res.items.length === 0 && !(await communityWithPostCounts(communityId)).community) throw notFound('社区');
  return { ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}), items: res.items.map((h) => ({ userId: h.userId, name: h.name })) };
}

export async function claimPost(principal: Principal, post: PostName): Promise<ReportIn> {
  authorize(principal, 'post:claim', { kind: 'none' });
  const before = await readMember(principal.userId);
  canClaim(before.reportIn, post);
  const next = { ...before.reportIn!, posts: [...before.reportIn!.posts, post] };
  if (!(await commitChange(principal.userId, before, { ...before, reportIn: next }))) throw conflict('POSTS_CHANGED', '认岗情况刚有变化，请刷新后重试');
  return reportInView(next);
}

export async function releasePost(principal: Principal, communityId: string, userId: string, post: PostName): Promise<ReportInForReview> {
  authorize(principal, 'post:release', { kind: 'community', communityId });
  const before = await readMember(userId);
  const current = before.reportIn;
  if (!current || current.communityId !== communityId || !current.posts.includes(post)) throw notFound('认岗记录');
  const next = { ...current, posts: current.posts.filter((p) => p !== post) };
  if (!(await commitChange(userId, before, { ...before, reportIn: next }))) throw conflict('POSTS_CHANGED', '认岗情况刚有变化，请刷新后重试');
  return forReview({ ...next, version: (current.version ?? 0) + 1 }, before.profile);
}

/** Demo loading: the member's profile and report-in when absent (with their card, holders and counts); how many items were new. */
export async function seedMember(m: MemberRecord, r: ReportInRecord): Promise<number> {
  const before: MemberState = await readMember(m.userId);
  if (before.profile || before.reportIn) return 0;
  return (await commitChange(m.userId, before, { profile: m, reportIn: r })) ? 2 : 0;
}

/** The building a member reported in to 报到 (pending or confirmed; not a rejected one): where they live. */
export async function reportInBuildingOf(userId: string): Promise<string | undefined> {
  const r = (await readMember(userId)).reportIn;
  return r && r.status !== 'rejected' ? r.buildingId : undefined;
}
