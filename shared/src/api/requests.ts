import * as z from 'zod';
import type { RouteDef } from './route-def';
import { DateString, Id, PageQuery, Text, pageOf } from './common';
import { PhotoRef } from './uploads';

/**
 * Residents' requests 诉求 (接诉即办): a resident reports a problem, staff accept, dispatch,
 * resolve; the reporter confirms or reopens and rates. Categories and the working-day
 * calendar belong to the street; due times are counted on that calendar (Asia/Shanghai).
 */

export const REQUEST_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'referred',
  'duplicate',
  'not_ours',
  'unable_to_fix',
] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES).meta({ id: 'RequestStatus' });
export type RequestStatus = z.infer<typeof RequestStatus>;

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  dispatched: '已派单',
  in_progress: '处理中',
  resolved: '已办结待确认',
  closed: '已关闭',
  rejected: '不予受理',
  referred: '已转办',
  duplicate: '重复诉求',
  not_ours: '非本社区职责',
  unable_to_fix: '无法解决',
};

/** Satisfaction 满意度, recorded apart from the status. */
export const Satisfaction = z.enum(['satisfied', 'basic', 'unsatisfied'], { error: '请选择满意、基本满意或不满意' }).meta({ id: 'RequestSatisfaction' });
export type Satisfaction = z.infer<typeof Satisfaction>;
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** Days the reporter has after a resolution to confirm or reopen; then the request closes by itself. */
export const CONFIRM_WINDOW_DAYS = 7;
export const MAX_REQUEST_PHOTOS = 6;
export const MAX_CATEGORIES = 30;

// ---- categories and the working-day calendar (street admin) ----

export const RequestCategory = z
  .object({
    id: Id,
    name: Text({ max: 12, label: '类别名称' }),
    /** Respond 响应 (accept, reject or refer) within this many hours. */
    respondHours: z.number({ error: '请填写响应时限（小时）' }).int('响应时限须为整数小时').min(1, '响应时限至少 1 小时').max(168, '响应时限不超过 168 小时'),
    /** Resolve 办结 within this many working days of acceptance. */
    resolveDays: z.number({ error: '请填写办结时限（工作日）' }).int('办结时限须为整数个工作日').min(1, '办结时限至少 1 个工作日').max(30, '办结时限不超过 30 个工作日'),
    /** Index into POSTS (八大员) of the post whose holders may be dispatched requests of this category. */
    postIndex: z.number().int().min(0).max(7).optional(),
  })
  .meta({ id: 'RequestCategory' });
export type RequestCategory = z.infer<typeof RequestCategory>;

export const RequestCategoriesResponse = z
  .object({ streetId: z.string(), categories: z.array(RequestCategory), version: z.number().int(), isDefault: z.boolean() })
  .meta({ id: 'RequestCategoriesResponse' });
export type RequestCategoriesResponse = z.infer<typeof RequestCategoriesResponse>;

export const SaveRequestCategories = z
  .strictObject({
    categories: z
      .array(RequestCategory)
      .min(1, '至少保留一个类别')
      .max(MAX_CATEGORIES, `类别不超过 ${MAX_CATEGORIES} 个`)
      .superRefine((list, ctx) => {
        const ids = new Set<string>();
        const names = new Set<string>();
        list.forEach((c, i) => {
          if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: '类别编号重复' });
          if (names.has(c.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: '类别名称重复' });
          ids.add(c.id);
          names.add(c.name);
        });
      }),
    /** The version read (0 while the defaults are shown): a concurrent edit answers 409. */
    version: z.number({ error: '请提供读取时的版本号' }).int().min(0),
  })
  .meta({ id: 'SaveRequestCategories' });

export const CategoriesQuery = z.object({ streetId: Id.optional(), communityId: Id.optional() }).refine((q) => !!q.streetId || !!q.communityId, {
  message: '请提供街道或社区',
  path: ['communityId'],
});

export const WorkCalendar = z
  .object({
    streetId: z.string(),
    year: z.number().int(),
    /** Statutory holidays 法定节假日 falling on weekdays (days off). */
    holidays: z.array(z.string()),
    /** Make-up working days 调休上班 falling on weekends. */
    makeupDays: z.array(z.string()),
    version: z.number().int(),
  })
  .meta({ id: 'WorkCalendar' });
