import type { PostName } from '@shared/api/members';
import { getUser } from '../auth/storage';
import { maskPhone } from '../codes/domain';
import type { MemberCard } from '../codes/model';
import { conflict } from '../lib/errors';
import { nowIso } from '../lib/time';
import { memberChangeWrites } from '../messages/events';
import type { MemberChange, MemberRecord, MemberState, PostHolderRecord, ReportInRecord } from './model';
import { commitMemberChange, readMember } from './storage';

/**
 * Every change of a member's state goes through here: the public projections (the card on
 * the building page, the shown post holders, the post counters) are derived from the state
 * being written and go into the same transaction, conditioned on the versions read. So a
 * card can never outlive or contradict the consent and membership it was built from.
 */

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

/** Posts counted for the community: those held on a confirmed report-in. */
function holdings(s: MemberState): { communityId: string; post: PostName }[] {
  return s.reportIn?.status === 'confirmed' ? s.reportIn.posts.map((post) => ({ communityId: s.reportIn!.communityId, post })) : [];
}

function shownHolders(s: MemberState): PostHolderRecord[] {
  if (!isShown(s.profile, s.reportIn)) return [];
  return s.reportIn!.posts.map((post) => ({ communityId: s.reportIn!.communityId, post, userId: s.reportIn!.userId, name: s.profile!.name }));
}

const holderKey = (h: { communityId: string; post: string }) => `${h.communityId}\u0000${h.post}`;

/** The card the state shows on the building page, or none. Never the full number. */
export async function cardOf(s: MemberState): Promise<MemberCard | undefined> {
  if (!isShown(s.profile, s.reportIn)) return undefined;
  const profile = s.profile!;
  const reportIn = s.reportIn!;
  const user = await getUser(profile.userId);
  return {
    userId: profile.userId,
    buildingId: reportIn.buildingId,
    name: profile.name,
    ...(user?.avatarUrl ? { photoUrl: user.avatarUrl } : {}),
    branch: profile.branch,
    posts: reportIn.posts,
    ...(profile.consents.phoneVisible ? { phoneMasked: maskPhone(profile.phone) } : {}),
    phoneVisible: profile.consents.phoneVisible,
    updatedAt: nowIso(),
  };
}

/** The whole transaction for going from `before` (as read) to `after`. */
export async function planChange(userId: string, before: MemberState, after: MemberState, memberRole?: boolean): Promise<MemberChange> {
  const cardPut = await cardOf(after);
  const cardDeletes = [...new Set([before.reportIn?.buildingId, after.reportIn?.buildingId].filter((b): b is string => Boolean(b)))].filter((b) => b !== cardPut?.buildingId);

  const holderPuts = shownHolders(after);
  const putKeys = new Set(holderPuts.map(holderKey));
  const maybeHeld = [...shownHolders(before), ...[before.reportIn, after.reportIn].flatMap((r) => (r ? r.posts.map((post) => ({ communityId: r.communityId, post })) : []))];
  const holderDeletes = [...new Map(maybeHeld.filter((h) => !putKeys.has(holderKey(h))).map((h) => [holderKey(h), { communityId: h.communityId, post: h.post }])).values()];

  const countDeltas = [...holdings(before).map((h) => ({ ...h, delta: -1 })), ...holdings(after).map((h) => ({ ...h, delta: 1 }))];
  // The role lives on the user's profile; a member without one (seeded data) has no role to change.
  const setRole = memberRole !== undefined && (await getUser(userId)) !== undefined;
  const messages = memberChangeWrites(userId, before, after, new Date());
  return { userId, before, after, ...(cardPut ? { cardPut } : {}), cardDeletes, holderPuts, holderDeletes, countDeltas, ...(setRole ? { memberRole } : {}), messages };
}

/** Writes `before` → `after` with its projections; false when the member's state moved since it was read. */
export async function commitChange(userId: string, before: MemberState, after: MemberState, memberRole?: boolean): Promise<boolean> {
  return commitMemberChange(await planChange(userId, before, after, memberRole));
}

export const stateMoved = () => conflict('CONFLICT', '资料刚被更新，请刷新后重试');

/**
 * For changes that restate the member's own wish (consents, withdrawal): read, decide,
 * commit; when a concurrent change won, read again and decide again. `decide` returns the
 * next state and what to answer, or throws.
 */
export async function changeWithRetry<T>(
  userId: string,
  decide: (current: MemberState) => { after: MemberState; memberRole?: boolean; result: T },
  attempts = 8,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const before = await readMember(userId);
    const { after, memberRole, result } = decide(before);
    if (await commitChange(userId, before, after, memberRole)) return result;
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
  }
  throw stateMoved();
}
