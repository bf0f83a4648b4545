import type { Consents, PostName, ReviewStatus } from '@shared/api/members';

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
}

export interface RevealRecord {
  viewerId: string;
  memberId: string;
  at: string;
}
