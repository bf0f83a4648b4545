/**
 * The people of a community (its admins, each station's staff, the grid workers), taking a
 * role back, and the community's audit log 操作记录.
 */
import { AppointableRole, type AuditEntryView, type Person } from '@shared/api/roles';
import { listAudit } from '../audit/storage';
import { authorize, type Principal } from '../lib/authorize';
import type { Page } from '../lib/dynamo';
import { appError, forbidden } from '../lib/errors';
import { changeRole, mayAppoint, resolveScope, roleLabel } from './appointments';
import { nicknames, peoplePage } from './storage';

/**
 * One page of the community's appointments, ordered by role (admin, gridWorker, staff),
 * then scope (so each station's staff come together), then user: one gsi1 Query per page.
 */
export async function communityPeople(p: Principal, communityId: string, page: { limit: number; cursor?: string }): Promise<Page<Person>> {
  authorize(p, 'role:appoint', { kind: 'community', communityId });
  const res = await peoplePage(`COMMUNITY#${communityId}`, page);
  const items: Person[] = res.items.flatMap((g) =>
    g.role === 'admin' || g.role === 'staff' || g.role === 'gridWorker'
      ? [{ userId: g.userId, name: g.name, role: g.role, roleLabel: roleLabel(g.role), scopeId: g.scopeId, scopeName: g.scopeName, ...(g.phone ? { phone: g.phone } : {}), grantedAt: g.grantedAt }]
      : [],
  );
  return { items, ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** One page of a street's admins 街道管理员 (gsi1 `PEOPLE#STREET#<id>`), for root and the street's own admins. */
export async function streetPeople(p: Principal, streetId: string, page: { limit: number; cursor?: string }): Promise<Page<Person>> {
  authorize(p, 'street:manage', { kind: 'street', streetId });
  const res = await peoplePage(`STREET#${streetId}`, page);
  const items: Person[] = res.items.flatMap((g) =>
    g.role === 'street' ? [{ userId: g.userId, name: g.name, role: g.role, roleLabel: roleLabel(g.role), scopeId: g.scopeId, scopeName: g.scopeName, grantedAt: g.grantedAt }] : [],
  );
  return { items, ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** Takes a role back (whoever may give it may take it); applies from the person's next request. */
export async function revokeRole(p: Principal, userId: string, role: string, scopeId: string): Promise<void> {
  const parsed = AppointableRole.safeParse(role);
  if (!parsed.success) throw appError('VALIDATION_FAILED', '不支持撤销该角色', [{ path: 'role', message: '角色须为 street、admin、staff 或 gridWorker' }]);
  const scope = await resolveScope(parsed.data, scopeId);
  if (!(await mayAppoint(p, scope))) throw forbidden(`您无权撤销${scope.scopeName}的${roleLabel(scope.role)}`);
  await changeRole({ kind: 'revoke', userId, scope, actorId: p.userId, via: 'api' });
}

const ACTION_LABELS: Record<string, string> = {
  'role.grant': '任命',
  'role.revoke': '撤销任命',
  'invite.create': '发出邀请',
  'invite.revoke': '撤销邀请',
  'notice.create': '发布公告',
  'notice.update': '编辑公告',
  'notice.expire': '下架公告',
};

/** A page of the community's audit log, newest first, with the actors' names. */
export async function communityAudit(p: Principal, communityId: string, page: { limit: number; cursor?: string }): Promise<Page<AuditEntryView>> {
  authorize(p, 'audit:view', { kind: 'community', communityId });
  const res = await listAudit('COMMUNITY', communityId, page);
  const names = await nicknames(res.items.map((e) => e.actorId).filter((id) => !id.startsWith('cli:')));
  const items = res.items.map((e) => ({
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorId.startsWith('cli:') ? `系统管理员（命令行 ${e.actorId.slice(4)}）` : (names.get(e.actorId) ?? '已注销用户'),
    action: e.action,
    actionLabel: ACTION_LABELS[e.action] ?? e.action,
    target: e.target,
    ...(e.before ? { before: e.before } : {}),
    ...(e.after ? { after: e.after } : {}),
  }));
  return { items, ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}
