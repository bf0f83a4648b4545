import type { RoleName, Roles } from '@shared/roles';

export { ROLE_LABELS } from '@shared/labels';

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
