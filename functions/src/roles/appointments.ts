/**
 * Appointments 任命: who may appoint whom, and the one transaction that gives or takes a
 * role (profile + grant item + audit entry + the grid's worker fields, plus whatever the
 * caller adds: an invitation's close). Roles are read from the profile on every request,
 * so a change applies from the caller's next request.
 */
import { ROLE_LABELS } from '@shared/labels';
import type { Roles } from '@shared/roles';
import { auditPut, type AuditEntry } from '../audit/storage';
import { getUser } from '../auth/storage';
import { refreshBuildingPages } from '../codes/domain';
import { can, type Principal } from '../lib/authorize';
import { failedItems, type TxItem } from '../lib/dynamo';
import { AppError, appError, conflict, notFound, ruleBroken } from '../lib/errors';
import { keys } from '../lib/keys';
import { nowIso } from '../lib/time';
import { communitiesOfStreets } from '../org/domain';
import type { GrantableRole, GrantRecord, RoleField } from './model';
import {
  commit,
  getMeta,
  grantDelete,
  grantPut,
  grantStillHeld,
  gridWorkerClear,
  gridWorkerSet,
  holders,
  profileRoleUpdate,
  putGrantIfAbsent,
  screenersOfCommunity,
  staffFromList,
  staffOfStation,
  stationStaffDelete,
  stationStaffPut,
} from './storage';

/** The profile field that carries each role. */
const FIELD: Record<GrantableRole, RoleField> = {
  root: 'root',
  street: 'streetIds',
  admin: 'adminCommunityIds',
  staff: 'staffStationIds',
  gridWorker: 'gridIds',
};

/** Root has no scope: its grant is stored under this scope id. */
export const ROOT_SCOPE = '-';

/** A role in a resolved scope: its name, where it is listed, and whose audit log records it. */
export interface ScopedRole {
  role: GrantableRole;
  scopeId: string;
  scopeName: string;
  /** gsi1 partition of the people list: `COMMUNITY#<id>`, `STREET#<id>`, `ROOT`. */
  holder: string;
  communityId?: string;
  streetId?: string;
  auditScope: AuditEntry['scope'];
}

export const roleLabel = (role: GrantableRole) => ROLE_LABELS[role];

/** Reads the scope a role is given in; 404 in Chinese when it does not exist. */
export async function resolveScope(role: GrantableRole, scopeId: string): Promise<ScopedRole> {
  if (role === 'root') return { role, scopeId: ROOT_SCOPE, scopeName: '全系统', holder: 'ROOT', auditScope: { kind: 'ROOT', id: ROOT_SCOPE } };
  const key = { street: keys.street, admin: keys.community, staff: keys.station, gridWorker: keys.grid }[role](scopeId);
  const meta = await getMeta(key);
  if (!meta) throw notFound({ street: '街道', admin: '社区', staff: '驿站', gridWorker: '网格' }[role]);
  const scopeName = String(meta.name);
  if (role === 'street') return { role, scopeId, scopeName, holder: `STREET#${scopeId}`, streetId: scopeId, auditScope: { kind: 'STREET', id: scopeId } };
  const communityId = role === 'admin' ? scopeId : String(meta.communityId);
  const streetId = role === 'admin' ? String(meta.streetId) : undefined;
  return { role, scopeId, scopeName, holder: `COMMUNITY#${communityId}`, communityId, ...(streetId ? { streetId } : {}), auditScope: { kind: 'COMMUNITY', id: communityId } };
}

/**
 * Who may appoint (and revoke) whom: root → street admins; root and a street's admins →
 * community admins of that street; a community's admins (and its street's) → station
 * staff and grid workers of the community. Root itself only from the command line.
 */
export async function mayAppoint(p: Principal, s: ScopedRole): Promise<boolean> {
  switch (s.role) {
    case 'root':
      return false;
    case 'street':
      return can(p, 'street:appoint', { kind: 'none' });
    case 'admin': {
      const streetId = s.streetId ?? String((await getMeta(keys.community(s.scopeId)))?.streetId ?? '');
      return can(p, 'street:manage', { kind: 'street', streetId });
    }
    default:
      return can(p, 'role:appoint', { kind: 'community', communityId: s.communityId! });
  }
}

