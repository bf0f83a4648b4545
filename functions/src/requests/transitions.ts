import { REQUEST_STATUS_LABELS, SATISFACTION_LABELS, type AssigneeKind, type RequestView, type Satisfaction } from '@shared/api/requests';
import type { Principal } from '../lib/authorize';
import type { TxItem } from '../lib/dynamo';
import { conflict, forbidden, ruleBroken } from '../lib/errors';
import { nowIsoMs } from '../lib/time';
import { requestChangeWrites } from '../messages/events';
import { attachUploads } from '../uploads/domain';
import { actorsOf, load } from './access';
import { resolveDueAt } from './categories';
import { minutesBetween } from './due';
import type { RequestRecord, StatsRecord } from './model';
import { event, viewFor } from './requests';
import { type Actor, type RequestAction, RESOLVE_BUCKETS, RESPOND_BUCKETS, bucketOf, isTerminal, mayAct, mayRate, nextStatus, withinConfirmWindow } from './rules';
import * as store from './storage';

/**
 * Every status change of a request: one transaction that replaces the request only if its
 * status and version are still as read, appends the timeline entry, ADDs the community's
 * counters and writes the inbox messages of the reporter, followers and assignee.
 */

export type ChangeInput =
  | { action: 'accept' }
  | { action: 'reject'; reason: string }
  | { action: 'refer'; body: string; reason?: string }
  | { action: 'dispatch'; kind: AssigneeKind; id?: string; note?: string }
  | { action: 'return'; reason: string }
  | { action: 'start' }
  | { action: 'resolve'; note: string; photos: string[] }
  | { action: 'confirm' }
  | { action: 'reopen'; comment: string }
  | { action: 'duplicate'; originalId: string }
  | { action: 'notOurs'; reason: string }
  | { action: 'unable'; reason: string };

const ACTION_LABELS: Record<RequestAction, string> = {
  accept: '受理',
  reject: '不予受理',
  refer: '转办',
  dispatch: '派单',
  return: '退回',
  start: '开始处理',
  resolve: '办结',
  confirm: '确认已解决',
  reopen: '提出未解决',
  autoClose: '自动关闭',
  duplicate: '标为重复',
  notOurs: '标为非本社区职责',
  unable: '标为无法解决',
};

const ASSIGNEE_ROLE: Record<AssigneeKind, string> = { grid_worker: '网格员', station: '驿站', member: '认岗党员' };

function actorLabel(actors: readonly Actor[], action: RequestAction, r: RequestRecord): string {
  if (action === 'autoClose') return '系统';
  if (action === 'confirm' || action === 'reopen') return '反映人';
  if ((action === 'return' || action === 'start' || action === 'resolve') && actors.includes('assignee') && r.assignee) return ASSIGNEE_ROLE[r.assignee.kind];
  return '社区工作人员';
}

/** The counters a first response adds: responded, on time or late, and the time-to-respond bucket. */
function responseStats(r: RequestRecord, now: Date): StatsRecord {
  if (r.respondedAt) return {};
  const late = now.getTime() > new Date(r.respondDueAt).getTime();
  return { responded: 1, [late ? 'respondedLate' : 'respondedOnTime']: 1, [`r${bucketOf(minutesBetween(r.createdAt, now), RESPOND_BUCKETS)}`]: 1 };
}

async function resolveDueFrom(r: RequestRecord, now: Date): Promise<string> {
  return (await resolveDueAt(r.streetId, r.category, now)).toISOString();
}

interface Planned {
  after: RequestRecord;
  text: string;
  comment?: string;
  photos?: string[];
  internal?: boolean;
  stats: StatsRecord;
  /** What the reporter and followers read (none: they are not told). */
  tell?: string;
  extra?: TxItem[];
  assignedTo?: { kind: AssigneeKind; id: string };
}

