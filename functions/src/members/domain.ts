import {
  MAX_POSTS_PER_MEMBER,
  type Consents,
  type ExportResponse,
  type MemberApplication,
  type MemberApplyRequest,
  type MemberProfile,
  type MyMemberResponse,
  type PostName,
  type PostsResponse,
  type ReportIn,
  type ReportInForReview,
  type ReportInRequest,
  type RevealResponse,
  type ReviewRequest,
  type ReviewStatus,
  POSTS,
} from '@shared/api/members';
import { getUser, setMemberRole } from '../auth/storage';
import { authorize, type Principal, type Scope } from '../lib/authorize';
import { AppError, conflict, notFound, ruleBroken } from '../lib/errors';
import { keys } from '../lib/keys';
import { dayjs, nowIso } from '../lib/time';
import { TIME_ZONE } from '@shared/time';
import { activeCode, hideMemberCard, maskPhone, showMemberCard } from '../codes/domain';
import type { MemberRecord, ReportInRecord } from './model';
import {
  addPost,
  countReveal,
  createMemberIfAbsent,
  deleteMemberData,
  getOrgMetas,
  getProfile,
  getProfiles,
  getReportIn,
  listApplications,
  listReportIns,
  memberPartition,
  putProfile,
  putReportIn,
  recordReveal,
  revealsMadeBy,
} from './storage';

/** How many phone numbers one viewer may reveal per day (Asia/Shanghai). */
export const REVEALS_PER_DAY = 10;

export const NO_CONSENT: Consents = { showOnBuilding: false, phoneVisible: false };

// ---------------------------------------------------------------- pure rules

/**
 * May this member appear in public (building page, post holders)? Only a confirmed member,
 * reported in and confirmed there, who switched on 在楼栋码上展示我.
 */
export function isShown(profile: MemberRecord | undefined, reportIn: ReportInRecord | undefined): boolean {
  return Boolean(profile && profile.status === 'confirmed' && profile.consents.showOnBuilding && reportIn && reportIn.status === 'confirmed');
}

/** May a resident reveal this member's number? Shown, and 允许居民查看我的电话 switched on. */
export function isRevealable(profile: MemberRecord | undefined, reportIn: ReportInRecord | undefined): boolean {
  return isShown(profile, reportIn) && Boolean(profile?.consents.phoneVisible);
}

export function canClaim(reportIn: ReportInRecord | undefined, post: PostName): void {
  if (!reportIn || reportIn.status !== 'confirmed') throw ruleBroken('NOT_REPORTED_IN', '请先到社区报到并经确认后再认岗');
  if (reportIn.posts.includes(post)) throw conflict('POST_ALREADY_HELD', '你已认领该岗位');
  if (reportIn.posts.length >= MAX_POSTS_PER_MEMBER) throw ruleBroken('TOO_MANY_POSTS', `每名党员最多认领 ${MAX_POSTS_PER_MEMBER} 个岗位`);
}

export function shanghaiDay(now: Date): string {
  return dayjs(now).tz(TIME_ZONE).format('YYYY-MM-DD');
}

const ownProfile = (m: MemberRecord): MemberProfile => ({
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
});

const reportInView = (r: ReportInRecord): ReportIn => ({
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
});

// ---------------------------------------------------------------- building cards

/** Puts or removes the member's card on their building's page, from the stored truth. */
export async function syncCard(userId: string, previousBuildingId?: string): Promise<void> {
  const { profile, reportIn } = await memberPartition(userId);
  if (previousBuildingId && previousBuildingId !== reportIn?.buildingId) await hideMemberCard(previousBuildingId, userId);
  if (!reportIn) return;
  if (!isShown(profile, reportIn)) {
    await hideMemberCard(reportIn.buildingId, userId);
    return;
  }
  const user = await getUser(userId);
  await showMemberCard({
    userId,
    buildingId: reportIn.buildingId,
    name: profile!.name,
    ...(user?.avatarUrl ? { photoUrl: user.avatarUrl } : {}),
    branch: profile!.branch,
    posts: reportIn.posts,
    ...(profile!.consents.phoneVisible ? { phoneMasked: maskPhone(profile!.phone) } : {}),
    phoneVisible: profile!.consents.phoneVisible,
    updatedAt: nowIso(),
  });
}

// ---------------------------------------------------------------- membership

export async function apply(principal: Principal, body: MemberApplyRequest): Promise<MemberProfile> {
  authorize(principal, 'member:apply', { kind: 'none' });
  const community = (await getOrgMetas([keys.community(body.communityId)])).get(keys.community(body.communityId).pk);
  if (!community) throw notFound('社区');
  const existing = await getProfile(principal.userId);
  if (existing?.status === 'confirmed') throw conflict('ALREADY_MEMBER', '你已是认证党员，无需重复申请');
  const record: MemberRecord = {
    userId: principal.userId,
    communityId: body.communityId,
    name: body.name,
    branch: body.branch,
    phone: body.phone,
    status: 'pending',
    consents: existing?.consents ?? NO_CONSENT,
    appliedAt: nowIso(),
  };
  if (!(await putProfile(record, { notConfirmed: true }))) throw conflict('ALREADY_MEMBER', '你已是认证党员，无需重复申请');
  return ownProfile(record);
}

