import * as z from 'zod';

/**
 * Roles and the scopes they hold.
 * - resident: every logged-in WeChat user
 * - member:   confirmed party member 党员 (no scope: membership is personal)
 * - staff:    驿站工作人员 of the listed stations
 * - admin:    社区管理员 of the listed communities
 * - street:   街道管理员 of the listed streets (everything an admin may do in each of their communities)
 * - root:     系统管理员 (creates streets, appoints street admins; granted only from the command line)
 * - gridWorker: 网格员 of the listed grids
 * The last three are optional on the stored profile: users made before they existed lack them.
 */
export const RoleName = z.enum(['resident', 'member', 'staff', 'admin', 'street', 'root', 'gridWorker']);
export type RoleName = z.infer<typeof RoleName>;

export const Roles = z
  .object({
    resident: z.literal(true),
    member: z.boolean(),
    staffStationIds: z.array(z.string()),
    adminCommunityIds: z.array(z.string()),
    streetIds: z.array(z.string()).optional(),
    gridIds: z.array(z.string()).optional(),
    root: z.boolean().optional(),
  })
  .meta({ id: 'Roles' });
export type Roles = z.infer<typeof Roles>;

export { ROLE_LABELS } from './labels';

export { roleNames } from './role-names';