export type WorkCalendar = z.infer<typeof WorkCalendar>;

const DayList = (label: string) => z.array(DateString).max(60, `${label}不超过 60 天`);
export const SaveWorkCalendar = z
  .strictObject({ holidays: DayList('节假日'), makeupDays: DayList('调休上班日'), version: z.number({ error: '请提供读取时的版本号' }).int().min(0) })
  .meta({ id: 'SaveWorkCalendar' });

// ---- the request ----

export const RequestInput = z
  .strictObject({
    communityId: Id,
    categoryId: Id,
    text: Text({ max: 500, min: 5, label: '问题描述', multiLine: true }),
    photos: z.array(PhotoRef).max(MAX_REQUEST_PHOTOS, `照片最多 ${MAX_REQUEST_PHOTOS} 张`).default([]),
    /** The building (prefilled from a building code page); or `location` when it is not about one. */
    buildingId: Id.optional(),
    location: Text({ max: 100, label: '位置' }).optional(),
    /** May be shown to other residents, anonymised (no name, no phone). */
    public: z.boolean().default(false),
    /** A number staff may call back on; seen by staff and the reporter only. */
    contactPhone: z.string().regex(/^1\d{10}$/, '手机号格式不对').optional(),
  })
  .refine((r) => !!r.buildingId || !!r.location, { message: '请选择楼栋或填写位置', path: ['location'] })
  .meta({ id: 'RequestInput' });
export type RequestInput = z.infer<typeof RequestInput>;

export const AssigneeKind = z.enum(['grid_worker', 'station', 'member']).meta({ id: 'RequestAssigneeKind' });
export type AssigneeKind = z.infer<typeof AssigneeKind>;

export const RequestAssignee = z
  .object({ kind: AssigneeKind, id: z.string(), name: z.string() })
  .meta({ id: 'RequestAssignee' });

export const TimelineEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    /** The status after the entry (the same as before for notes, follows and ratings). */
    status: RequestStatus,
    /** What a person reads: 社区已受理, 已派单给网格员… */
    text: z.string(),
    /** Who acted, as a role (居民, 工作人员, 网格员…): never a resident's name. */
    by: z.string(),
    comment: z.string().optional(),
    photos: z.array(z.string()).optional(),
    /** Staff-only note 内部备注 (never sent to the reporter). */
    internal: z.boolean(),
  })
  .meta({ id: 'RequestTimelineEntry' });
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** What every viewer may see: no reporter name, no phone. */
export const RequestSummary = z
  .object({
    id: z.string(),
    communityId: z.string(),
    categoryId: z.string(),
    categoryName: z.string(),
    /** Only when the reporter allowed it to be public (or for those who may see it all). */
    text: z.string().optional(),
    buildingId: z.string().optional(),
    placeName: z.string(),
    status: RequestStatus,
    statusLabel: z.string(),
    createdAt: z.string(),
    followers: z.number().int(),
    public: z.boolean(),
  })
  .meta({ id: 'RequestSummary' });
export type RequestSummary = z.infer<typeof RequestSummary>;

export const RequestView = RequestSummary.extend({
  photos: z.array(z.string()),
  respondDueAt: z.string(),
  resolveDueAt: z.string().optional(),
  /** The due time that matters now (respond while submitted, resolve afterwards); absent when nothing is due. */
  dueAt: z.string().optional(),
  overdue: z.boolean(),
  assignee: RequestAssignee.optional(),
  resolution: z.object({ note: z.string(), photos: z.array(z.string()), at: z.string() }).optional(),
  resolvedAt: z.string().optional(),
  /** Until when the reporter may confirm or reopen. */
  confirmBy: z.string().optional(),
  reopenCount: z.number().int(),
  satisfaction: z.object({ value: Satisfaction, comment: z.string().optional(), at: z.string() }).optional(),
  duplicateOf: z.string().optional(),
  outcome: z.string().optional(),
  version: z.number().int(),
  /** Staff, the reporter, the assignee: the reporter's contact (never on public answers). */
  reporterName: z.string().optional(),
  contactPhone: z.string().optional(),
  /** What the caller may do now. */
  mine: z.boolean(),
  following: z.boolean(),
  canHandle: z.boolean(),
  isAssignee: z.boolean(),
}).meta({ id: 'RequestView' });
export type RequestView = z.infer<typeof RequestView>;

