import type { CodeKind } from '@shared/api/codes';

/** A code record `CODE#<token>/META`: kept after rotation (inactive) so old prints answer "已更新". */
export interface CodeRecord {
  token: string;
  kind: CodeKind;
  targetId: string;
  communityId: string;
  label: string;
  /** The 8-character code printed under the QR (`SHORTCODE#<code>` points back here); absent only on codes made before it existed. */
  shortCode?: string;
  active: boolean;
  createdAt: string;
  rotatedAt?: string;
  replacedBy?: string;
}

/** The target's pointer to its current code (`<KIND>#<id>/CODE`). */
export interface CurrentCode {
  token: string;
  kind: CodeKind;
  targetId: string;
  communityId: string;
  label: string;
  shortCode?: string;
  createdAt: string;
}

/** `SHORTCODE#<code>/CODE`: the short code printed under a QR → its token. Kept after rotation (the old token answers 410). */
export interface ShortCodeRecord {
  shortCode: string;
  token: string;
}

/** One reveal of a grid worker's number (`GRID#<gridId>/REVEAL#…`), like a member's reveal. */
export interface GridWorkerRevealRecord {
  viewerId: string;
  gridId: string;
  buildingId: string;
  at: string;
}

/**
 * Read model of a building page (`BUILDING#<id>/PAGE`): what the page shows from the org
 * tree and the stations, copied into the building's partition so that the page is one Query.
 * Phones are stored masked only.
 */
export interface BuildingPageSnapshot {
  building: { id: string; name: string; estate: string };
  community: { id: string; name: string; address: string };
  grid: { id: string; name: string; branchName: string; secretaryName: string; workerName: string; workerPhoneMasked: string };
  stations: { id: string; name: string; address: string }[];
  builtAt: string;
}

/**
 * A member's card on the page of the building they serve (`BUILDING#<id>/MEMBER#<userId>`).
 * Exists only while the member is confirmed, reported in (confirmed) and has agreed to be
 * shown 在楼栋码上展示我; never holds the full phone number.
 */
export interface MemberCard {
  userId: string;
  buildingId: string;
  name: string;
  photoUrl?: string;
  branch: string;
  posts: string[];
  phoneMasked?: string;
  phoneVisible: boolean;
  updatedAt: string;
}

/** Everything the building's partition holds, from one Query. */
export interface BuildingPartition {
  meta?: { id: string; communityId: string; gridId: string; estate: string; name: string };
  code?: CurrentCode;
  page?: BuildingPageSnapshot;
  members: MemberCard[];
}
