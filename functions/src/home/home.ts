import type { Home, HomeResponse } from '@shared/api/home';
import { authorize, type Principal } from '../lib/authorize';
import { appError, conflict } from '../lib/errors';
import { failedItems } from '../lib/dynamo';
import { nowIso } from '../lib/time';
import { getBuildingAndCommunity, removeHome, saveHome } from './storage';

/**
 * 我家: the building a resident lives in, kept on their profile. Set by 设为我家 on a scanned
 * building page, by picking from the community list, or by a report-in (only when none yet).
 */

const buildingField = (message: string) => [{ path: 'buildingId', message }];

/** The home a building makes, or a 404 naming the field when it is unknown or out of service. */
async function homeOf(buildingId: string): Promise<Home> {
  const { building, community } = await getBuildingAndCommunity(buildingId);
  if (!building || !community) throw appError('NOT_FOUND', '未找到该楼栋', buildingField('楼栋不存在'));
  if (building.deactivatedAt || community.deactivatedAt) throw appError('NOT_FOUND', '该楼栋已停用，请选择其他楼栋', buildingField('楼栋已停用'));
  return { buildingId: building.id, buildingName: building.name, estate: building.estate, communityId: community.id, communityName: community.name, setAt: nowIso() };
}

export function myHome(principal: Principal): HomeResponse {
  authorize(principal, 'home:set', { kind: 'self', userId: principal.userId });
  return { home: principal.user.home ?? null };
}

export async function setMyHome(principal: Principal, buildingId: string): Promise<HomeResponse> {
  authorize(principal, 'home:set', { kind: 'self', userId: principal.userId });
  const home = await homeOf(buildingId);
  const outcome = await saveHome(principal.userId, home);
  if (!outcome.ok) {
    const failed = failedItems(outcome.reasons);
    if (failed.includes(1) || failed.includes(2)) throw appError('NOT_FOUND', '该楼栋已停用，请选择其他楼栋', buildingField('楼栋已停用'));
    throw conflict('CONFLICT', '设置我家未成功，请重试');
  }
  return { home };
}

export async function clearMyHome(principal: Principal): Promise<HomeResponse> {
  authorize(principal, 'home:set', { kind: 'self', userId: principal.userId });
  await removeHome(principal.userId);
  return { home: null };
}

/**
 * After a report-in 报到 (submitted or confirmed): the reported building becomes the
 * member's home unless they chose one already. Best effort: a building that went out of
 * service meanwhile leaves the home unset, and the report-in stands either way.
 */
export async function homeFromReportIn(userId: string, buildingId: string): Promise<void> {
  const home = await homeOf(buildingId).catch(() => undefined);
  if (home) await saveHome(userId, home, { onlyIfNone: true });
}
