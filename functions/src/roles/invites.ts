/**
 * Invitations 邀请: an admin invites someone to a role they may give; the invitee opens
 * the link (QR poster or share card), logs in and accepts. 72 hours, one use, at most 20
 * open per admin. Accepting is one transaction with the appointment itself.
 */
import { randomBytes } from 'node:crypto';
import type { AcceptInviteRequest, AcceptInviteResponse, CreateInviteRequest, Invite } from '@shared/api/roles';
import { auditPut } from '../audit/storage';
import type { Principal } from '../lib/authorize';
import { AppError, appError, conflict, forbidden, notFound, ruleBroken } from '../lib/errors';
import { config } from '../lib/config';
import { nowIso } from '../lib/time';
import { changeRole, mayAppoint, principalOf, resolveScope, roleLabel } from './appointments';
import type { InviteRecord } from './model';
import { commit, getInvite, getInvites, getOpenInvites, inviteClose, invitePut, nicknames, openInvitesPut, openInvitesRemove } from './storage';
import { inviteAcceptedWrites } from '../messages/events';

export const INVITE_HOURS = 72;
export const MAX_OPEN_INVITES = 20;

const gone = (code: string, message: string) => new AppError(code, 410, message);

/** Why an invitation can no longer be used (409 used, 410 revoked or expired); undefined while usable. */
function closedError(inv: InviteRecord, now: Date): AppError | undefined {
  if (inv.status === 'accepted') return conflict('INVITE_USED', '该邀请已被使用，每个邀请只能使用一次');
  if (inv.status === 'revoked') return gone('INVITE_REVOKED', '该邀请已被撤销，请联系邀请人重新邀请');
  if (inv.expiresAtMs <= now.getTime()) return gone('INVITE_EXPIRED', '该邀请已过期（有效期 72 小时），请联系邀请人重新邀请');
  return undefined;
}

export const inviteUrl = (token: string) => `${config().webBaseUrl}/#/packages/invite/index?t=${token}`;

function view(inv: InviteRecord, inviterName: string, now: Date): Invite {
  const expired = inv.status === 'open' && inv.expiresAtMs <= now.getTime();
  return {
    token: inv.token,
    url: inviteUrl(inv.token),
    role: inv.role,
    roleLabel: roleLabel(inv.role),
    scopeId: inv.scopeId,
    scopeName: inv.scopeName,
    inviterName,
    status: expired ? 'expired' : inv.status,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
  };
}

export async function createInvite(p: Principal, body: CreateInviteRequest, now = new Date()): Promise<Invite> {
  const scope = await resolveScope(body.role, body.scopeId);
  if (!(await mayAppoint(p, scope))) throw forbidden(`您无权任命${scope.scopeName}的${roleLabel(scope.role)}`);
  const nowMs = now.getTime();
  for (let attempt = 0; attempt < 4; attempt++) {
    const seen = await getOpenInvites(p.userId);
    const open = Object.fromEntries(Object.entries(seen.open).filter(([, expiresAtMs]) => expiresAtMs > nowMs));
    if (Object.keys(open).length >= MAX_OPEN_INVITES) {
      throw ruleBroken('TOO_MANY_INVITES', `最多同时保留 ${MAX_OPEN_INVITES} 个未使用的邀请，请先撤销不再需要的邀请`);
    }
    const expires = new Date(nowMs + INVITE_HOURS * 3600_000);
    const inv: InviteRecord = {
      token: randomBytes(16).toString('base64url'),
      role: body.role,
      scopeId: scope.scopeId,
      scopeName: scope.scopeName,
      ...(scope.communityId ? { communityId: scope.communityId } : {}),
      ...(scope.streetId ? { streetId: scope.streetId } : {}),
      createdBy: p.userId,
      createdAt: nowIso(now),
      expiresAt: nowIso(expires),
      expiresAtMs: expires.getTime(),
      status: 'open',
    };
    const out = await commit([
      invitePut(inv),
      openInvitesPut(p.userId, seen, { ...open, [inv.token]: inv.expiresAtMs }),
      auditPut({
        scope: scope.auditScope,
        actorId: p.userId,
        action: 'invite.create',
        target: { kind: scope.role === 'street' ? 'street' : 'scope', id: scope.scopeId, name: scope.scopeName },
        after: { role: inv.role, roleLabel: roleLabel(inv.role), scopeId: inv.scopeId, scopeName: inv.scopeName, expiresAt: inv.expiresAt },
        at: inv.createdAt,
      }),
    ]);
    if (out.ok) return view(inv, p.user.nickname, now);
    // Another invitation of this admin was created, accepted or revoked meanwhile: count again.
  }
  throw appError('SERVICE_BUSY');
}