export const RequestListResponse = pageOf(RequestView, 'RequestListResponse');
export const RequestSummaryList = z.object({ items: z.array(RequestSummary) }).meta({ id: 'RequestSummaryList' });
export const TimelineResponse = pageOf(TimelineEntry, 'RequestTimelineResponse');

export const SimilarQuery = z.object({ communityId: Id, buildingId: Id, categoryId: Id });
export const QueueQuery = PageQuery.extend({ overdueOnly: z.enum(['true', 'false']).optional() });

const Version = z.number({ error: '请提供读取时的版本号' }).int().min(1).optional();
const Reason = (label: string) => Text({ max: 200, label, multiLine: true });

export const ReasonBody = z.strictObject({ reason: Reason('原因'), version: Version }).meta({ id: 'RequestReasonBody' });
export const ReferBody = z.strictObject({ body: Text({ max: 60, label: '转办单位' }), reason: Reason('说明').optional(), version: Version }).meta({ id: 'RequestReferBody' });
export const VersionBody = z.strictObject({ version: Version }).meta({ id: 'RequestVersionBody' });
export const DispatchBody = z
  .strictObject({
    kind: AssigneeKind,
    /** station: the station id; member: the member's user id; grid_worker: none (the building's grid worker). */
    id: Id.optional(),
    note: Text({ max: 200, label: '派单说明', multiLine: true }).optional(),
    version: Version,
  })
  .refine((b) => b.kind === 'grid_worker' || !!b.id, { message: '请选择派给谁', path: ['id'] })
  .meta({ id: 'RequestDispatchBody' });
export const ResolveBody = z
  .strictObject({
    note: Text({ max: 500, label: '办理结果', multiLine: true }),
    photos: z.array(PhotoRef).max(MAX_REQUEST_PHOTOS, `照片最多 ${MAX_REQUEST_PHOTOS} 张`).default([]),
    version: Version,
  })
  .meta({ id: 'RequestResolveBody' });
export const ReopenBody = z.strictObject({ comment: Reason('未解决的原因'), version: Version }).meta({ id: 'RequestReopenBody' });
export const RateBody = z.strictObject({ value: Satisfaction, comment: Text({ max: 200, label: '评价', multiLine: true }).optional() }).meta({ id: 'RequestRateBody' });
export const DuplicateBody = z.strictObject({ originalId: Id, version: Version }).meta({ id: 'RequestDuplicateBody' });
export const NoteBody = z.strictObject({ note: Text({ max: 500, label: '备注', multiLine: true }) }).meta({ id: 'RequestNoteBody' });

/** One figure of 三率 and the time figures, with the sentence that defines it. */
export const Figure = z.object({ label: z.string(), value: z.number().nullable(), display: z.string(), definition: z.string() }).meta({ id: 'RequestFigure' });
export const RequestFigures = z
  .object({ communityId: z.string(), figures: z.array(Figure), counts: z.record(z.string(), z.number()) })
  .meta({ id: 'RequestFigures' });
export type RequestFigures = z.infer<typeof RequestFigures>;

