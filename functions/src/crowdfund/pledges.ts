import type { z } from 'zod';
import type { FulfilRequest, Pledge, PledgeRequest } from '@shared/api/crowdfund';
import type { PageQuery } from '@shared/api/common';
import { authorize, type Principal } from '../lib/authorize';
import type { Page } from '../lib/dynamo';
import { AppError, conflict, notFound, ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import { load } from './access';
import type { CrowdfundRecord, LedgerEntryRecord, LineRecord, PledgeRecord } from './model';
import { pledgeConfirmedWrites } from '../messages/events';
import { backerName, describeValue, ledgerEntryId, overTarget, pledgeFingerprint, pledgeValue, pledgeView, newPledgeId } from './rules';
import { FULFILLABLE, STATUS_LABELS } from './status';
import * as store from './storage';
import { TxRefused } from './storage';

/** Pledges: making one (idempotent by clientToken), my pledges, withdrawing, fulfilling. */

type PledgeBody = z.output<typeof PledgeRequest>;

async function replay(userId: string, clientToken: string, fingerprint: string): Promise<PledgeRecord | undefined> {
  const token = await store.getPledgeToken(userId, clientToken);
  if (!token) return undefined;
  if (token.fingerprint !== fingerprint) {
    throw conflict('CLIENT_TOKEN_REUSED', '该 clientToken 已用于另一笔认捐，请刷新后重新填写', { pledgeId: token.pledgeId });
  }
  const pledge = await store.getPledge(token.crowdfundId, token.pledgeId);
  if (!pledge) throw new Error(`pledge token points at a missing pledge ${token.pledgeId}`);
  return pledge;
}

/**
 * A crowdfund limited to some buildings 楼栋 takes pledges only from residents whose home
 * 我家 (home/, on the profile the principal carries: no extra read) is one of them; one
 * limited to some estates 小区 (and no buildings) only from residents of those estates
 * (403 otherwise: it is not theirs to fund).
 */
export function mayPledgeFromHome(cf: Pick<CrowdfundRecord, 'communityId' | 'buildingIds' | 'estates'>, principal: Principal): void {
  const home = principal.user.home;
  if (cf.buildingIds.length === 0) {
    if (cf.estates.length === 0) return;
    const names = cf.estates.join('、');
    if (!home) throw new AppError('HOME_REQUIRED', 403, `该众筹仅限 ${names} 的居民认捐，请先在“我的”中设置我家`);
    if (home.communityId !== cf.communityId || !cf.estates.includes(home.estate)) throw new AppError('NOT_IN_ESTATES', 403, `该众筹仅限 ${names} 的居民认捐，你家不在其中`);
    return;
  }
  if (!home) throw ruleBroken('HOME_REQUIRED', '该众筹仅限部分楼栋的居民认捐，请先在“我的”中设置我家');
  if (home.communityId !== cf.communityId || !cf.buildingIds.includes(home.buildingId)) throw ruleBroken('NOT_IN_BUILDINGS', '该众筹仅限部分楼栋的居民认捐，你家所在的楼栋不在其中');
}

/**
 * Makes a pledge, or returns the one this user already made with this client token. The
 * transaction in `insertPledge` is the real guard (open, before the deadline, within the
 * line's target, token unused); the reads before it only give early, clearer answers.
 */
export async function createPledge(crowdfundId: string, body: PledgeBody, principal: Principal, now = new Date()): Promise<{ pledge: Pledge; replayed: boolean }> {
  authorize(principal, 'crowdfund:pledge', { kind: 'none' });
  const fingerprint = pledgeFingerprint(crowdfundId, body);
  const at = nowIso(now);
  // The common case (a new token) costs no read of the token: the transaction checks it.
  // Whenever a pledge is refused, the token is looked up first, so that a retry of a pledge
  // that went through gets that pledge back, even after the line filled up or the deadline passed.
  let cf: CrowdfundRecord;
  let line: LineRecord;
  let value: number;
  try {
    const cw = await load(crowdfundId, principal);
    cf = cw.crowdfund;
    if (cf.status !== 'open') throw conflict('NOT_OPEN', `众筹当前为“${STATUS_LABELS[cf.status]}”，不能认捐`);
    if (cf.deadline <= at) throw conflict('DEADLINE_PASSED', '众筹已截止，不能再认捐');
    mayPledgeFromHome(cf, principal);
    const found = cw.lines.find((l) => l.id === body.lineId);
    if (!found) throw ruleBroken('UNKNOWN_LINE', '该众筹没有这个预算项', [{ path: 'lineId', message: '该众筹没有这个预算项' }]);
    line = found;
    value = pledgeValue(line, body);
    if (line.target !== undefined && line.pledged + value > line.target) throw overTarget(line, line.target - line.pledged, value);
  } catch (err) {
    const earlier = await replay(principal.userId, body.clientToken, fingerprint);
    if (earlier) return { pledge: pledgeView(earlier), replayed: true };
    throw err;
  }

  const pledge: PledgeRecord = {
    id: newPledgeId(now),
    crowdfundId,
    crowdfundTitle: cf.title,
    communityId: cf.communityId,
    lineId: line.id,
    lineKind: line.kind,
    lineTitle: line.title,
    value,
    ...(body.text ? { text: body.text } : {}),
    anonymous: body.anonymous,
    pledgerId: principal.userId,
    pledgerName: principal.user.nickname,
    status: 'pledged',
    clientToken: body.clientToken,
    createdAt: at,
  };
  try {
    await store.insertPledge(pledge, line.target === undefined ? undefined : line.target - value, at, fingerprint);
    return { pledge: pledgeView(pledge), replayed: false };
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    // A concurrent request with the same token won: answer with its pledge.
    const winner = await replay(principal.userId, body.clientToken, fingerprint);
    if (winner) return { pledge: pledgeView(winner), replayed: true };
    if (err.failed(store.PLEDGE_TX.line)) {
      // The line refused: either its copy of the crowdfund's status says closed, or the target is reached.
      const now = err.reasons[store.PLEDGE_TX.line].item as (LineRecord & { crowdfundStatus?: string; deadline?: string }) | undefined;
      if (!now || now.crowdfundStatus !== 'open' || (now.deadline ?? '') <= at) throw conflict('NOT_OPEN', '众筹已截止或已结束，不能认捐');
      throw overTarget(line, line.target! - (now.pledged ?? line.target!), value);
    }
    throw conflict('BUSY', '参与认捐的人较多，请稍后重试');
  }
}

export async function myPledges(principal: Principal, page: PageQuery): Promise<Page<Pledge>> {
  const res = await store.listUserPledges(principal.userId, page);
  return { items: res.items.map(pledgeView), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

async function loadPledge(pledgeId: string): Promise<PledgeRecord> {
  const p = await store.findPledge(pledgeId);
  if (!p) throw notFound('认捐');
  return p;
}

const PLEDGE_STATUS_LABELS = { pledged: '已认捐', fulfilled: '已兑现', withdrawn: '已撤回', released: '已释放' } as const;

export async function withdrawPledge(pledgeId: string, principal: Principal, now = new Date()): Promise<Pledge> {
  const p = await loadPledge(pledgeId);
  authorize(principal, 'pledge:withdraw', { kind: 'self', userId: p.pledgerId });
  if (p.status !== 'pledged') throw conflict('PLEDGE_NOT_WITHDRAWABLE', `该认捐${PLEDGE_STATUS_LABELS[p.status]}，不能撤回`);
  const at = nowIso(now);
  const updated: PledgeRecord = { ...p, status: 'withdrawn', withdrawnAt: at };
  try {
    await store.withdrawPledge(p, updated, at);
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(store.WITHDRAW_TX.line)) throw conflict('DEADLINE_PASSED', '众筹已截止或已结束，不能撤回');
    throw conflict('PLEDGE_NOT_WITHDRAWABLE', '该认捐状态已变化，请刷新后重试');
  }
  return pledgeView(updated);
}

export async function fulfilPledge(pledgeId: string, body: z.output<typeof FulfilRequest>, principal: Principal, now = new Date()): Promise<Pledge> {
  const p = await loadPledge(pledgeId);
  const cw = await store.getCrowdfund(p.crowdfundId);
  if (!cw) throw notFound('众筹');
  authorize(principal, 'crowdfund:fulfil', { kind: 'community', communityId: cw.crowdfund.communityId });
  if (p.status !== 'pledged') throw conflict('PLEDGE_NOT_FULFILLABLE', `该认捐${PLEDGE_STATUS_LABELS[p.status]}，不能确认兑现`);
  if (!FULFILLABLE.includes(cw.crowdfund.status)) {
    throw conflict('NOT_FULFILLABLE', `众筹当前为“${STATUS_LABELS[cw.crowdfund.status]}”，不能确认兑现`);
  }
  const at = nowIso(now);
  const money = p.lineKind === 'money';
  const payment = money ? { method: body.method, ...(body.reference ? { reference: body.reference } : {}) } : undefined;
  const income: LedgerEntryRecord | undefined = money
    ? {
        id: ledgerEntryId(now),
        crowdfundId: p.crowdfundId,
        kind: 'income',
        amount: p.value,
        createdAt: at,
        recordedById: principal.userId,
        recordedBy: principal.user.nickname,
        pledgeId: p.id,
        backerName: backerName(p),
        payment,
      }
    : undefined;
  const updated: PledgeRecord = {
    ...p,
    status: 'fulfilled',
    fulfilledAt: at,
    fulfilledBy: principal.userId,
    ...(payment ? { payment } : {}),
    ...(income ? { incomeEntryId: income.id } : {}),
  };
  try {
    const line = cw.lines.find((l) => l.id === p.lineId);
    await store.fulfilPledge(p, updated, FULFILLABLE, income, pledgeConfirmedWrites(p, describeValue({ kind: p.lineKind, unit: line?.unit ?? '' }, p.value), now));
  } catch (err) {
    if (!(err instanceof TxRefused)) throw err;
    if (err.failed(store.FULFIL_TX.line)) throw conflict('NOT_FULFILLABLE', '众筹状态已变化，不能确认兑现');
    throw conflict('PLEDGE_NOT_FULFILLABLE', '该认捐状态已变化，请刷新后重试');
  }
  return pledgeView(updated);
}

