import type { CrowdfundStatus, LineKind, PaymentMethod, PledgeStatus } from '@shared/api/crowdfund';

/** The crowdfund item `CROWDFUND#<id>/META` (its lines are separate items beside it). */
export interface CrowdfundRecord {
  id: string;
  communityId: string;
  estates: string[];
  buildingIds: string[];
  title: string;
  story: string;
  photos: string[];
  /** ISO 8601 in +08:00, so string order is time order (used by the due index). */
  deadline: string;
  status: CrowdfundStatus;
  organiserId: string;
  organiserName: string;
  lineCount: number;
  reviewNote?: string;
  reviewerId?: string;
  finalReport?: string;
  cancelReason?: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  reviewedAt?: string;
  closedAt?: string;
  completedAt?: string;
  /** Set while pledges of a failed or cancelled crowdfund still wait to be released. */
  releasePending?: boolean;
}

/** A budget line `CROWDFUND#<id>/LINE#<lineId>`: its definition and running totals. */
export interface LineRecord {
  crowdfundId: string;
  id: string;
  index: number;
  kind: LineKind;
  title: string;
  description?: string;
  required: boolean;
  target?: number;
  unit: string;
  skill?: string;
  item?: string;
  /** Sum of live pledges (pledged + fulfilled); ideas count 1 each. Changed only with a pledge, in one transaction. */
  pledged: number;
  fulfilled: number;
  pledgeCount: number;
}

/** A pledge `CROWDFUND#<id>/PLEDGE#<pledgeId>` (a pointer `PLEDGE#<pledgeId>/REF` finds its crowdfund). */
export interface PledgeRecord {
  id: string;
  crowdfundId: string;
  crowdfundTitle: string;
  communityId: string;
  lineId: string;
  lineKind: LineKind;
  lineTitle: string;
  /** In the line's unit: fen, hours, items; 1 for an idea. */
  value: number;
  text?: string;
  anonymous: boolean;
  pledgerId: string;
  pledgerName: string;
  status: PledgeStatus;
  clientToken: string;
  createdAt: string;
  withdrawnAt?: string;
  fulfilledAt?: string;
  fulfilledBy?: string;
  releasedAt?: string;
  /**
   * How the money arrived. Staff type it in today (cash, transfer, a WeChat Pay reference);
   * a WeChat Pay callback would fill the same field, so payment needs no remodelling.
   */
  payment?: { method: PaymentMethod; reference?: string };
  /** The ledger income entry written when a money pledge was fulfilled (a refund reverses it). */
  incomeEntryId?: string;
}

/** An append-only ledger entry `CROWDFUND#<id>/LEDGER#<entryId>`: written once, never updated or deleted. */
export interface LedgerEntryRecord {
  id: string;
  crowdfundId: string;
  kind: 'income' | 'expense' | 'reversal';
  /** Signed fen. */
  amount: number;
  createdAt: string;
  recordedById: string;
  recordedBy: string;
  pledgeId?: string;
  backerName?: string;
  payment?: { method: PaymentMethod; reference?: string };
  payee?: string;
  purpose?: string;
  receiptPhotos?: string[];
  reverses?: string;
  reason?: string;
}

/** What a crowdfund's partition holds besides pledges and the ledger: the crowdfund and its lines. */
export interface CrowdfundWithLines {
  crowdfund: CrowdfundRecord;
  lines: LineRecord[];
}
