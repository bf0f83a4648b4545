import type { AppointableRole } from '@shared/api/roles';

/** Every role a person can be given; `root` only from the command line. */
export type GrantableRole = AppointableRole | 'root';

/** The profile field (`roles.<field>`) that carries each role. */
export type RoleField = 'root' | 'streetIds' | 'adminCommunityIds' | 'staffStationIds' | 'gridIds';

/** A RoleGrant item: one role of one user in one scope (root: scope `-`). */
export interface GrantRecord {
  userId: string;
  role: GrantableRole;
  scopeId: string;
  scopeName: string;
  /** Where the grant is listed: `COMMUNITY#<id>`, `STREET#<id>` or `ROOT`. */
  holder: string;
  communityId?: string;
  /** The name shown: a grid worker's given name, otherwise the user's nickname. */
  name: string;
  /** A grid worker's work phone. */
  phone?: string;
  grantedAt: string;
  grantedBy: string;
}

export interface InviteRecord {
  token: string;
  role: AppointableRole;
  scopeId: string;
  scopeName: string;
  communityId?: string;
  streetId?: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  expiresAtMs: number;
  status: 'open' | 'accepted' | 'revoked';
  closedBy?: string;
  closedAt?: string;
}

export interface OpenInvites {
  /** token → expiry (epoch ms). */
  open: Record<string, number>;
  /** 0 when the item does not exist yet. */
  version: number;
}