export async function myMember(principal: Principal): Promise<MyMemberResponse> {
  const { profile, reportIn } = await memberPartition(principal.userId);
  return { profile: profile ? ownProfile(profile) : null, reportIn: reportIn ? reportInView(reportIn) : null };
}

export async function listMemberApplications(principal: Principal, communityId: string, status: ReviewStatus): Promise<MemberApplication[]> {
  authorize(principal, 'member:confirm', { kind: 'community', communityId });
  return (await listApplications(communityId, status)).sort((a, b) => a.appliedAt.localeCompare(b.appliedAt)).map(application);
}

export async function reviewMember(principal: Principal, userId: string, review: ReviewRequest): Promise<MemberApplication> {
  const current = await getProfile(userId);
  if (!current) throw notFound('申请');
  authorize(principal, 'member:confirm', { kind: 'community', communityId: current.communityId });
  const status: ReviewStatus = review.decision === 'confirm' ? 'confirmed' : 'rejected';
  // Confirming again repairs a half-done earlier confirmation (profile written, role not yet).
  if (!(current.status === 'confirmed' && status === 'confirmed')) {
    if (current.status !== 'pending') throw conflict('ALREADY_REVIEWED', '该申请已处理');
    const next: MemberRecord = { ...current, status, reviewedAt: nowIso(), reviewedBy: principal.userId, ...(review.note ? { note: review.note } : {}) };
    if (!(await putProfile(next, { status: 'pending' }))) throw conflict('ALREADY_REVIEWED', '该申请已处理');
    Object.assign(current, next);
  }
  if (status === 'confirmed') await setMemberRole(userId, true);
  return application(current);
}

export async function setConsents(principal: Principal, consents: Consents): Promise<MemberProfile> {
  const profile = await getProfile(principal.userId);
  if (!profile) throw notFound('党员资料');
  const next = { ...profile, consents };
  if (!(await putProfile(next, { status: profile.status }))) throw conflict('CONFLICT', '资料刚被更新，请刷新后重试');
  await syncCard(principal.userId);
  return ownProfile(next);
}

/** Withdraws the member's profile: profile, report-in and building card go; the role is cleared. */
export async function withdraw(principal: Principal): Promise<void> {
  const { profile, reportIn } = await memberPartition(principal.userId);
  if (!profile && !reportIn) throw notFound('党员资料');
  if (reportIn) await hideMemberCard(reportIn.buildingId, principal.userId);
  await deleteMemberData(principal.userId);
  if (profile?.status === 'confirmed') await setMemberRole(principal.userId, false);
}

// ---------------------------------------------------------------- report-in 报到

/** Staff of a station in the community act with that station's scope; admins with the community's. */
async function communityScope(principal: Principal, communityId: string): Promise<Scope> {
  if (principal.roles.adminCommunityIds.includes(communityId)) return { kind: 'community', communityId };
  const stations = await getOrgMetas(principal.roles.staffStationIds.map((id) => keys.station(id)));
  for (const s of stations.values()) if (s.communityId === communityId) return { kind: 'station', stationId: String(s.id), communityId };
  return { kind: 'community', communityId };
}

export async function reportIn(principal: Principal, body: ReportInRequest): Promise<ReportIn> {
  authorize(principal, 'reportIn:create', { kind: 'none' });
  const profile = await getProfile(principal.userId);
  if (!profile || profile.status !== 'confirmed') throw ruleBroken('NOT_CONFIRMED_MEMBER', '请先完成党员身份认证再报到');
  const code = await activeCode(body.communityCode, 'community');
  const building = (await getOrgMetas([keys.building(body.buildingId)])).get(keys.building(body.buildingId).pk);
  if (!building || building.communityId !== code.communityId) throw ruleBroken('BUILDING_NOT_IN_COMMUNITY', '所选楼栋不属于该社区', [{ path: 'buildingId', message: '请选择本社区的楼栋' }]);
  const previous = await getReportIn(principal.userId);
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
  await putReportIn(record);
  await syncCard(principal.userId, previous?.buildingId);
  return reportInView(record);
}

export async function listReportInsFor(principal: Principal, communityId: string, status: ReviewStatus): Promise<ReportInForReview[]> {
  authorize(principal, 'reportIn:confirm', await communityScope(principal, communityId));
  const items = await listReportIns(communityId, status);
  const profiles = await getProfiles(items.map((r) => r.userId));
  return items.sort((a, b) => a.reportedAt.localeCompare(b.reportedAt)).map((r) => forReview(r, profiles.get(r.userId)));
}

