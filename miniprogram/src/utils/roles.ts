import type { RoleName } from '@shared/roles';

export { ROLE_LABELS } from '@shared/labels';
export { roleNames as roleNamesOf } from '@shared/role-names';

export function isStaffOrAdmin(roleNames: readonly RoleName[]): boolean {
  return roleNames.includes('staff') || roleNames.includes('admin') || roleNames.includes('street');
}
