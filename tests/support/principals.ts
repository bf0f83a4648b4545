import { randomUUID } from 'node:crypto';
import type { Principal } from '../../functions/src/lib/authorize';
import type { Roles } from '../../shared/src/roles';

/** An in-process caller for domain-level tests (no token needed). */
export function principal(roles: Partial<Roles> = {}, nickname = '测试居民'): Principal {
  const id = `u-test-${randomUUID()}`;
  const full: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [], ...roles };
  return { userId: id, roles: full, user: { id, nickname, roles: full, createdAt: '2027-03-01T10:00:00+08:00' } };
}