async function plan(r: RequestRecord, input: ChangeInput, to: RequestRecord['status'], p: Principal, now: Date): Promise<Planned> {
  const at = nowIsoMs(now);
  const base: RequestRecord = { ...r, status: to, version: r.version + 1 };
  switch (input.action) {
    case 'accept':
      return { after: { ...base, respondedAt: at, resolveDueAt: await resolveDueFrom(r, now) }, text: '社区已受理', stats: responseStats(r, now), tell: '社区已受理您的诉求，将尽快派单处理' };
    case 'reject':
      return { after: { ...base, respondedAt: at, outcome: input.reason }, text: '社区不予受理', comment: input.reason, stats: { ...responseStats(r, now), rejected: 1 }, tell: `社区未受理您的诉求，原因：${input.reason}` };
    case 'refer':
      return {
        after: { ...base, respondedAt: at, outcome: input.body },
        text: `已转交${input.body}办理`,
        comment: input.reason,
        stats: { ...responseStats(r, now), referred: 1 },
        tell: `您的诉求已转交${input.body}办理${input.reason ? `，说明：${input.reason}` : ''}`,
      };
    case 'dispatch': {
      const assignee = await resolveAssignee(r, input.kind, input.id);
      return {
        after: { ...base, assignee },
        text: `已派单给${ASSIGNEE_ROLE[assignee.kind]}${assignee.kind === 'station' ? `「${assignee.name}」` : ''}`,
        comment: input.note,
        stats: { dispatched: 1 },
        tell: `您的诉求已派给${ASSIGNEE_ROLE[assignee.kind]}处理`,
        assignedTo: { kind: assignee.kind, id: assignee.id },
      };
    }
    case 'return':
      // Back to the community for another dispatch; the reason is for staff (internal).
      return { after: { ...base, assignee: undefined }, text: `${r.assignee ? ASSIGNEE_ROLE[r.assignee.kind] : '承办人'}退回了派单`, comment: input.reason, internal: true, stats: { returned: 1 } };
    case 'start':
      return { after: base, text: '承办人已开始处理', stats: {}, tell: '承办人已开始处理您的诉求' };
    case 'resolve': {
      const photos = await attachUploads(p, 'request', input.photos, { field: 'photos', label: '办理后照片' }, [], now);
      const first = !r.firstResolvedAt;
      const late = !!r.resolveDueAt && now.getTime() > new Date(r.resolveDueAt).getTime();
      return {
        after: { ...base, resolution: { note: input.note, photos, at }, resolvedAt: at, firstResolvedAt: r.firstResolvedAt ?? at },
        text: '已办结，等待反映人确认',
        comment: input.note,
        photos,
        stats: first ? { resolvedFirst: 1, [late ? 'resolvedLate' : 'resolvedOnTime']: 1, [`s${bucketOf(minutesBetween(r.createdAt, now), RESOLVE_BUCKETS)}`]: 1 } : late ? { resolvedLate: 1 } : {},
        tell: `您的诉求已办结：${input.note}。请在 7 天内确认是否解决`,
      };
    }
    case 'confirm':
      return { after: { ...base, closedHow: 'confirmed' }, text: '反映人确认已解决', stats: { confirmed: 1, finished: 1 }, tell: '反映人已确认问题解决' };
    case 'reopen':
      if (!r.resolvedAt || !withinConfirmWindow(r.resolvedAt, now)) throw ruleBroken('REOPEN_WINDOW_CLOSED', '办结已超过 7 天，不能再提出未解决，请重新反映');
      return {
        after: { ...base, reopenCount: r.reopenCount + 1, resolvedAt: undefined, resolution: undefined, resolveDueAt: await resolveDueFrom(r, now) },
        text: '反映人认为问题未解决，重新办理',
        comment: input.comment,
        stats: { reopened: 1 },
        tell: `反映人认为问题未解决：${input.comment}`,
      };
    case 'duplicate': {
      if (input.originalId === r.id) throw ruleBroken('DUPLICATE_OF_ITSELF', '不能关联到诉求本身', [{ path: 'originalId', message: '不能关联到诉求本身' }]);
      const original = await store.getRequest(input.originalId);
      if (!original || original.communityId !== r.communityId || isTerminal(original.status)) {
        throw ruleBroken('ORIGINAL_UNKNOWN', '原诉求不存在、不在本社区或已结束', [{ path: 'originalId', message: '原诉求不存在、不在本社区或已结束' }]);
      }
      // The reporter of the duplicate follows the original from now on (and is told of its progress).
      const follows = original.reporterId !== r.reporterId && !(await store.isFollowing(original.id, r.reporterId));
      const extra: TxItem[] = follows
        ? [
            store.requestReplace(original, { ...original, followers: original.followers + 1, version: original.version + 1 }),
            store.followPut(original.id, r.reporterId, at),
            store.eventPut(original.id, event(now, { action: 'follow', status: original.status, text: '一条相同的诉求已合并到此', by: '社区工作人员', internal: false })),
          ]
        : [];
      return {
        after: { ...base, duplicateOf: original.id, respondedAt: r.respondedAt ?? at },
        text: '与已有诉求相同，已合并办理',
        stats: { ...responseStats(r, now), duplicate: 1 },
        tell: '您的诉求与已有诉求相同，已合并办理，后续进展将通知您',
        extra,
      };
    }
    case 'notOurs':
      return { after: { ...base, outcome: input.reason, respondedAt: r.respondedAt ?? at }, text: '经核实不属于社区职责', comment: input.reason, stats: { ...responseStats(r, now), notOurs: 1 }, tell: `经核实不属于社区职责：${input.reason}` };
    case 'unable':
      return { after: { ...base, outcome: input.reason }, text: '暂时无法解决', comment: input.reason, stats: { unable: 1, finished: 1 }, tell: `您的诉求暂时无法解决：${input.reason}` };
  }
}