/** A principal for a stored user (an inviter, checked again when their invitation is used). */
export async function principalOf(userId: string): Promise<Principal | undefined> {
  const user = await getUser(userId);
  if (!user) return undefined;
  const streetIds = user.roles.streetIds ?? [];
  const streetCommunityIds = streetIds.length > 0 ? await communitiesOfStreets(streetIds) : undefined;
  return {
    userId: user.id,
    roles: user.roles,
    user: { id: user.id, nickname: user.nickname, roles: user.roles, createdAt: user.createdAt },
    ...(streetCommunityIds ? { streetCommunityIds } : {}),
  };
}

export function holds(roles: Roles, role: GrantableRole, scopeId: string): boolean {
  if (role === 'root') return roles.root === true;
  return (roles[FIELD[role] as Exclude<RoleField, 'root'>] ?? []).includes(scopeId);
}

export interface RoleChange {
  kind: 'grant' | 'revoke';
  userId: string;
  scope: ScopedRole;
  /** A user id, or `cli:<name>` for the command line. */
  actorId: string;
  /** How the change came: an accepted invitation, an admin's revocation, the command line. */
  via: 'invite' | 'api' | 'cli';
  /** A grid worker's name and work phone (granting `gridWorker`). */
  worker?: { name: string; phone: string };
  /** More items of the same transaction (an invitation's close) and what their failure means. */
  extra?: { items: TxItem[]; failed: () => Promise<AppError> };
}

/** Gives or takes one role in one transaction; retried when a concurrent change got there first. */
export async function changeRole(c: RoleChange, now = new Date()): Promise<GrantRecord> {
  const { scope } = c;
  for (let attempt = 0; attempt < 4; attempt++) {
    const user = await getUser(c.userId);
    if (!user) throw notFound('用户');
    const held = holds(user.roles, scope.role, scope.scopeId);
    if (c.kind === 'grant' && held) throw conflict('ROLE_HELD', `该用户已是${scope.scopeName}的${roleLabel(scope.role)}`);
    if (c.kind === 'revoke' && !held) throw notFound('任命');
    const field = FIELD[scope.role];
    const before = user.roles[field];
    const after = nextValue(field, before, scope.scopeId, c.kind);
    const at = nowIso(now);
    const grant: GrantRecord = {
      userId: user.id,
      role: scope.role,
      scopeId: scope.scopeId,
      scopeName: scope.scopeName,
      holder: scope.holder,
      ...(scope.communityId ? { communityId: scope.communityId } : {}),
      name: c.worker?.name ?? user.nickname,
      ...(c.worker ? { phone: c.worker.phone } : {}),
      grantedAt: at,
      grantedBy: c.actorId,
    };
    const items: TxItem[] = [profileRoleUpdate(user.id, field, before, after)];
    items.push(c.kind === 'grant' ? grantPut(grant) : grantDelete(user.id, scope.role, scope.scopeId));
    // The station's staff list (who hears of its new bookings: messages/) follows the role.
    if (scope.role === 'staff') items.push(...(c.kind === 'grant' ? stationStaffPut(scope.scopeId, user.id) : stationStaffDelete(scope.scopeId, user.id)));
    let gridAt = -1;
    let otherAdminAt = -1;
    if (scope.role === 'gridWorker') {
      if (c.kind === 'grant') {
        if (!c.worker) throw appError('VALIDATION_FAILED', '请填写网格员的姓名和工作电话', [{ path: 'name', message: '请填写姓名' }]);
        gridAt = items.push(gridWorkerSet(scope.scopeId, { userId: user.id, ...c.worker })) - 1;
      } else if ((await getMeta(keys.grid(scope.scopeId)))?.workerUserId === user.id) {
        gridAt = items.push(gridWorkerClear(scope.scopeId, user.id)) - 1;
      }
    }
    if (scope.role === 'admin' && c.kind === 'revoke') {
      // Another admin must still hold the community when this one goes: checked in the same
      // transaction, so two admins revoking each other at once cannot leave it without one.
      const other = (await holders(scope.holder, 'admin', scope.scopeId, 5)).find((g) => g.userId !== user.id);
      if (!other) throw ruleBroken('LAST_ADMIN', '不能撤销社区的最后一位管理员，请先任命新的管理员');
      otherAdminAt = items.push(grantStillHeld(other.userId, 'admin', scope.scopeId)) - 1;
    }
    const described = { role: scope.role, roleLabel: roleLabel(scope.role), scopeId: scope.scopeId, scopeName: scope.scopeName, name: grant.name, ...(c.worker ? { phone: c.worker.phone } : {}), via: c.via };
    items.push(
      auditPut({
        scope: scope.auditScope,
        actorId: c.actorId,
        action: c.kind === 'grant' ? 'role.grant' : 'role.revoke',
        target: { kind: 'user', id: user.id, name: grant.name },
        ...(c.kind === 'grant' ? { after: described } : { before: described }),
        at,
      }),
    );
    const extraAt = items.length;
    items.push(...(c.extra?.items ?? []));
    const out = await commit(items);
    if (out.ok) {
      if (scope.role === 'gridWorker') await refreshBuildingPages({ gridId: scope.scopeId });
      return grant;
    }
    const failed = failedItems(out.reasons);
    if (c.extra && failed.some((i) => i >= extraAt)) throw await c.extra.failed();
    if (failed.includes(gridAt) && c.kind === 'grant') throw conflict('GRID_HAS_WORKER', '该网格已有网格员，请先撤销原网格员的任命');
    // Otherwise the profile, the grid or the other admin (item otherAdminAt) changed meanwhile: read again.
    if (failed.length === 0) break;
  }
  throw conflict('CONFLICT', '任命信息刚刚被修改，请刷新后重试');
}

