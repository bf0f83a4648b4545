import type { z } from 'zod';
import type { ClaimWishRequest, DeliverWishRequest, WishDetail, WishStatus } from '@shared/api/wishes';
import { authorize, type Principal } from '../lib/authorize';
import type { TxItem } from '../lib/dynamo';
import { conflict, ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import { wishEventWrites } from '../messages/events';
import { attachUploads } from '../uploads/domain';
import { authorizeStaff, isStaff, loadForChange } from './access';
import type { WishRecord } from './model';
import { autoConfirmAt, claimantKind, claimDeadline, openUntil, reopenedUntil } from './rules';
import { assertTransition } from './status';
import * as store from './storage';
import { TxRefused } from './storage';
import { detailFor } from './wishes';

/** The status changes of a wish: each one transaction on META guarded by the status and version read. */

type ClaimBody = z.output<typeof ClaimWishRequest>;
type DeliverBody = z.output<typeof DeliverWishRequest>;

/** 409 when the client's copy is older than the stored wish. */
function expectVersion(w: WishRecord, version: number | undefined): void {
  if (version !== undefined && version !== w.version) {
    throw conflict('STALE_VERSION', '心愿已有更新，请刷新后重试', { version: w.version, status: w.status });
  }
}

/** The claim's fields cleared: the wish is open to a new claimant (the old one keeps no access). */
function withoutClaim(w: WishRecord): WishRecord {
  const { claimantId: _a, claimantName: _b, claimantKind: _c, unitName: _d, claimedAt: _e, claimDeadline: _f, ...rest } = w;
  return rest;
}

/**
 * Moves `w` to `to` with `patch`, in one transaction with `also(next)`; a concurrent change
 * (status or version moved since the read) is a 409 that says what the wish is now.
 */
export async function move(w: WishRecord, to: WishStatus, patch: Partial<WishRecord>, at: string, also: (next: WishRecord) => TxItem[] = () => [], base: WishRecord = w): Promise<WishRecord> {
  assertTransition(w.status, to);
  const next: WishRecord = { ...base, ...patch, status: to, version: w.version + 1, updatedAt: at };
  try {
    await store.saveMove(w, next, also(next));
  } catch (err) {
    if (err instanceof TxRefused) {
      const now = await store.getWish(w.id);
      if (to === 'claimed' && now && now.status !== 'open') throw conflict('ALREADY_CLAIMED', '手慢了，这个心愿刚被别人认领了', { status: now.status });
      throw conflict('CONFLICT', '心愿状态已被他人更改，请刷新后重试', now ? { status: now.status, version: now.version } : undefined);
    }
    throw err;
  }
  return next;
}

export async function approveWish(id: string, version: number | undefined, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  await authorizeStaff(p, w, 'wish:screen');
  expectVersion(w, version);
  const at = nowIso(now);
  const expiresAt = openUntil(at);
  return detailFor(await move(w, 'open', { openedAt: at, screenedBy: p.userId, expiresAt, dueAt: expiresAt }, at), p);
}

export async function takeDownWish(id: string, reason: string, version: number | undefined, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  await authorizeStaff(p, w, 'wish:screen');
  expectVersion(w, version);
  const at = nowIso(now);
  const { dueAt: _d, ...rest } = w;
  return detailFor(await move(w, 'taken_down', { takeDownReason: reason, endedAt: at }, at, undefined, rest), p);
}

export async function withdrawWish(id: string, version: number | undefined, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  if (p.userId === w.posterId) authorize(p, 'wish:withdraw', { kind: 'self', userId: w.posterId });
  else await authorizeStaff(p, w, 'wish:screen');
  expectVersion(w, version);
  if (w.status === 'claimed') throw conflict('ALREADY_CLAIMED', '心愿已被认领，不能撤回；如有变化请联系认领人或社区', { status: w.status });
  const at = nowIso(now);
  const { dueAt: _d, ...rest } = w;
  return detailFor(await move(w, 'withdrawn', { endedAt: at }, at, undefined, rest), p);
}

/** Claim: one live claim at a time — two claims of one version race on META's condition and exactly one wins. */
export async function claimWish(id: string, body: ClaimBody, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  authorize(p, 'wish:claim', { kind: 'none' });
  if (w.status === 'claimed' || w.status === 'delivered') throw conflict('ALREADY_CLAIMED', '这个心愿已被认领', { status: w.status });
  if (p.userId === w.posterId || p.userId === w.beneficiaryUserId) throw ruleBroken('OWN_WISH', '不能认领自己发布的心愿');
  expectVersion(w, body.version);
  const at = nowIso(now);
  const deadline = claimDeadline(at, body.days);
  const next = await move(
    w,
    'claimed',
    {
      claimantId: p.userId,
      claimantName: p.user.nickname,
      claimantKind: claimantKind(body.unitName, p.roles.member),
      ...(body.unitName ? { unitName: body.unitName } : {}),
      claimedAt: at,
      claimDeadline: deadline,
      dueAt: deadline,
    },
    at,
    (n) => wishEventWrites(w, n, 'claimed', now, p.userId),
  );
  return detailFor(next, p);
}

/** The claimant gives the claim up: the wish is open again (its expiry at least a week away). */
export async function releaseClaim(id: string, version: number | undefined, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  authorize(p, 'wish:fulfil', { kind: 'self', userId: w.claimantId ?? '' });
  expectVersion(w, version);
  const at = nowIso(now);
  const dueAt = reopenedUntil(w, at);
  const next = await move(w, 'open', { expiresAt: dueAt, dueAt, reopenCount: (w.reopenCount ?? 0) + 1 }, at, undefined, withoutClaim(w));
  return detailFor(next, p);
}

export async function deliverWish(id: string, body: DeliverBody, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  authorize(p, 'wish:fulfil', { kind: 'self', userId: w.claimantId ?? '' });
  expectVersion(w, body.version);
  assertTransition(w.status, 'delivered');
  const photos = await attachUploads(p, 'wish', body.photos, { field: 'photos', label: '送达照片' });
  const at = nowIso(now);
  const next = await move(w, 'delivered', { deliveryNote: body.note, deliveryPhotos: photos, deliveredAt: at, dueAt: autoConfirmAt(at) }, at, (n) => wishEventWrites(w, n, 'delivered', now, p.userId));
  return detailFor(next, p);
}

/** Receipt confirmed by the beneficiary (or the poster who posted for themself), or by staff on their behalf. */
export async function confirmWish(id: string, version: number | undefined, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  const own = p.userId === w.beneficiaryUserId;
  if (own) authorize(p, 'wish:confirm', { kind: 'self', userId: w.beneficiaryUserId! });
  else await authorizeStaff(p, w, 'wish:confirmFor');
  expectVersion(w, version);
  const at = nowIso(now);
  const { dueAt: _d, ...rest } = w;
  const next = await move(w, 'confirmed', { confirmedAt: at, confirmedBy: own ? 'beneficiary' : 'staff' }, at, (n) => wishEventWrites(w, n, 'confirmed', now, p.userId), rest);
  return detailFor(next, p);
}

/** The thank-you note 感谢的话, by the beneficiary or (for a wish posted on behalf) the poster. */
export async function thankWish(id: string, note: string, version: number | undefined, p: Principal, now = new Date()): Promise<WishDetail> {
  const w = await loadForChange(id);
  const mayThank = p.userId === w.beneficiaryUserId || p.userId === w.posterId || (await isStaff(p, w, 'wish:confirmFor'));
  if (!mayThank) authorize(p, 'wish:confirm', { kind: 'self', userId: w.beneficiaryUserId ?? w.posterId });
  expectVersion(w, version);
  const at = nowIso(now);
  return detailFor(await move(w, 'thanked', { thanksNote: note, thankedAt: at }, at), p);
}

export { withoutClaim };