/** Who a dispatch goes to: the grid worker of the building's grid, a station of the community, or a member holding the category's post. */
async function resolveAssignee(r: RequestRecord, kind: AssigneeKind, id?: string): Promise<NonNullable<RequestRecord['assignee']>> {
  if (kind === 'grid_worker') {
    const grid = r.gridId ? await store.getGrid(r.gridId) : undefined;
    if (!grid?.workerUserId) throw ruleBroken('NO_GRID_WORKER', '该楼栋所在网格还没有任命网格员，请派给驿站或认岗党员', [{ path: 'kind', message: '没有网格员' }]);
    return { kind, id: grid.workerUserId, name: `网格员 ${grid.workerName}` };
  }
  if (kind === 'station') {
    const station = await store.getStation(id!);
    if (!station || station.communityId !== r.communityId || station.deactivatedAt) throw ruleBroken('STATION_UNKNOWN', '驿站不在本社区', [{ path: 'id', message: '驿站不在本社区' }]);
    return { kind, id: station.id, name: station.name };
  }
  const postIndex = r.category.postIndex;
  const holder = postIndex === undefined ? undefined : await store.postHolder(r.communityId, postIndex, id!);
  if (!holder) throw ruleBroken('NOT_POST_HOLDER', '该党员未认领与此类别对应的岗位', [{ path: 'id', message: '未认领对应岗位' }]);
  return { kind, id: id!, name: holder.name };
}

/**
 * Builds and commits one change. `actors` are who the caller is to the request (the job
 * passes ['job']). Answers 403 when the caller may not take the action, 409 when the
 * request is no longer in a status the action applies to, or was changed since `version`.
 */
