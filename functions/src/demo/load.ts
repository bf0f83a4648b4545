import { createUser } from '../auth/storage';
import { saveTreeIfAbsent } from '../org/storage';
import { saveVenuesIfAbsent } from '../venues/storage';
import { nowIso } from '../lib/time';
import { DEMO_ORG, DEMO_USERS, DEMO_VENUES } from './data';

/** Loads the demo world; what exists already (and what users changed) is left alone. */
export async function loadDemoData(): Promise<{ orgItemsWritten: number; usersCreated: number }> {
  const orgItemsWritten = (await saveTreeIfAbsent(DEMO_ORG)) + (await saveVenuesIfAbsent(DEMO_VENUES));
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    const created = await createUser({ id: u.id, openid: u.openid, nickname: u.nickname, roles: u.roles, createdAt: nowIso() });
    if (created) usersCreated++;
  }
  return { orgItemsWritten, usersCreated };
}