function nextValue(field: RoleField, before: Roles[RoleField], scopeId: string, kind: 'grant' | 'revoke'): Roles[RoleField] {
  if (field === 'root') return kind === 'grant';
  const list = (before as string[] | undefined) ?? [];
  return kind === 'grant' ? [...list, scopeId] : list.filter((id) => id !== scopeId);
}

/**
 * Grant items for the roles a profile already carries (profiles written by the demo loader
 * before appointments existed), so they appear in the people list and count as admins.
 */
export async function recordProfileRoles(user: { id: string; nickname: string; roles: Roles; createdAt: string }): Promise<number> {
  const held: [GrantableRole, string][] = [
    ...(user.roles.root ? [['root', ROOT_SCOPE] as [GrantableRole, string]] : []),
    ...(user.roles.streetIds ?? []).map((id): [GrantableRole, string] => ['street', id]),
    ...user.roles.adminCommunityIds.map((id): [GrantableRole, string] => ['admin', id]),
    ...user.roles.staffStationIds.map((id): [GrantableRole, string] => ['staff', id]),
  ];
  let written = 0;
  for (const [role, scopeId] of held) {
    const scope = await resolveScope(role, scopeId);
    const grant: GrantRecord = {
      userId: user.id,
      role,
      scopeId: scope.scopeId,
      scopeName: scope.scopeName,
      holder: scope.holder,
      ...(scope.communityId ? { communityId: scope.communityId } : {}),
      name: user.nickname,
      grantedAt: user.createdAt,
      grantedBy: 'demo',
    };
    if (await putGrantIfAbsent(grant)) written++;
  }
  return written;
}

/** A page of a station's staff (user ids): the people told of its new bookings (messages/events). */
export const stationStaffPage = (stationId: string, limit: number, after?: string) => staffOfStation(stationId, limit, after);

/** The first page of a station's staff from its list item, read with the caller's other reads; undefined when the list is not whole (messages/events). */
export const stationStaffListPage = (stationId: string, limit: number) => staffFromList(stationId, limit);

/** A page of the people who screen a community's wishes (messages/events). */
export const wishScreenersPage = (communityId: string, limit: number, after?: string) => screenersOfCommunity(communityId, limit, after);