export async function applyChange(r: RequestRecord, input: ChangeInput | { action: 'autoClose' }, actors: Actor[], p: Principal | undefined, now: Date, version?: number): Promise<RequestRecord> {
  const action = input.action;
  if (!mayAct(action, actors)) throw forbidden();
  if (version !== undefined && version !== r.version) throw conflict('STATUS_CHANGED', '诉求已被他人处理，请刷新后重试');
  const to = nextStatus(r.status, action);
  if (!to) throw conflict('STATUS_CHANGED', `诉求当前为「${REQUEST_STATUS_LABELS[r.status]}」，不能${ACTION_LABELS[action]}`);
  const planned: Planned =
    input.action === 'autoClose'
      ? { after: { ...r, status: to, version: r.version + 1, closedHow: 'auto' }, text: '确认期已过，系统自动关闭', stats: { autoClosed: 1, finished: 1 }, tell: '办结 7 天内未确认，诉求已自动关闭' }
      : await plan(r, input, to, p!, now);
  const byUserId = p?.userId ?? '-';
  const e = event(now, {
    action,
    status: to,
    text: planned.text,
    by: actorLabel(actors, action, r),
    ...(planned.comment ? { comment: planned.comment } : {}),
    ...(planned.photos?.length ? { photos: planned.photos } : {}),
    internal: planned.internal ?? false,
  });
  // Every follower hears of it (the rest of them from a fan-out); the reporter acting (confirm, reopen) tells the assignee instead.
  const reporterActs = action === 'confirm' || action === 'reopen';
  const messages = await requestChangeWrites(
    { id: r.id, version: planned.after.version, categoryName: r.category.name, placeName: r.placeName, reporterId: r.reporterId },
    {
      ...(planned.tell && (!reporterActs || r.assignee) ? { tell: planned.tell } : {}),
      ...(reporterActs && r.assignee ? { toAssignee: r.assignee } : {}),
      ...(planned.assignedTo ? { assignedTo: planned.assignedTo } : {}),
    },
    byUserId,
    now,
  );
  await store.commit([store.requestReplace(r, planned.after), store.eventPut(r.id, e), ...store.statsAdd(r.communityId, planned.stats), ...(planned.extra ?? []), ...messages]);
  return planned.after;
}

/** An HTTP change: load, find who the caller is, apply, answer with the caller's view. */
export async function change(id: string, input: ChangeInput, p: Principal, version?: number, now = new Date()): Promise<RequestView> {
  const r = await load(id);
  const actors = await actorsOf(p, r);
  const after = await applyChange(r, input, actors, p, now, version);
  return viewFor(after, p);
}

/** Satisfaction 满意度: once, by the reporter, apart from the status (closed is never counted as solved). */
export async function rate(id: string, value: Satisfaction, comment: string | undefined, p: Principal, now = new Date()): Promise<RequestView> {
  const r = await load(id);
  const actors = await actorsOf(p, r);
  if (!actors.includes('reporter')) throw forbidden();
  if (r.satisfaction) throw conflict('ALREADY_RATED', '您已评价过该诉求');
  if (!mayRate(r.status)) throw conflict('STATUS_CHANGED', `诉求当前为「${REQUEST_STATUS_LABELS[r.status]}」，办结后才能评价`);
  const after: RequestRecord = { ...r, satisfaction: { value, ...(comment ? { comment } : {}), at: nowIsoMs(now) }, version: r.version + 1 };
  const e = event(now, { action: 'rate', status: r.status, text: `反映人评价：${SATISFACTION_LABELS[value]}`, by: '反映人', ...(comment ? { comment } : {}), internal: false });
  await store.commit([store.requestReplace(r, after), store.eventPut(id, e), ...store.statsAdd(r.communityId, { rated: 1, [`sat_${value}`]: 1 })]);
  return viewFor(after, p);
}

/** An internal note 内部备注: staff and the assignee only, never shown to the reporter. */
export async function addNote(id: string, note: string, p: Principal, now = new Date()): Promise<RequestView> {
  const r = await load(id);
  const actors = await actorsOf(p, r);
  if (!actors.includes('staff') && !actors.includes('assignee')) throw forbidden();
  const after: RequestRecord = { ...r, version: r.version + 1 };
  const e = event(now, { action: 'note', status: r.status, text: '内部备注', by: actors.includes('staff') ? '社区工作人员' : '承办人', comment: note, internal: true });
  await store.commit([store.requestReplace(r, after), store.eventPut(id, e)]);
  return viewFor(after, p);
}
