import { randomUUID } from 'node:crypto';
import type { LoginResponse, MeResponse, User } from '@shared/api/auth';
import { roleNames, type Roles } from '@shared/roles';
import { config } from '../lib/config';
import { jwtSecret, wechatCredentials } from '../lib/secrets';
import { appError } from '../lib/errors';
import { nowIso } from '../lib/time';
import type { Principal } from '../lib/authorize';
import { code2Session } from '../wechat/code2session';
import { communitiesOfStreets, namedCommunities, namedScopes } from '../org/domain';
import { namedStations } from '../venues/domain';
import { createUser, findUserIdByOpenid, getUser, type UserRecord } from './storage';
import { signToken, verifyToken } from './tokens';

export const RESIDENT_ONLY: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };

/** WeChat gives no nickname any more; new users get a neutral one they can change later. */
function defaultNickname(openid: string): string {
  return `微信用户${openid.slice(-4)}`;
}

export function toUser(record: UserRecord): User {
  return {
    id: record.id,
    nickname: record.nickname,
    ...(record.avatarUrl ? { avatarUrl: record.avatarUrl } : {}),
    roles: record.roles,
    ...(record.home ? { home: record.home } : {}),
    createdAt: record.createdAt,
  };
}

/** Finds the user behind an openid, creating a plain resident on first sight. Safe under races. */
export async function upsertUserByOpenid(openid: string, unionid?: string): Promise<UserRecord> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existingId = await findUserIdByOpenid(openid);
    if (existingId) {
      const existing = await getUser(existingId);
      if (existing) return existing;
    }
    const fresh: UserRecord = {
      id: randomUUID(),
      openid,
      ...(unionid ? { unionid } : {}),
      nickname: defaultNickname(openid),
      roles: RESIDENT_ONLY,
      createdAt: nowIso(),
    };
    if (await createUser(fresh)) return fresh;
    // Someone else created the pointer between our read and write: read theirs.
  }
  throw new Error(`could not create or read the user for an openid after 3 attempts`);
}

async function issue(record: UserRecord): Promise<LoginResponse> {
  return { token: await signToken(record.id, await jwtSecret()), user: toUser(record) };
}

/** The real WeChat flow: code → code2Session → openid → our user → our token. */
export async function loginWithWechatCode(code: string): Promise<LoginResponse> {
  const session = await code2Session(await wechatCredentials(), code);
  return issue(await upsertUserByOpenid(session.openid, session.unionid));
}

/** Local-stage shortcut for demos and tests: log in as any openid. */
export async function devLogin(openid: string): Promise<LoginResponse> {
  if (config().stage !== 'local') throw appError('ROUTE_NOT_FOUND');
  return issue(await upsertUserByOpenid(openid));
}

/**
 * Resolves the Authorization header to a principal. With `required`, a missing or bad
 * token is a 401; without, it yields undefined (public routes that personalise).
 */
export async function principalFromAuthHeader(header: string | undefined, required: boolean): Promise<Principal | undefined> {
  const userId = await tokenUserId(header);
  if (userId === undefined) {
    if (required) throw appError('UNAUTHENTICATED');
    return undefined;
  }
  const user = userId ? await getUser(userId) : undefined;
  if (!user) {
    if (required) throw appError('TOKEN_INVALID');
    return undefined;
  }
  return principalOf(user);
}

/** A street admin's principal also carries the communities of their streets (lib/authorize streetAdmin). */
async function principalOf(user: UserRecord): Promise<Principal> {
  const streetIds = user.roles.streetIds ?? [];
  const streetCommunityIds = streetIds.length > 0 ? await communitiesOfStreets(streetIds) : undefined;
  return { userId: user.id, roles: user.roles, user: toUser(user), ...(streetCommunityIds ? { streetCommunityIds } : {}) };
}

/**
 * The two halves of a required login, for routes that read their own data while the user
 * record loads: the user id of a valid token (no I/O; 401 without one), then its principal
 * (401 when the user no longer exists).
 */
export async function userIdFromAuthHeader(header: string | undefined): Promise<string> {
  const userId = await tokenUserId(header);
  if (userId === undefined) throw appError('UNAUTHENTICATED');
  if (!userId) throw appError('TOKEN_INVALID');
  return userId;
}

/** The user id in a Bearer header: undefined without a token, null for an invalid one. */
async function tokenUserId(header: string | undefined): Promise<string | null | undefined> {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return token ? verifyToken(token, await jwtSecret()) : undefined;
}

export async function principalOfUser(userId: string): Promise<Principal> {
  const user = await getUser(userId);
  if (!user) throw appError('TOKEN_INVALID');
  return principalOf(user);
}

export async function me(principal: Principal): Promise<MeResponse> {
  const { roles } = principal;
  const communityIds = [...new Set([...roles.adminCommunityIds, ...(principal.streetCommunityIds ?? [])])];
  const [stations, communities, streets, grids] = await Promise.all([
    namedStations(roles.staffStationIds),
    namedCommunities(communityIds),
    namedScopes('street', roles.streetIds ?? []),
    namedScopes('grid', roles.gridIds ?? []),
  ]);
  return {
    user: principal.user,
    roleNames: roleNames(roles),
    staffStations: stations,
    adminCommunities: communities,
    streets,
    grids,
    root: roles.root === true,
  };
}

/**
 * The home building 我家 kept on a person's profile (`PUT /me/home`), when they set one. Read
 * by field name so this works before and after the profile carries it.
 */
export async function homeBuildingOf(userId: string): Promise<string | undefined> {
  const user = (await getUser(userId)) as (UserRecord & { homeBuildingId?: unknown }) | undefined;
  return typeof user?.homeBuildingId === 'string' ? user.homeBuildingId : undefined;
}
