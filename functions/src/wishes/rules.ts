import { randomBytes } from 'node:crypto';
import { AUTO_CONFIRM_DAYS, CLAIM_DAYS_DEFAULT, OPEN_DAYS, type Beneficiary, type Wish, type WishDetail } from '@shared/api/wishes';
import { ruleBroken } from '../lib/errors';
import { inChina } from '../lib/time';
import type { BeneficiaryRecord, ClaimantKind, WishRecord } from './model';

/** Wishes: views, claimant kinds, due times and ids (pure). */

/** Wish ids sort by time (to the millisecond). */
export const newWishId = (now: Date) => `wi-${now.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;

/** `days` after `at`, as ISO 8601 in +08:00 (string order is time order: the due list relies on it). */
export function daysAfter(at: string | Date, days: number): string {
  return inChina(at).add(days, 'day').format();
}

export const claimDeadline = (claimedAt: string, days = CLAIM_DAYS_DEFAULT) => daysAfter(claimedAt, days);
export const autoConfirmAt = (deliveredAt: string) => daysAfter(deliveredAt, AUTO_CONFIRM_DAYS);
export const openUntil = (openedAt: string) => daysAfter(openedAt, OPEN_DAYS);
/** A wish reopened after a lapse keeps its expiry, but gets at least a week on the wall. */
export const reopenedUntil = (w: Pick<WishRecord, 'expiresAt'>, at: string) => {
  const week = daysAfter(at, 7);
  return w.expiresAt && w.expiresAt > week ? w.expiresAt : week;
};

/** Money is not a wish: goods or a service only (the fields name the way out). */
const MONEY_WORDS = /现金|红包|转账|汇款|打款|给钱|要钱|钱款|生活费|捐款/;
export function assertNotMoney(title: string, reason: string): void {
  const fields = [
    ...(MONEY_WORDS.test(title) ? [{ path: 'title', message: '微心愿只接受物品或服务，不能是钱款' }] : []),
    ...(MONEY_WORDS.test(reason) ? [{ path: 'reason', message: '微心愿只接受物品或服务，不能是钱款' }] : []),
  ];
  if (fields.length > 0) throw ruleBroken('MONEY_NOT_ALLOWED', '微心愿只接受物品或服务，不能是钱款', fields);
}

export function claimantKind(unitName: string | undefined, member: boolean): ClaimantKind {
  return unitName ? 'unit' : member ? 'member' : 'resident';
}

/** The claimant as the public sees them: a unit by its name, a person only as 爱心人士 (membership is sensitive). */
export function publicClaimLabel(w: Pick<WishRecord, 'claimantKind' | 'unitName'>): string {
  return w.claimantKind === 'unit' && w.unitName ? w.unitName : '爱心人士';
}

/** What anyone may see: no beneficiary, no claimant identity, no take-down reason. */
export function publicView(w: WishRecord): Wish {
  return {
    id: w.id,
    communityId: w.communityId,
    buildingId: w.buildingId,
    buildingLabel: w.buildingLabel,
    kind: w.kind,
    title: w.title,
    reason: w.reason,
    value: w.value,
    photos: w.photos,
    status: w.status,
    version: w.version,
    createdAt: w.createdAt,
    ...(w.openedAt ? { openedAt: w.openedAt } : {}),
    ...(w.expiresAt && w.status === 'open' ? { expiresAt: w.expiresAt } : {}),
    ...(w.claimantId && w.claimedAt && w.claimDeadline && w.status !== 'open'
      ? { claim: { kind: w.claimantKind === 'unit' ? ('unit' as const) : ('person' as const), label: publicClaimLabel(w), claimedAt: w.claimedAt, deadline: w.claimDeadline } }
      : {}),
    ...(w.deliveredAt ? { delivery: { note: w.deliveryNote ?? '', photos: w.deliveryPhotos ?? [], deliveredAt: w.deliveredAt } } : {}),
    ...(w.confirmedAt ? { confirmedAt: w.confirmedAt, confirmedBy: w.confirmedBy } : {}),
    ...(w.thankedAt ? { thanks: { note: w.thanksNote ?? '', at: w.thankedAt } } : {}),
  };
}

/** Who the viewer is to this wish (computed by access.ts). */
export interface Viewer {
  poster: boolean;
  beneficiary: boolean;
  /** The live (or finished) claim is theirs. */
  claimant: boolean;
  /** Staff of the wish's community (admins, station staff, its grid's workers). */
  staff: boolean;
}

/** The beneficiary's data goes to the poster, the beneficiary, staff, and the claimant while the claim is theirs. */
export function seesBeneficiary(v: Viewer): boolean {
  return v.poster || v.beneficiary || v.staff || v.claimant;
}

export function detailView(w: WishRecord, v: Viewer, b?: BeneficiaryRecord): WishDetail {
  const beneficiary: Beneficiary | undefined = b && seesBeneficiary(v) ? { name: b.name, phone: b.phone, address: b.address } : undefined;
  return {
    ...publicView(w),
    ...(beneficiary ? { beneficiary } : {}),
    ...(w.claimantId && w.claimantKind && (v.staff || v.claimant)
      ? { claimant: { id: w.claimantId, name: w.claimantName ?? '', kind: w.claimantKind, ...(w.unitName ? { unitName: w.unitName } : {}) } }
      : {}),
    ...(w.takeDownReason && (v.staff || v.poster) ? { takeDownReason: w.takeDownReason } : {}),
    viewer: v,
  };
}
