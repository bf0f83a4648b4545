import type { AssigneeKind, RequestCategory, RequestStatus, Satisfaction, TimelineEntry } from '@shared/api/requests';

/** A request 诉求 as stored in `REQUEST#<id>/META` (index keys derived from it in storage). */
export interface RequestRecord {
  id: string;
  communityId: string;
  streetId: string;
  /** A copy of the category at submission: later edits of the list do not move its due times. */
  category: RequestCategory;
  text: string;
  photos: string[];
  buildingId?: string;
  gridId?: string;
  /** 幸福家园 1 栋, or the location typed. */
  placeName: string;
  public: boolean;
  reporterId: string;
  /** The reporter's nickname: staff-only. */
  reporterName: string;
  contactPhone?: string;
  status: RequestStatus;
  /** +1 on every change; every change is conditioned on the version read. */
  version: number;
  createdAt: string;
  respondDueAt: string;
  respondedAt?: string;
  resolveDueAt?: string;
  assignee?: { kind: AssigneeKind; id: string; name: string };
  resolution?: { note: string; photos: string[]; at: string };
  resolvedAt?: string;
  /** Set by the first resolution only (time to resolve counts once). */
  firstResolvedAt?: string;
  reopenCount: number;
  followers: number;
  satisfaction?: { value: Satisfaction; comment?: string; at: string };
  duplicateOf?: string;
  /** The reason, referral body or closing note of a terminal status. */
  outcome?: string;
  /** How a closed request closed: the reporter confirmed, or the job after the window. */
  closedHow?: 'confirmed' | 'auto';
}

export type EventRecord = TimelineEntry;

/** `REQUEST_STATS` counters (see figures.ts for what each means). */
export type StatsRecord = Record<string, number>;
