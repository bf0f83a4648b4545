import type { ActivityData, ActivityStatus, RegistrationStatus } from '@shared/api/activities';

/** What is stored of an activity (META): its input, where it is, and its running counters. */
export interface ActivityRecord extends ActivityData {
  id: string;
  stationId: string;
  stationName: string;
  communityId: string;
  placeName: string;
  organiserId: string;
  organiserName: string;
  /** Audience `buildings`: the chosen buildings' names as they were when saved (小区 + 楼栋). */
  audienceBuildings?: { id: string; name: string }[];
  /** Stored statuses only: ongoing and ended follow from the clock (rules.ts effectiveStatus). */
  status: Extract<ActivityStatus, 'draft' | 'published' | 'settled' | 'cancelled'>;
  /** Seats held by confirmed and checked-in registrations (each 1 + companions). */
  taken: number;
  /** Registrations on the waitlist. */
  waitCount: number;
  /** +1 on every edit and status change (guards read-modify-writes). */
  version: number;
  createdAt: string;
  cancelReason?: string;
  /** Set by the no-show sweep once it has looked at every registration. */
  noShowsSwept?: boolean;
}

/** One person's registration (`ACTIVITY#<id>/REG#<userId>`). */
export interface RegistrationRecord {
  id: string;
  activityId: string;
  userId: string;
  userName: string;
  companions: number;
  status: RegistrationStatus;
  /** The waitlist item's order key while waitlisted. */
  waitOrder?: string;
  clientToken: string;
  checkedInAt?: string;
  createdAt: string;
  /** A copy of what 我的活动 shows, so the list needs no activity reads but its status. */
  activityTitle: string;
  activityStart: string;
  activityEnd: string;
  placeName: string;
}

/** A waitlist place (`ACTIVITY#<id>/WAIT#<order>`). */
export interface WaitPlace {
  order: string;
  registrationId: string;
  userId: string;
  seats: number;
}

/** A ledger entry of volunteer hours (append-only). */
export interface HoursEntryRecord {
  id: string;
  userId: string;
  activityId: string;
  activityTitle: string;
  stationId: string;
  stationName: string;
  minutes: number;
  kind: 'credit' | 'reversal';
  reason?: string;
  at: string;
  byUserId: string;
}

export interface CertificateRecord {
  number: string;
  userId: string;
  name: string;
  minutes: number;
  activityCount: number;
  stations: string[];
  issuedAt: string;
}
