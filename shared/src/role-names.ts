/**
 * The role names a user holds, in display order. No zod import: the mini-program bundles
 * this at run time (the schema modules it only imports as types).
 */
import type { RoleName, Roles } from './roles';

export function roleNames(roles: Roles): RoleName[] {
  const names: RoleName[] = ['resident'];
  if (roles.member) names.push('member');
  if (roles.staffStationIds.length > 0) names.push('staff');
  if (roles.adminCommunityIds.length > 0) names.push('admin');
  if (roles.streetIds?.length) names.push('street');
  if (roles.root) names.push('root');
  if (roles.gridIds?.length) names.push('gridWorker');
  return names;
}