const year = '/streets/{streetId}/work-calendar/{year}';
export const requestRoutes = {
  getRequestCategories: { method: 'get', path: '/request-categories', summary: '诉求类别及时限（按街道或社区）', auth: 'user', query: CategoriesQuery, response: RequestCategoriesResponse },
  saveRequestCategories: { method: 'put', path: '/streets/{streetId}/request-categories', summary: '保存诉求类别（街道管理员）', auth: 'user', body: SaveRequestCategories, response: RequestCategoriesResponse },
  getWorkCalendar: { method: 'get', path: year, summary: '工作日日历（节假日、调休上班日）', auth: 'user', response: WorkCalendar },
  saveWorkCalendar: { method: 'put', path: year, summary: '保存工作日日历（街道管理员）', auth: 'user', body: SaveWorkCalendar, response: WorkCalendar },
  similarRequests: { method: 'get', path: '/requests/similar', summary: '同楼栋同类别 30 天内未办结的诉求（我也遇到了）', auth: 'user', query: SimilarQuery, response: RequestSummaryList },
  createRequest: { method: 'post', path: '/requests', summary: '我要反映（提交诉求）', auth: 'user', body: RequestInput, response: RequestView },
  myRequests: { method: 'get', path: '/requests/mine', summary: '我的诉求（分页，新的在前）', auth: 'user', query: PageQuery, response: RequestListResponse },
  assignedRequests: { method: 'get', path: '/requests/assigned', summary: '派给我的诉求（按期限）', auth: 'user', query: PageQuery, response: RequestListResponse },
  requestQueue: { method: 'get', path: '/communities/{communityId}/requests/queue', summary: '诉求待办（按到期时间，标出超期）', auth: 'user', query: QueueQuery, response: RequestListResponse },
  requestFigures: { method: 'get', path: '/communities/{communityId}/requests/figures', summary: '诉求三率与时效', auth: 'user', response: RequestFigures },
  getRequest: { method: 'get', path: '/requests/{requestId}', summary: '诉求详情', auth: 'user', response: RequestView },
  requestTimeline: { method: 'get', path: '/requests/{requestId}/timeline', summary: '诉求办理过程（分页）', auth: 'user', query: PageQuery, response: TimelineResponse },
  followRequest: { method: 'post', path: '/requests/{requestId}/follow', summary: '我也遇到了（关注）', auth: 'user', body: z.strictObject({}), response: RequestView },
  acceptRequest: { method: 'post', path: '/requests/{requestId}/accept', summary: '受理', auth: 'user', body: VersionBody, response: RequestView },
  rejectRequest: { method: 'post', path: '/requests/{requestId}/reject', summary: '不予受理（说明原因）', auth: 'user', body: ReasonBody, response: RequestView },
  referRequest: { method: 'post', path: '/requests/{requestId}/refer', summary: '转办（外部单位）', auth: 'user', body: ReferBody, response: RequestView },
  dispatchRequest: { method: 'post', path: '/requests/{requestId}/dispatch', summary: '派单（网格员、驿站或认岗党员）', auth: 'user', body: DispatchBody, response: RequestView },
  returnRequest: { method: 'post', path: '/requests/{requestId}/return', summary: '退回派单（承办人，说明原因）', auth: 'user', body: ReasonBody, response: RequestView },
  startRequest: { method: 'post', path: '/requests/{requestId}/start', summary: '开始处理（承办人）', auth: 'user', body: VersionBody, response: RequestView },
  resolveRequest: { method: 'post', path: '/requests/{requestId}/resolve', summary: '办结（说明与办理后照片）', auth: 'user', body: ResolveBody, response: RequestView },
  confirmRequest: { method: 'post', path: '/requests/{requestId}/confirm', summary: '确认已解决（反映人）', auth: 'user', body: VersionBody, response: RequestView },
  reopenRequest: { method: 'post', path: '/requests/{requestId}/reopen', summary: '未解决，重新办理（反映人，7 天内）', auth: 'user', body: ReopenBody, response: RequestView },
  rateRequest: { method: 'post', path: '/requests/{requestId}/rate', summary: '评价满意度（反映人）', auth: 'user', body: RateBody, response: RequestView },
  markRequestDuplicate: { method: 'post', path: '/requests/{requestId}/duplicate', summary: '标为重复诉求（关联原诉求）', auth: 'user', body: DuplicateBody, response: RequestView },
  markRequestNotOurs: { method: 'post', path: '/requests/{requestId}/not-ours', summary: '非本社区职责', auth: 'user', body: ReasonBody, response: RequestView },
  markRequestUnable: { method: 'post', path: '/requests/{requestId}/unable', summary: '无法解决（说明原因）', auth: 'user', body: ReasonBody, response: RequestView },
  addRequestNote: { method: 'post', path: '/requests/{requestId}/notes', summary: '内部备注（仅工作人员可见）', auth: 'user', body: NoteBody, response: RequestView },
} as const satisfies Record<string, RouteDef>;
