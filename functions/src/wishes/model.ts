import type { WishKind, WishStatus } from '@shared/api/wishes';

/** Who a claimant is: a party member, any resident, or a member unit 成员单位 (by name). */
export type ClaimantKind = 'member' | 'resident' | 'unit';
/** Who confirmed receipt: the beneficiary, staff on their behalf, or the job 7 days after delivery. */
export type ConfirmedBy = 'beneficiary' | 'staff' | 'system';

/** The wish item `WISH#<id>/META`: everything but the beneficiary's personal data. */
export interface WishRecord {
  id: string;
  communityId: string;
  buildingId: string;
  /** The building's grid: grid workers of it act for the community. */
  gridId?: string;
  /** 幸福家园 2 栋: building-level, the most of the address that is public. */
  buildingLabel: string;
  kind: WishKind;
  title: string;
  reason: string;
  /** Fen, at most 30,000. */
  value: number;
  photos: string[];
  status: WishStatus;
  /** +1 on every change; every change is conditioned on the version (and status) it read. */
  version: number;
  posterId: string;
  posterName: string;
  /** Posted by the beneficiary themself (then `beneficiaryUserId` = `posterId`). */
  forSelf: boolean;
  beneficiaryUserId?: string;
  createdAt: string;
  updatedAt: string;
  openedAt?: string;
  screenedBy?: string;
  /** An open wish nobody claims expires then. */
  expiresAt?: string;
  /** When the scheduled job acts on it (expire, lapse, auto-confirm); mirrored by the `WISHES#DUE` item. */
  dueAt?: string;
  claimantId?: string;
  claimantName?: string;
  claimantKind?: ClaimantKind;
  unitName?: string;
  claimedAt?: string;
  claimDeadline?: string;
  /** Claims that lapsed or were given up (the wish reopened each time). */
  reopenCount?: number;
  deliveryNote?: string;
  deliveryPhotos?: string[];
  deliveredAt?: string;
  confirmedAt?: string;
  confirmedBy?: ConfirmedBy;
  thanksNote?: string;
  thankedAt?: string;
  takeDownReason?: string;
  endedAt?: string;
}

/** `WISH#<id>/BENEFICIARY`: read only for the poster, the community's staff and the live claimant. */
export interface BeneficiaryRecord {
  wishId: string;
  name: string;
  phone: string;
  address: string;
}