/** The caller's open invitations (at most 20: one read of the list, one batch of invitations). */
export async function myInvites(p: Principal, now = new Date()): Promise<Invite[]> {
  const seen = await getOpenInvites(p.userId);
  const tokens = Object.entries(seen.open)
    .filter(([, expiresAtMs]) => expiresAtMs > now.getTime())
    .map(([token]) => token);
  const invites = await getInvites(tokens);
  return invites
    .filter((inv) => inv.status === 'open')
    .map((inv) => view(inv, p.user.nickname, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function usableInvite(token: string, now: Date): Promise<InviteRecord> {
  const inv = await getInvite(token);
  if (!inv) throw notFound('邀请');
  const closed = closedError(inv, now);
  if (closed) throw closed;
  return inv;
}

/** The landing page's view of an invitation; 409 once used, 410 when revoked or expired. */
export async function showInvite(token: string, now = new Date()): Promise<Invite> {
  const inv = await usableInvite(token, now);
  const names = await nicknames([inv.createdBy]);
  return view(inv, names.get(inv.createdBy) ?? '管理员', now);
}

export async function acceptInvite(p: Principal, token: string, body: AcceptInviteRequest, now = new Date()): Promise<AcceptInviteResponse> {
  const inv = await usableInvite(token, now);
  const scope = await resolveScope(inv.role, inv.scopeId);
  // An inviter who lost the right to appoint meanwhile cannot appoint through an old link.
  const inviter = await principalOf(inv.createdBy);
  if (!inviter || !(await mayAppoint(inviter, scope))) throw gone('INVITE_REVOKED', '邀请人已无权任命该职务，邀请已失效');
  let worker: { name: string; phone: string } | undefined;
  if (inv.role === 'gridWorker') {
    const missing = [...(body.name ? [] : [{ path: 'name', message: '请填写姓名' }]), ...(body.phone ? [] : [{ path: 'phone', message: '请填写工作电话' }])];
    if (missing.length > 0) throw appError('VALIDATION_FAILED', '请填写网格员的姓名和工作电话（居民在楼栋页看到打码后的号码）', missing);
    worker = { name: body.name!, phone: body.phone! };
  }
  const at = nowIso(now);
  await changeRole(
    {
      kind: 'grant',
      userId: p.userId,
      scope,
      actorId: p.userId,
      via: 'invite',
      ...(worker ? { worker } : {}),
      extra: {
        items: [
          inviteClose(token, 'accepted', p.userId, at, now.getTime()),
          openInvitesRemove(inv.createdBy, token),
          // The inviter hears of it (messages/): in the same transaction, so only a real acceptance tells.
          ...inviteAcceptedWrites(inv.createdBy, worker?.name ?? p.user.nickname, roleLabel(inv.role), inv.scopeName, now),
        ],
        failed: async () => {
          const latest = await getInvite(token);
          return (latest && closedError(latest, now)) ?? conflict('INVITE_USED', '该邀请已被使用，每个邀请只能使用一次');
        },
      },
    },
    now,
  );
  return { role: inv.role, roleLabel: roleLabel(inv.role), scopeId: inv.scopeId, scopeName: inv.scopeName };
}

/** The creator, or anyone who may give that role there, withdraws an open invitation. */
export async function revokeInvite(p: Principal, token: string, now = new Date()): Promise<Invite> {
  const inv = await usableInvite(token, now);
  const scope = await resolveScope(inv.role, inv.scopeId);
  if (inv.createdBy !== p.userId && !(await mayAppoint(p, scope))) throw forbidden('只有邀请人或有任命权的管理员可以撤销邀请');
  const at = nowIso(now);
  const out = await commit([
    inviteClose(token, 'revoked', p.userId, at, now.getTime()),
    openInvitesRemove(inv.createdBy, token),
    auditPut({
      scope: scope.auditScope,
      actorId: p.userId,
      action: 'invite.revoke',
      target: { kind: scope.role === 'street' ? 'street' : 'scope', id: scope.scopeId, name: scope.scopeName },
      before: { role: inv.role, roleLabel: roleLabel(inv.role), scopeId: inv.scopeId, scopeName: inv.scopeName, expiresAt: inv.expiresAt },
      at,
    }),
  ]);
  if (!out.ok) throw closedError((await getInvite(token)) ?? inv, now) ?? conflict('CONFLICT', '邀请刚刚被修改，请刷新后重试');
  const names = await nicknames([inv.createdBy]);
  return view({ ...inv, status: 'revoked' }, names.get(inv.createdBy) ?? '管理员', now);
}
