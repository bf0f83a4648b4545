import type { User } from '@shared/api/auth';
import type { Roles } from '@shared/roles';
import { appError } from './errors';

/** Who is calling: the user's id and roles as stored now (not as when the token was made). */
export interface Principal {
  userId: string;
  roles: Roles;
  /** The caller's public profile, read with the roles so nobody reads it twice. */
  user: User;
  /**
   * For a street admin 街道管理员: the communities of their streets, resolved when the
   * principal is made (one query per street; absent for everyone else).
   */
  streetCommunityIds?: string[];
}

/**
 * The resource an action is aimed at. A station action carries the station's community
 * too, so a community admin may act on every station of their community.
 */
export type Scope =
  | { kind: 'self'; userId: string }
  | { kind: 'station'; stationId: string; communityId: string }
  | { kind: 'community'; communityId: string }
  | { kind: 'street'; streetId: string }
  /** A grid 网格 (with its community): what a grid worker acts on. */
  | { kind: 'grid'; gridId: string; communityId: string }
  | { kind: 'none' };

/** Who may do what. One table for the whole API: add a line here, not an `if` in a handler. */
const POLICY = {
  'profile:read': ['self'],
  'booking:create': ['resident'],
  'crowdfund:pledge': ['resident'],
  'post:claim': ['member'],
  'booking:review': ['stationStaff', 'communityAdmin', 'streetAdmin'],
  'station:manage': ['stationStaff', 'communityAdmin', 'streetAdmin'],
  'reportIn:confirm': ['stationStaff', 'communityAdmin', 'streetAdmin'],
  'member:confirm': ['communityAdmin', 'streetAdmin'],
  'community:manage': ['communityAdmin', 'streetAdmin'],
  'crowdfund:review': ['communityAdmin', 'streetAdmin'],
  'crowdfund:create': ['resident'],
  'crowdfund:edit': ['self'],
  'crowdfund:fulfil': ['communityAdmin', 'streetAdmin'],
  'crowdfund:ledger': ['communityAdmin', 'streetAdmin'],
  'crowdfund:viewBackers': ['communityAdmin', 'streetAdmin'],
  'crowdfund:manage': ['communityAdmin', 'streetAdmin'],
  'pledge:withdraw': ['self'],
  'code:manage': ['communityAdmin', 'streetAdmin'],
  'member:apply': ['resident'],
  'reportIn:create': ['member'],
  'post:release': ['communityAdmin', 'streetAdmin'],
  'phone:reveal': ['resident'],
  'street:create': ['root'],
  'street:list': ['root'],
  'street:manage': ['root', 'streetAdmin'],
  // Appointments (roles/): street admins by root; community admins under 'street:manage';
  // station staff and grid workers by the community's admins; the people list and the log likewise.
  'street:appoint': ['root'],
  'role:appoint': ['communityAdmin', 'streetAdmin'],
  'audit:view': ['communityAdmin', 'streetAdmin'],
  'activity:manage': ['stationStaff', 'communityAdmin', 'streetAdmin'],
  'activity:signUp': ['resident'],
  // 我家 and 公告 (home/): a resident sets their own home; a community's admins (and its street's) run its notices.
  'home:set': ['self'],
  'notice:manage': ['communityAdmin', 'streetAdmin'],
  // Requests 诉求 (requests/): anyone reports; the reporter (self) confirms, reopens, rates;
  // the assignee (self) works it; staff of a station of the request's community and its admins handle it.
  'request:create': ['resident'],
  'request:own': ['self'],
  'request:work': ['self'],
  'request:handle': ['stationStaff', 'communityAdmin', 'streetAdmin'],
  'requestCategory:manage': ['streetAdmin'],
  'workCalendar:manage': ['streetAdmin'],
  // Micro-wishes 微心愿 (wishes/): staff scope = the wish's community (admins), a station of it (staff), its building's grid (grid workers).
  'wish:post': ['resident'],
  'wish:postFor': ['stationStaff', 'communityAdmin', 'streetAdmin', 'gridWorker'],
  'wish:screen': ['stationStaff', 'communityAdmin', 'streetAdmin'],
  'wish:viewPrivate': ['stationStaff', 'communityAdmin', 'streetAdmin', 'gridWorker'],
  'wish:confirmFor': ['stationStaff', 'communityAdmin', 'streetAdmin', 'gridWorker'],
  'wish:claim': ['resident'],
  'wish:withdraw': ['self'],
  'wish:fulfil': ['self'],
  'wish:confirm': ['self'],
} as const satisfies Record<string, readonly Grant[]>;

type Grant = 'resident' | 'self' | 'member' | 'stationStaff' | 'communityAdmin' | 'streetAdmin' | 'root' | 'gridWorker';
export type Action = keyof typeof POLICY;

function grants(grant: Grant, p: Principal, scope: Scope): boolean {
  switch (grant) {
    case 'resident':
      return true;
    case 'self':
      return scope.kind === 'self' && scope.userId === p.userId;
    case 'member':
      return p.roles.member;
    case 'stationStaff':
      return scope.kind === 'station' && p.roles.staffStationIds.includes(scope.stationId);
    case 'communityAdmin':
      return (
        (scope.kind === 'station' || scope.kind === 'community') &&
        p.roles.adminCommunityIds.includes(scope.communityId)
      );
    case 'streetAdmin':
      if (scope.kind === 'street') return (p.roles.streetIds ?? []).includes(scope.streetId);
      return (scope.kind === 'station' || scope.kind === 'community') && (p.streetCommunityIds ?? []).includes(scope.communityId);
    case 'root':
      return p.roles.root === true;
    case 'gridWorker':
      return scope.kind === 'grid' && (p.roles.gridIds ?? []).includes(scope.gridId);
  }
}

export function can(p: Principal, action: Action, scope: Scope): boolean {
  return POLICY[action].some((g: Grant) => grants(g, p, scope));
}

/** Throws 403 with a Chinese message unless the principal may do the action on the scope. */
export function authorize(p: Principal, action: Action, scope: Scope): void {
  if (!can(p, action, scope)) throw appError('FORBIDDEN');
}

export const ACTIONS = Object.keys(POLICY) as Action[];
