import type { RoleName, Roles } from '@shared/roles';

/**
 * Chinese labels for roles. A local copy of ROLE_LABELS in shared/src/roles.ts: importing
 * that module would pull zod into the mini-program bundle. test/roles.test.ts keeps the two equal.
 */
export const ROLE_LABELS: Record<RoleName, string> = {
  resident: '居民',
  member: '党员',
  staff: '驿站工作人员',
  admin: '社区管理员',
};

export function isStaffOrAdmin(roleNames: readonly RoleName[]): boolean {
  return roleNames.includes('staff') || roleNames.includes('admin');
}

/** The role names a user holds, in display order (same rule as shared roleNames()). */
export function roleNamesOf(roles: Roles): RoleName[] {
  const names: RoleName[] = ['resident'];
  if (roles.member) names.push('member');
  if (roles.staffStationIds.length > 0) names.push('staff');
  if (roles.adminCommunityIds.length > 0) names.push('admin');
  return names;
}
