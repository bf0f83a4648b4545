import { createUser } from '../auth/storage';
import { saveTreeIfAbsent } from '../org/storage';
import { saveVenuesIfAbsent } from '../venues/storage';
import { nowIso } from '../lib/time';
import { ensureCode, refreshBuildingPage } from '../codes/domain';
import { seedMember } from '../members/domain';
import { DEMO_CODES, DEMO_MEMBER, DEMO_ORG, DEMO_USERS, DEMO_VENUES } from './data';

/** Loads the demo world; what exists already (and what users changed) is left alone. */
export async function loadDemoData(): Promise<{ orgItemsWritten: number; usersCreated: number }> {
  const orgItemsWritten = (await saveTreeIfAbsent(DEMO_ORG)) + (await saveVenuesIfAbsent(DEMO_VENUES));
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    const created = await createUser({ id: u.id, openid: u.openid, nickname: u.nickname, roles: u.roles, createdAt: nowIso() });
    if (created) usersCreated++;
  }
  await loadCodesAndMembersDemo();
  return { orgItemsWritten, usersCreated };
}

/**
 * Codes with fixed tokens, every building's page read model (derived: rebuilt on each load),
 * and the demo member (profile, report-in, building card). Returns how many source items were new.
 */
export async function loadCodesAndMembersDemo(): Promise<{ codesCreated: number; memberItemsWritten: number }> {
  let codesCreated = 0;
  for (const c of DEMO_CODES) if (await ensureCode(c.kind, c.targetId, c.communityId, c.label, c.token)) codesCreated++;
  for (const b of DEMO_ORG.buildings) await refreshBuildingPage(b.id);
  const memberItemsWritten = await seedMember(DEMO_MEMBER.profile, DEMO_MEMBER.reportIn);
  return { codesCreated, memberItemsWritten };
}
