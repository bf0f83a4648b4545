import type { z } from 'zod';
import {
  NEWEST_BACKERS,
  type Backer,
  type Crowdfund,
  type CrowdfundDetail,
  type CrowdfundListQuery,
  type CrowdfundStatus,
  type CrowdfundInput as CrowdfundInputSchema,
} from '@shared/api/crowdfund';
import type { PageQuery } from '@shared/api/common';
import { authorize, can, type Principal } from '../lib/authorize';
import { decodeCursor, encodeCursor, type Page } from '../lib/dynamo';
import { conflict, ruleBroken } from '../lib/errors';
import { dayjs, nowIso, inChina } from '../lib/time';
import { namedCommunities } from '../org/domain';
import { attachUploads, withPhotoUrls } from '../uploads/domain';
import { load, loadForChange } from './access';
import type { CrowdfundRecord, CrowdfundWithLines, PledgeRecord } from './model';
import { backerView, lineView, newCrowdfundId, newLines } from './rules';
import { assertTransition, PUBLIC_STATUSES, STATUS_LABELS } from './status';
import * as store from './storage';
import { TxRefused } from './storage';
import { crowdfundOutcomeWrites } from '../messages/events';

/** Crowdfunds: reading (detail, backers, lists) and the organiser's and admins' status changes. */

type CrowdfundBody = z.output<typeof CrowdfundInputSchema>;
type ListQuery = z.output<typeof CrowdfundListQuery>;

