import { createUser } from '../auth/storage';
import { saveTreeIfAbsent } from '../org/storage';
import { saveVenuesIfAbsent } from '../venues/storage';
import { nowIso } from '../lib/time';
import { backfillShortCode, ensureCode, refreshBuildingPage } from '../codes/domain';
import { seedMember } from '../members/domain';
import { createPledge, saveCrowdfundIfAbsent } from '../crowdfund/domain';
import { toUser } from '../auth/domain';
import { getUser } from '../auth/storage';
import { DEMO_CODES, DEMO_CROWDFUND, DEMO_MEMBER, DEMO_ORG, DEMO_USERS, DEMO_VENUES, DEMO_WISHES } from './data';
import type { WishRecord } from '../wishes/model';
import { autoConfirmAt, claimDeadline, openUntil } from '../wishes/rules';
import { saveWishIfAbsent } from '../wishes/storage';
import { dayjs } from '../lib/time';
import { recordProfileRoles } from '../roles/appointments';
import { completeStationStaffList, putStationStaff } from '../roles/storage';

/** Loads the demo world; what exists already (and what users changed) is left alone. */
export async function loadDemoData(): Promise<{ orgItemsWritten: number; usersCreated: number }> {
  const orgItemsWritten = (await saveTreeIfAbsent(DEMO_ORG)) + (await saveVenuesIfAbsent(DEMO_VENUES));
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    const created = await createUser({ id: u.id, openid: u.openid, nickname: u.nickname, roles: u.roles, createdAt: nowIso() });
    if (created) usersCreated++;
    await recordProfileRoles({ id: u.id, nickname: u.nickname, roles: u.roles, createdAt: nowIso() });
    // The station's staff list (recipients of its new-booking messages) follows the roles given here.
    for (const stationId of u.roles.staffStationIds) await putStationStaff(stationId, u.id);
  }
  // Each station's staff list item made whole (a table loaded before the item existed has only the STAFF# items).
  for (const s of DEMO_VENUES.stations) await completeStationStaffList(s.id);
  await loadCodesAndMembersDemo();
  await loadCrowdfundDemo();
  await loadWishesDemo();
  return { orgItemsWritten, usersCreated };
}

/**
 * Codes with fixed tokens, every building's page read model (derived: rebuilt on each load),
 * and the demo member (profile, report-in, building card). Returns how many source items were new.
 */
export async function loadCodesAndMembersDemo(): Promise<{ codesCreated: number; memberItemsWritten: number }> {
  let codesCreated = 0;
  for (const c of DEMO_CODES) if (await ensureCode(c.kind, c.targetId, c.communityId, c.label, c.token)) codesCreated++;
  for (const c of DEMO_CODES) await backfillShortCode(c.token);
  for (const b of DEMO_ORG.buildings) await refreshBuildingPage(b.id);
  const memberItemsWritten = await seedMember(DEMO_MEMBER.profile, DEMO_MEMBER.reportIn);
  return { codesCreated, memberItemsWritten };
}

/**
 * The demo crowdfund (written once, already open) and its pledges, made through the pledge
 * rules with fixed client tokens: loading again returns the same pledges and adds none.
 */
export async function loadCrowdfundDemo(now = new Date()): Promise<{ crowdfundCreated: boolean }> {
  const d = DEMO_CROWDFUND;
  const at = nowIso(now);
  const crowdfundCreated = await saveCrowdfundIfAbsent(
    {
      id: d.id,
      communityId: d.communityId,
      estates: d.estates,
      buildingIds: d.buildingIds,
      title: d.title,
      story: d.story,
      photos: d.photos,
      deadline: nowIso(dayjs(now).add(d.deadlineDaysAhead, 'day').startOf('hour').toDate()),
      status: 'open',
      organiserId: d.organiser.id,
      organiserName: d.organiser.name,
      lineCount: d.lines.length,
      reviewerId: d.reviewerId,
      reviewNote: '经居民议事会讨论通过，同意发起。',
      createdAt: at,
      updatedAt: at,
      submittedAt: at,
      reviewedAt: at,
    },
    d.lines,
  );
  for (const { userId, ...body } of d.pledges) {
    const user = await getUser(userId);
    if (!user) continue;
    try {
      await createPledge(d.id, body, { userId, roles: user.roles, user: toUser(user) }, now);
    } catch {
      // The crowdfund closed (an old local database) or the line is full: keep what is there.
    }
  }
  return { crowdfundCreated };
}

/**
 * The demo wishes of 幸福社区 (a living 微心愿墙), written once with fixed ids in the state
 * they reached, dated back from the first load: open ones until their expiry, the claimed
 * one until its claim deadline, the delivered one until its automatic confirmation.
 */
export async function loadWishesDemo(now = new Date()): Promise<{ wishesCreated: number }> {
  const ago = (days: number) => nowIso(dayjs(now).subtract(days, 'day').toDate());
  const buildings = new Map(DEMO_ORG.buildings.map((b) => [b.id, b]));
  let wishesCreated = 0;
  for (const d of DEMO_WISHES) {
    const b = buildings.get(d.buildingId)!;
    const posted = ago(d.postedDaysAgo);
    const base: WishRecord = {
      id: d.id,
      communityId: b.communityId,
      buildingId: b.id,
      gridId: b.gridId,
      buildingLabel: `${b.estate} ${b.name}`,
      kind: d.kind,
      title: d.title,
      reason: d.reason,
      value: d.value,
      photos: [],
      status: 'open',
      version: 1,
      posterId: d.poster.id,
      posterName: d.poster.name,
      forSelf: d.forSelf,
      ...(d.forSelf ? { beneficiaryUserId: d.poster.id } : {}),
      createdAt: posted,
      updatedAt: posted,
      openedAt: posted,
      screenedBy: 'u-demo-admin',
      expiresAt: openUntil(posted),
      dueAt: openUntil(posted),
    };
    let w = base;
    if (d.claim) {
      const claimedAt = ago(d.claim.daysAgo);
      const claim = { claimantId: d.claim.userId, claimantName: d.claim.name, claimantKind: d.claim.kind, ...(d.claim.unitName ? { unitName: d.claim.unitName } : {}), claimedAt, claimDeadline: claimDeadline(claimedAt) };
      w = { ...w, ...claim, status: 'claimed', version: 2, updatedAt: claimedAt, dueAt: claim.claimDeadline };
    }
    if (d.delivery) {
      const deliveredAt = ago(d.delivery.daysAgo);
      w = { ...w, status: 'delivered', version: 3, deliveryNote: d.delivery.note, deliveryPhotos: [], deliveredAt, updatedAt: deliveredAt, dueAt: autoConfirmAt(deliveredAt) };
    }
    if (await saveWishIfAbsent(w, { wishId: d.id, ...d.beneficiary })) wishesCreated++;
  }
  return { wishesCreated };
}
