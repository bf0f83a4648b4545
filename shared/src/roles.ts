import * as z from 'zod';

/**
 * Roles and the scopes they hold.
 * - resident: every logged-in WeChat user
 * - member:   confirmed party member 党员 (no scope: membership is personal)
 * - staff:    驿站工作人员 of the listed stations
 * - admin:    社区管理员 of the listed communities
 */
export const RoleName = z.enum(['resident', 'member', 'staff', 'admin']);
export type RoleName = z.infer<typeof RoleName>;

export const Roles = z
  .object({
    resident: z.literal(true),
    member: z.boolean(),
    staffStationIds: z.array(z.string()),
    adminCommunityIds: z.array(z.string()),
  })
  .meta({ id: 'Roles' });
export type Roles = z.infer<typeof Roles>;

export { ROLE_LABELS } from './labels';

/** The role names a user holds, in display order. */
export function roleNames(roles: Roles): RoleName[] {
  const names: RoleName[] = ['resident'];
  if (roles.member) names.push('member');
  if (roles.staffStationIds.length > 0) names.push('staff');
  if (roles.adminCommunityIds.length > 0) names.push('admin');
  return names;
}
