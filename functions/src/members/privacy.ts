import type { ApplicationPhoneResponse, ExportResponse, RevealResponse } from '@shared/api/members';
import type { PageQuery } from '@shared/api/common';
import { getUser } from '../auth/storage';
import { authorize, type Principal } from '../lib/authorize';
import type { Page } from '../lib/dynamo';
import { AppError, notFound } from '../lib/errors';
import { chinaDate, nowIso } from '../lib/time';
import { isRevealable } from './change';
import { ownProfile, reportInView, REVEALS_PER_DAY } from './domain';
import type { RevealRecord } from './model';
import { allRevealsOfMember, countReveal, readMember, recordReveal, revealsMadeBy, revealsOfMember } from './storage';

const auditView = (r: RevealRecord) => ({ viewerId: r.viewerId, memberId: r.memberId, at: r.at, ...(r.purpose ? { purpose: r.purpose } : {}) });

/**
 * 联系TA: reveals one member's number to a logged-in resident. Only for a member who is
 * shown and allows it (anyone else is "not found", so existence leaks nothing); counted
 * against the viewer's daily allowance (a counter item, 429 after it), and recorded (who,
 * whom, when) before the number leaves. The audit itself is never read here.
 */
export async function revealPhone(principal: Principal, memberId: string, now = new Date()): Promise<RevealResponse> {
  authorize(principal, 'phone:reveal', { kind: 'none' });
  const { profile, reportIn } = await readMember(memberId);
  if (!isRevealable(profile, reportIn)) throw notFound('党员');
  const day = chinaDate(now);
  const ttl = Math.floor(now.getTime() / 1000) + 2 * 24 * 3600;
  const count = await countReveal(principal.userId, day, REVEALS_PER_DAY, ttl);
  if (count === undefined) throw new AppError('REVEAL_LIMIT', 429, `每天最多查看 ${REVEALS_PER_DAY} 个电话号码，请明天再试`);
  await recordReveal({ viewerId: principal.userId, memberId, at: nowIso(now), purpose: 'contact' });
  return { userId: memberId, name: profile!.name, phone: profile!.phone, remainingToday: REVEALS_PER_DAY - count };
}

/**
 * 线下核实: the admin reviewing an application sees the applicant's full number to call
 * them. Only the community's admins; recorded in the applicant's reveal audit (purpose
 * `verify`) before the number leaves, so the applicant sees it in their own list.
 */
export async function applicationPhone(principal: Principal, userId: string): Promise<ApplicationPhoneResponse> {
  const { profile } = await readMember(userId);
  if (!profile) throw notFound('申请');
  authorize(principal, 'member:confirm', { kind: 'community', communityId: profile.communityId });
  await recordReveal({ viewerId: principal.userId, memberId: userId, at: nowIso(), purpose: 'verify' });
  return { userId, name: profile.name, phone: profile.phone };
}

/** Who saw my number (residents' 联系TA, admins' 线下核实), newest first, page by page. */
export async function myReveals(principal: Principal, page: PageQuery): Promise<Page<ReturnType<typeof auditView>>> {
  const res = await revealsOfMember(principal.userId, page);
  return { ...res, items: res.items.map(auditView) };
}

/** The member's own copy of everything stored about them (the one place that reads the whole audit). */
export async function exportMyData(principal: Principal): Promise<ExportResponse> {
  const [user, part, made, ofMe] = await Promise.all([
    getUser(principal.userId),
    readMember(principal.userId),
    revealsMadeBy(principal.userId),
    allRevealsOfMember(principal.userId),
  ]);
  return {
    user: { ...(user ?? principal.user) },
    memberProfile: part.profile ? ownProfile(part.profile) : null,
    reportIn: part.reportIn ? reportInView(part.reportIn) : null,
    revealsMade: made.map(auditView),
    revealsOfMe: ofMe.map(auditView),
    exportedAt: nowIso(),
  };
}
