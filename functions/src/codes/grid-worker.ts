/**
 * 联系TA on the grid worker 网格员 of a building page: the full number, under the same rules
 * as a member's (members/domain revealPhone): logged in, counted against the viewer's one
 * daily allowance (429 after it), and recorded (who, which grid, when) before it leaves.
 * The caller must hold the building's current code, as for the page itself.
 */
import type { GridWorkerRevealResponse } from '@shared/api/codes';
import { authorize, type Principal } from '../lib/authorize';
import { AppError, notFound } from '../lib/errors';
import { keys } from '../lib/keys';
import { chinaDate, nowIso } from '../lib/time';
import { REVEALS_PER_DAY } from '../members/domain';
import { countReveal } from '../members/storage';
import { openBuilding } from './domain';
import { getMetas, recordGridWorkerReveal } from './storage';

export async function revealGridWorker(principal: Principal, buildingId: string, token: string, now = new Date()): Promise<GridWorkerRevealResponse> {
  authorize(principal, 'phone:reveal', { kind: 'none' });
  const part = await openBuilding(buildingId, token);
  const gridId = part.meta.gridId;
  const grid = (await getMetas([keys.grid(gridId)])).get(keys.grid(gridId).pk);
  const phone = grid && typeof grid.workerPhone === 'string' ? grid.workerPhone : '';
  if (!grid || !phone) throw notFound('网格员电话');
  const ttl = Math.floor(now.getTime() / 1000) + 2 * 24 * 3600;
  const count = await countReveal(principal.userId, chinaDate(now), REVEALS_PER_DAY, ttl);
  if (count === undefined) throw new AppError('REVEAL_LIMIT', 429, `每天最多查看 ${REVEALS_PER_DAY} 个电话号码，请明天再试`);
  await recordGridWorkerReveal({ viewerId: principal.userId, gridId, buildingId, at: nowIso(now) });
  return { name: String(grid.workerName), phone, remainingToday: REVEALS_PER_DAY - count };
}