export function crowdfundView({ crowdfund: c, lines }: CrowdfundWithLines): Crowdfund {
  return {
    id: c.id,
    communityId: c.communityId,
    estates: c.estates,
    buildingIds: c.buildingIds,
    title: c.title,
    story: c.story,
    photos: c.photos,
    photoKeys: c.photos,
    deadline: c.deadline,
    status: c.status,
    organiser: { id: c.organiserId, name: c.organiserName },
    lines: lines.map(lineView),
    ...(c.reviewNote ? { reviewNote: c.reviewNote } : {}),
    ...(c.finalReport ? { finalReport: c.finalReport } : {}),
    ...(c.cancelReason ? { cancelReason: c.cancelReason } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
    ...(c.reviewedAt ? { reviewedAt: c.reviewedAt } : {}),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    ...(c.completedAt ? { completedAt: c.completedAt } : {}),
  };
}

function backerViewer(principal: Principal | undefined, cf: CrowdfundRecord) {
  return { userId: principal?.userId, admin: !!principal && can(principal, 'crowdfund:viewBackers', { kind: 'community', communityId: cf.communityId }) };
}

/**
 * The crowdfund page. Its cost does not grow with the crowdfund: totals come from the
 * lines' running counters, and the newest backers from one page of the backer index.
 */
async function detail(cw: CrowdfundWithLines, principal?: Principal): Promise<CrowdfundDetail> {
  const backerCount = cw.lines.reduce((n, l) => n + l.pledgeCount, 0);
  const newest: Page<PledgeRecord> = cw.crowdfund.status === 'draft' ? { items: [] } : await store.listBackers(cw.crowdfund.id, { limit: NEWEST_BACKERS });
  const viewer = backerViewer(principal, cw.crowdfund);
  return {
    ...(await withPhotoUrls(crowdfundView(cw))),
    backers: newest.items.map((p) => backerView(p, viewer)),
    backerCount,
    ...(newest.nextCursor ? { backersNextCursor: newest.nextCursor } : {}),
  };
}

export async function getCrowdfundDetail(id: string, principal?: Principal): Promise<CrowdfundDetail> {
  return detail(await load(id, principal), principal);
}

/** 查看全部支持者: a page of the live backers, newest first, each named as they consented. */
export async function listBackers(id: string, page: PageQuery, principal?: Principal): Promise<Page<Backer>> {
  const { crowdfund } = await load(id, principal);
  const res = await store.listBackers(id, page);
  const viewer = backerViewer(principal, crowdfund);
  return { items: res.items.map((p) => backerView(p, viewer)), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/**
 * A page of the admin's communities' crowdfunds, one community after the other: the cursor
 * says which community and where in it (each request reads one or two index pages).
 */
async function acrossCommunities(communityIds: string[], status: CrowdfundStatus | undefined, filter: store.ListFilter, page: PageQuery): Promise<Page<CrowdfundRecord>> {
  const at = decodeCursor(page.cursor);
  let index = at ? Number(at.c) : 0;
  let inner = at && at.k ? String(at.k) : undefined;
  const items: CrowdfundRecord[] = [];
  while (index < communityIds.length && items.length < page.limit) {
    const res = await store.listCommunityCrowdfunds(communityIds[index], status, filter, { limit: page.limit - items.length, cursor: inner });
    items.push(...res.items);
    if (res.nextCursor) inner = res.nextCursor;
    else {
      index++;
      inner = undefined;
    }
  }
  const nextCursor = index < communityIds.length ? encodeCursor({ c: index, ...(inner ? { k: inner } : {}) }) : undefined;
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}

/**
 * One page of crowdfunds, each list one index Query (plus one BatchGetItem for the lines):
 * mine → the organiser index; a community → its index (public statuses unless the caller
 * administers it); a public status city-wide → the status index (open by default); an
 * admin without a community → their communities one after another.
 */
export async function listCrowdfunds(q: ListQuery, principal?: Principal): Promise<Page<Crowdfund>> {
  const page = { limit: q.limit, cursor: q.cursor };
  const filter: store.ListFilter = { ...(q.estate ? { estate: q.estate } : {}) };
  // A street admin administers every community of their streets.
  const admins = [...new Set([...(principal?.roles.adminCommunityIds ?? []), ...(principal?.streetCommunityIds ?? [])])];
  let res: Page<CrowdfundRecord>;
  if (q.mine === 'true') {
    if (!principal) return { items: [] };
    res = await store.listOrganiserCrowdfunds(principal.userId, { ...filter, ...(q.status ? { statuses: [q.status] } : {}) }, page);
  } else if (q.communityId) {
    const publicOnly = !admins.includes(q.communityId);
    if (publicOnly && q.status && !PUBLIC_STATUSES.includes(q.status)) return { items: [] };
    res = await store.listCommunityCrowdfunds(q.communityId, q.status, { ...filter, ...(publicOnly ? { statuses: PUBLIC_STATUSES } : {}) }, page);
  } else if (q.status && PUBLIC_STATUSES.includes(q.status)) {
    res = await store.listStatusCrowdfunds(q.status, filter, page);
  } else if (admins.length > 0) {
    res = await acrossCommunities(admins, q.status, filter, page);
  } else if (q.status) {
    return { items: [] };
  } else {
    res = await store.listStatusCrowdfunds('open', filter, page);
  }
  const lines = await store.linesOf(res.items);
  return {
    items: await Promise.all(res.items.map((crowdfund) => withPhotoUrls(crowdfundView({ crowdfund, lines: lines.get(crowdfund.id) ?? [] })))),
    ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}),
  };
}

// ---------- organiser: create, edit, submit ----------

function normaliseDeadline(deadline: string): string {
  return inChina(deadline).format();
}

async function checkInput(body: CrowdfundBody, now: Date): Promise<string> {
  const deadline = normaliseDeadline(body.deadline);
  if (!dayjs(deadline).isAfter(now)) throw ruleBroken('DEADLINE_IN_PAST', '截止时间须晚于现在', [{ path: 'deadline', message: '截止时间须晚于现在' }]);
  // One read of the chosen community, not the list of all of them.
  if ((await namedCommunities([body.communityId])).length === 0) {
    throw ruleBroken('UNKNOWN_COMMUNITY', '所选社区不存在', [{ path: 'communityId', message: '所选社区不存在' }]);
  }
  return deadline;
}

/** The fields an organiser sets (on create and on every draft edit); `photos` as attached. */
function editableFields(body: CrowdfundBody, deadline: string, photos: string[]) {
  const { communityId, estates, buildingIds, title, story } = body;
  return { communityId, estates, buildingIds, title, story, photos, deadline };
}

const PHOTOS = { field: 'photos', label: '照片' };

export async function createCrowdfund(body: CrowdfundBody, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  authorize(principal, 'crowdfund:create', { kind: 'none' });
  const deadline = await checkInput(body, now);
  const photos = await attachUploads(principal, 'crowdfund', body.photos, PHOTOS);
  const at = nowIso(now);
  const id = newCrowdfundId(now);
  const lines = newLines(id, body.lines);
  const cf: CrowdfundRecord = {
    id,
    ...editableFields(body, deadline, photos),
    status: 'draft',
    organiserId: principal.userId,
    organiserName: principal.user.nickname,
    lineCount: lines.length,
    createdAt: at,
    updatedAt: at,
  };
  await store.createCrowdfund(cf, lines);
  return detail({ crowdfund: cf, lines }, principal);
}

export async function updateCrowdfund(id: string, body: CrowdfundBody, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const { crowdfund: cf } = await loadForChange(id);
  authorize(principal, 'crowdfund:edit', { kind: 'self', userId: cf.organiserId });
  if (cf.status !== 'draft') throw conflict('NOT_DRAFT', `众筹当前为“${STATUS_LABELS[cf.status]}”，只有草稿可以修改`);
  const deadline = await checkInput(body, now);
  // The draft's own photos stay as they are; new ones must be the organiser's uploads.
  const photos = await attachUploads(principal, 'crowdfund', body.photos, PHOTOS, cf.photos);
  const lines = newLines(id, body.lines);
  const next: CrowdfundRecord = {
    ...cf,
    ...editableFields(body, deadline, photos),
    lineCount: lines.length,
    updatedAt: nowIso(now),
  };
  try {
    await store.replaceDraft(next, lines, cf.lineCount);
  } catch (err) {
    if (err instanceof TxRefused) throw conflict('NOT_DRAFT', '众筹已不是草稿，不能修改');
    throw err;
  }
  return detail({ crowdfund: next, lines }, principal);
}

async function move(
  id: string,
  to: CrowdfundStatus,
  principal: Principal,
  patch: (cf: CrowdfundRecord, at: string) => Partial<CrowdfundRecord>,
  check: (cw: CrowdfundWithLines) => void,
  now: Date,
): Promise<CrowdfundWithLines> {
  const cw = await loadForChange(id);
  check(cw);
  const cf = cw.crowdfund;
  assertTransition(cf.status, to);
  const at = nowIso(now);
  const next: CrowdfundRecord = { ...cf, ...patch(cf, at), status: to, updatedAt: at };
  try {
    await store.saveTransition(next, cf.status, cw.lines, to === 'completed' ? crowdfundOutcomeWrites(next, 'completed', at) : []);
  } catch (err) {
    if (err instanceof TxRefused) throw conflict('CONFLICT', '众筹状态已被他人更改，请刷新后重试');
    throw err;
  }
  return { crowdfund: next, lines: cw.lines };
}

const asOrganiser = (principal: Principal) => (cw: CrowdfundWithLines) =>
  authorize(principal, 'crowdfund:edit', { kind: 'self', userId: cw.crowdfund.organiserId });
const asAdmin = (principal: Principal, action: 'crowdfund:review' | 'crowdfund:manage') => (cw: CrowdfundWithLines) =>
  authorize(principal, action, { kind: 'community', communityId: cw.crowdfund.communityId });

export async function submitCrowdfund(id: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(
    id,
    'submitted',
    principal,
    (_cf, at) => ({ submittedAt: at }),
    (cw) => {
      asOrganiser(principal)(cw);
      if (!cw.lines.some((l) => l.required && l.target !== undefined)) {
        throw ruleBroken('NO_REQUIRED_LINE', '请至少设置一个有目标的必需预算项（最低目标）');
      }
      if (!dayjs(cw.crowdfund.deadline).isAfter(now)) throw ruleBroken('DEADLINE_IN_PAST', '截止时间已过，请先修改截止时间');
    },
    now,
  );
  return detail(cw, principal);
}

// ---------- admin: review, start, complete, cancel ----------

export async function approveCrowdfund(id: string, note: string | undefined, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(
    id,
    'open',
    principal,
    (_cf, at) => ({ reviewedAt: at, reviewerId: principal.userId, ...(note ? { reviewNote: note } : {}) }),
    (cw) => {
      asAdmin(principal, 'crowdfund:review')(cw);
      if (!dayjs(cw.crowdfund.deadline).isAfter(now)) throw ruleBroken('DEADLINE_IN_PAST', '截止时间已过，请驳回并让发起人修改后重新提交');
    },
    now,
  );
  return detail(cw, principal);
}

export async function rejectCrowdfund(id: string, note: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(id, 'rejected', principal, (_cf, at) => ({ reviewedAt: at, reviewerId: principal.userId, reviewNote: note }), asAdmin(principal, 'crowdfund:review'), now);
  return detail(cw, principal);
}

export async function startCrowdfund(id: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  return detail(await move(id, 'in_progress', principal, () => ({}), asAdmin(principal, 'crowdfund:manage'), now), principal);
}

export async function completeCrowdfund(id: string, finalReport: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(id, 'completed', principal, (_cf, at) => ({ finalReport, completedAt: at }), asAdmin(principal, 'crowdfund:manage'), now);
  return detail(cw, principal);
}

/**
 * The organiser cancels a draft or a submission; an admin cancels an open or funded
 * crowdfund. Its pledges are not released inside this request (there may be thousands):
 * the status change puts the crowdfund on the closer's release list in the same
 * transaction, and the scheduled closer releases them in bounded batches.
 */
export async function cancelCrowdfund(id: string, reason: string, principal: Principal, now = new Date()): Promise<CrowdfundDetail> {
  const cw = await move(
    id,
    'cancelled',
    principal,
    (cf) => ({ cancelReason: reason, ...(cf.status === 'open' || cf.status === 'funded' ? { releasePending: true } : {}) }),
    (cw) => (['draft', 'submitted'].includes(cw.crowdfund.status) ? asOrganiser(principal)(cw) : asAdmin(principal, 'crowdfund:manage')(cw)),
    now,
  );
  return detail(cw, principal);
}

