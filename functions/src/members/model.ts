import type { Consents, PostName, ReviewStatus } from '@shared/api/members';
import type { MemberCard } from '../codes/model';
import type { TxItem } from '../lib/dynamo';

/** `MEMBER#<userId>/PROFILE`: the application and, once confirmed, the member's profile. */
export interface MemberRecord {
  userId: string;
  communityId: string;
  name: string;
  branch: string;
  /** Full number: leaves the server only to its owner, or through an audited reveal. */
  phone: string;
  status: ReviewStatus;
  consents: Consents;
  appliedAt: string;
  reviewedAt?: string;
  reviewedBy?: string;
  note?: string;
  /** Optimistic lock: +1 on every write; every write is conditioned on the version it read. */
  version?: number;
}

/** `MEMBER#<userId>/REPORTIN`: 报到 to the community of residence, and the posts 认岗 held there. */
export interface ReportInRecord {
  userId: string;
  communityId: string;
  buildingId: string;
  skills: string[];
  availableTimes: string[];
  status: ReviewStatus;
  posts: PostName[];
  reportedAt: string;
  reviewedAt?: string;
  reviewedBy?: string;
  /** Optimistic lock, as on the profile. */
  version?: number;
}

/** What one member's partition holds besides the audit: read together, written together. */
export interface MemberState {
  profile?: MemberRecord;
  reportIn?: ReportInRecord;
}

/** A shown holder of a post (`COMMUNITY#<c>#POST#<i>/MEMBER#<userId>`): public, like the card. */
export interface PostHolderRecord {
  communityId: string;
  post: PostName;
  userId: string;
  name: string;
}

/**
 * One change of a member's state and everything derived from it, written as ONE
 * transaction: the profile and report-in (each conditioned on the version read, or checked
 * unchanged), the building card, the post holders, the post counters and the member role.
 */
export interface MemberChange {
  userId: string;
  before: MemberState;
  /** `undefined` deletes; the very object of `before` leaves the item as it is (ConditionCheck). */
  after: MemberState;
  cardPut?: MemberCard;
  cardDeletes: string[];
  holderPuts: PostHolderRecord[];
  holderDeletes: { communityId: string; post: PostName }[];
  countDeltas: { communityId: string; post: PostName; delta: number }[];
  memberRole?: boolean;
  /** The member's inbox messages about this change (decisions, a released post): messages/events.ts. */
  messages?: TxItem[];
}

export interface RevealRecord {
  viewerId: string;
  memberId: string;
  at: string;
  /** `contact` (联系TA, counted per day) or `verify` (an admin checking an application). */
  purpose?: 'contact' | 'verify';
}
