import * as z from 'zod';
import type { RouteDef } from './route-def';
import { Id, PageQuery, Text, pageOf } from './common';

/**
 * Appointments 任命 (#8): invitations 邀请, the people of a community, revocation and the
 * audit log 操作记录. A role is held in a scope: a street admin in a street, a community
 * admin in a community, staff in a station, a grid worker in a grid; root has no scope.
 */
export const AppointableRole = z.enum(['street', 'admin', 'staff', 'gridWorker'], { error: '请选择要任命的角色' });
export type AppointableRole = z.infer<typeof AppointableRole>;

export const CreateInviteRequest = z
  .object({ role: AppointableRole, scopeId: Id })
  .strict()
  .meta({ id: 'CreateInviteRequest' });
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export const InviteStatus = z.enum(['open', 'accepted', 'revoked', 'expired']);

export const Invite = z
  .object({
    token: z.string(),
    url: z.string().meta({ description: 'The H5 landing page of the invitation (QR poster, share card)' }),
    role: AppointableRole,
    roleLabel: z.string(),
    scopeId: z.string(),
    scopeName: z.string(),
    inviterName: z.string(),
    status: InviteStatus,
    createdAt: z.string(),
    expiresAt: z.string().meta({ description: 'ISO 8601 with +08:00 offset: 72 hours after creation' }),
  })
  .meta({ id: 'Invite' });
export type Invite = z.infer<typeof Invite>;

export const InviteListResponse = z.object({ items: z.array(Invite) }).meta({ id: 'InviteListResponse' });
export type InviteListResponse = z.infer<typeof InviteListResponse>;

const WorkPhone = z.string().trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请填写正确的手机号或座机号（如 010-12345678）');

/** A grid worker gives the name and work phone residents see (masked) on the building page. */
export const AcceptInviteRequest = z
  .object({
    name: Text({ max: 20, min: 1, label: '姓名' }).optional(),
    phone: WorkPhone.optional(),
  })
  .strict()
  .meta({ id: 'AcceptInviteRequest' });
export type AcceptInviteRequest = z.infer<typeof AcceptInviteRequest>;

export const AcceptInviteResponse = z
  .object({ role: AppointableRole, roleLabel: z.string(), scopeId: z.string(), scopeName: z.string() })
  .meta({ id: 'AcceptInviteResponse' });
export type AcceptInviteResponse = z.infer<typeof AcceptInviteResponse>;

/** One appointment in a community: who holds which role where. */
export const Person = z
  .object({
    userId: z.string(),
    name: z.string(),
    role: z.enum(['street', 'admin', 'staff', 'gridWorker']),
    roleLabel: z.string(),
    scopeId: z.string(),
    scopeName: z.string(),
    /** A grid worker's work phone (shown masked to residents; in full to the admins here). */
    phone: z.string().optional(),
    grantedAt: z.string(),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof Person>;

export const PeopleResponse = pageOf(Person, 'PeopleResponse');
export type PeopleResponse = z.infer<typeof PeopleResponse>;

export const AuditEntryView = z
  .object({
    at: z.string(),
    actorId: z.string(),
    actorName: z.string(),
    action: z.string(),
    actionLabel: z.string(),
    target: z.object({ kind: z.string(), id: z.string(), name: z.string().optional() }),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AuditEntryView' });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = pageOf(AuditEntryView, 'AuditPage');
export type AuditPage = z.infer<typeof AuditPage>;

export const RevokeRoleResponse = z.object({ revoked: z.literal(true) }).meta({ id: 'RevokeRoleResponse' });

export const rolesRoutes = {
  createInvite: {
    method: 'post',
    path: '/invites',
    summary: '创建任命邀请（72 小时有效，每位管理员最多 20 个未使用的邀请）',
    auth: 'user',
    body: CreateInviteRequest,
    response: Invite,
  },
  listMyInvites: {
    method: 'get',
    path: '/invites',
    summary: '我发出的未使用邀请',
    auth: 'user',
    response: InviteListResponse,
  },
  getInvite: {
    method: 'get',
    path: '/invites/{token}',
    summary: '查看邀请（已使用 409，已过期或已撤销 410）',
    auth: 'none',
    response: Invite,
  },
  acceptInvite: {
    method: 'post',
    path: '/invites/{token}/accept',
    summary: '接受邀请（一次有效；网格员须填写姓名和工作电话）',
    auth: 'user',
    body: AcceptInviteRequest,
    response: AcceptInviteResponse,
  },
  revokeInvite: {
    method: 'delete',
    path: '/invites/{token}',
    summary: '撤销邀请',
    auth: 'user',
    response: Invite,
  },
  listPeople: {
    method: 'get',
    path: '/communities/{communityId}/people',
    summary: '社区人员：管理员、各驿站工作人员、网格员（分页）',
    auth: 'user',
    query: PageQuery,
    response: PeopleResponse,
  },
  listStreetPeople: {
    method: 'get',
    path: '/streets/{streetId}/people',
    summary: '街道管理员（分页；系统管理员与本街道管理员）',
    auth: 'user',
    query: PageQuery,
    response: PeopleResponse,
  },
  revokeRole: {
    method: 'delete',
    path: '/roles/{userId}/{role}/{scopeId}',
    summary: '撤销任命（下一次请求起生效；不能撤销社区的最后一位管理员）',
    auth: 'user',
    response: RevokeRoleResponse,
  },
  communityAudit: {
    method: 'get',
    path: '/communities/{communityId}/audit',
    summary: '社区操作记录（最新在前，分页）',
    auth: 'user',
    query: PageQuery,
    response: AuditPage,
  },
} as const satisfies Record<string, RouteDef>;