export async function reviewReportIn(principal: Principal, userId: string, review: ReviewRequest): Promise<ReportInForReview> {
  const current = await getReportIn(userId);
  if (!current) throw notFound('报到记录');
  authorize(principal, 'reportIn:confirm', await communityScope(principal, current.communityId));
  if (current.status !== 'pending') throw conflict('ALREADY_REVIEWED', '该报到已处理');
  const next: ReportInRecord = { ...current, status: review.decision === 'confirm' ? 'confirmed' : 'rejected', reviewedAt: nowIso(), reviewedBy: principal.userId };
  if (!(await putReportIn(next, { status: 'pending' }))) throw conflict('ALREADY_REVIEWED', '该报到已处理');
  await syncCard(userId);
  return forReview(next, await getProfile(userId));
}

// ---------------------------------------------------------------- posts 认岗

export async function communityPosts(communityId: string): Promise<PostsResponse> {
  const confirmed = await listReportIns(communityId, 'confirmed');
  const profiles = await getProfiles(confirmed.filter((r) => r.posts.length > 0).map((r) => r.userId));
  return {
    communityId,
    items: POSTS.map((post) => {
      const holders = confirmed.filter((r) => r.posts.includes(post));
      return {
        post,
        holderCount: holders.length,
        shownHolders: holders
          .filter((r) => isShown(profiles.get(r.userId), r))
          .map((r) => ({ userId: r.userId, name: profiles.get(r.userId)!.name })),
      };
    }),
  };
}

export async function claimPost(principal: Principal, post: PostName): Promise<ReportIn> {
  authorize(principal, 'post:claim', { kind: 'none' });
  const current = await getReportIn(principal.userId);
  canClaim(current, post);
  const updated = await addPost(principal.userId, post, MAX_POSTS_PER_MEMBER);
  if (!updated) throw conflict('POSTS_CHANGED', '认岗情况刚有变化，请刷新后重试');
  await syncCard(principal.userId);
  return reportInView(updated);
}

export async function releasePost(principal: Principal, communityId: string, userId: string, post: PostName): Promise<ReportInForReview> {
  authorize(principal, 'post:release', { kind: 'community', communityId });
  const current = await getReportIn(userId);
  if (!current || current.communityId !== communityId || !current.posts.includes(post)) throw notFound('认岗记录');
  const next = { ...current, posts: current.posts.filter((p) => p !== post) };
  if (!(await putReportIn(next, { posts: current.posts }))) throw conflict('POSTS_CHANGED', '认岗情况刚有变化，请刷新后重试');
  await syncCard(userId);
  return forReview(next, await getProfile(userId));
}

// ---------------------------------------------------------------- privacy

/**
 * 联系TA: reveals one member's number to a logged-in resident. Only for a member who is
 * shown and allows it (anyone else is "not found", so existence leaks nothing); counted
 * against the viewer's daily allowance (429 after it), and recorded (who, whom, when)
 * before the number leaves.
 */
export async function revealPhone(principal: Principal, memberId: string, now = new Date()): Promise<RevealResponse> {
  authorize(principal, 'phone:reveal', { kind: 'none' });
  const { profile, reportIn } = await memberPartition(memberId);
  if (!isRevealable(profile, reportIn)) throw notFound('党员');
  const day = shanghaiDay(now);
  const ttl = Math.floor(now.getTime() / 1000) + 2 * 24 * 3600;
  const count = await countReveal(principal.userId, day, REVEALS_PER_DAY, ttl);
  if (count === undefined) throw new AppError('REVEAL_LIMIT', 429, `每天最多查看 ${REVEALS_PER_DAY} 个电话号码，请明天再试`);
  await recordReveal({ viewerId: principal.userId, memberId, at: nowIso(now) });
  return { userId: memberId, name: profile!.name, phone: profile!.phone, remainingToday: REVEALS_PER_DAY - count };
}

export async function exportMyData(principal: Principal): Promise<ExportResponse> {
  const [user, part, made] = await Promise.all([getUser(principal.userId), memberPartition(principal.userId), revealsMadeBy(principal.userId)]);
  return {
    user: { ...(user ?? principal.user) },
    memberProfile: part.profile ? ownProfile(part.profile) : null,
    reportIn: part.reportIn ? reportInView(part.reportIn) : null,
    revealsMade: made.map((r) => ({ viewerId: r.viewerId, memberId: r.memberId, at: r.at })),
    revealsOfMe: part.revealsOfMe.map((r) => ({ viewerId: r.viewerId, memberId: r.memberId, at: r.at })),
    exportedAt: nowIso(),
  };
}

/** Demo loading: the member's profile and report-in if absent, then their building card. */
export async function seedMember(m: MemberRecord, r: ReportInRecord): Promise<number> {
  const written = await createMemberIfAbsent(m, r);
  await syncCard(m.userId);
  return written;
}
