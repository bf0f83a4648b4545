import * as z from 'zod';
import { PhotoRef } from './uploads';
import type { RouteDef } from './route-def';
import { Cursor, Id, LocalDateTime, PageQuery, Text, pageOf } from './common';

/** 活动类型: 讲座, 志愿服务, 文体, 党日活动, 亲子, 其他. */
export const ActivityKind = z.enum(['lecture', 'volunteer', 'sports', 'party_day', 'family', 'other'], { error: '请选择活动类型' });
export type ActivityKind = z.infer<typeof ActivityKind>;
export { ACTIVITY_KIND_LABELS, ACTIVITY_STATUS_LABELS, REGISTRATION_STATUS_LABELS } from '../labels';

/** Stored: draft, published, settled, cancelled; `ongoing` and `ended` follow from the clock. */
export const ActivityStatus = z.enum(['draft', 'published', 'ongoing', 'ended', 'settled', 'cancelled']);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

export const RegistrationStatus = z.enum(['confirmed', 'waitlisted', 'checked_in', 'no_show', 'cancelled']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

/** Who may sign up: everyone, confirmed party members only, or residents of chosen buildings (`buildingIds`). */
export const Audience = z.enum(['everyone', 'members', 'buildings'], { error: '请选择报名范围' });
/** At most this many buildings for a "residents of chosen buildings" activity. */
export const MAX_AUDIENCE_BUILDINGS = 20;

/** At most this many companions per registration (all or nothing). */
export const MAX_COMPANIONS = 3;
/** Activities that credit hours: every volunteer registers in person, and one confirmation transaction holds them all. */
export const MAX_VOLUNTEER_CAPACITY = 49;

const Location = z.object({
  lat: z.number({ error: '纬度须为数字' }).min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间'),
  lng: z.number({ error: '经度须为数字' }).min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间'),
});

/** A room of the station (its slots are locked when the activity is published), or a free-text address. */
export const ActivityPlace = z
  .object({
    roomId: Id.optional(),
    address: Text({ max: 100, label: '活动地址' }).optional(),
    location: Location.optional(),
  })
  .refine((p) => (p.roomId === undefined) !== (p.address === undefined), { message: '请选择驿站的房间，或填写活动地址（二选一）', path: ['roomId'] })
  .meta({ id: 'ActivityPlace' });

const Hours = z
  .number({ error: '志愿时长须为数字' })
  .min(0.5, '志愿时长至少 0.5 小时')
  .max(24, '志愿时长不超过 24 小时')
  .refine((h) => Number.isInteger(h * 2), '志愿时长以 0.5 小时为单位');

const ActivityFields = z.object({
  title: Text({ min: 2, max: 40, label: '活动名称', messages: { min: '活动名称至少 2 个字' } }),
  description: Text({ min: 0, max: 2000, label: '活动介绍', multiLine: true }).default(''),
  /** Upload keys (POST /uploads, purpose activity), or the photos the activity already has. */
  photos: z.array(PhotoRef).max(9, '最多 9 张图片').default([]),
  kind: ActivityKind,
  start: LocalDateTime,
  end: LocalDateTime,
  place: ActivityPlace,
  capacity: z.number({ error: '请填写名额' }).int('名额须为整数').min(1, '名额至少 1 人').max(2000, '名额不超过 2000 人'),
  signUpOpens: LocalDateTime,
  signUpCloses: LocalDateTime,
  cancelDeadline: LocalDateTime,
  audience: Audience.default('everyone'),
  /** The buildings whose residents may sign up (audience `buildings` only): buildings of the activity's community, in service. */
  buildingIds: z.array(Id).min(1, '请选择可以报名的楼栋').max(MAX_AUDIENCE_BUILDINGS, `最多选择 ${MAX_AUDIENCE_BUILDINGS} 个楼栋`).optional(),
  /** Volunteer hours credited per person who attended (志愿服务 only). */
  hours: Hours.optional(),
});

/** The times and the hours must make sense together; each message names its field. */
export const ActivityInput = ActivityFields.superRefine((a, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (a.end <= a.start) issue('end', '结束时间须晚于开始时间');
  if (a.signUpCloses <= a.signUpOpens) issue('signUpCloses', '报名截止须晚于报名开始');
  if (a.signUpCloses > a.start) issue('signUpCloses', '报名截止不能晚于活动开始');
  if (a.cancelDeadline > a.start) issue('cancelDeadline', '取消截止不能晚于活动开始');
  if (a.place.roomId && a.start.slice(0, 10) !== a.end.slice(0, 10)) issue('end', '在驿站房间举办的活动须在同一天内结束');
  if (a.kind === 'volunteer' && a.hours === undefined) issue('hours', '志愿服务须填写志愿时长');
  if (a.kind !== 'volunteer' && a.hours !== undefined) issue('hours', '只有志愿服务活动计志愿时长');
  if (a.audience === 'buildings' && !a.buildingIds?.length) issue('buildingIds', '请选择可以报名的楼栋');
  if (a.audience !== 'buildings' && a.buildingIds !== undefined) issue('buildingIds', '只有“指定楼栋居民”的活动才选择楼栋');
  if (a.buildingIds && new Set(a.buildingIds).size !== a.buildingIds.length) issue('buildingIds', '楼栋不能重复');
  if (a.hours !== undefined && a.capacity > MAX_VOLUNTEER_CAPACITY) issue('capacity', `计志愿时长的活动名额不超过 ${MAX_VOLUNTEER_CAPACITY} 人`);
}).meta({ id: 'ActivityInput' });
export type ActivityInput = z.input<typeof ActivityInput>;
export type ActivityData = z.output<typeof ActivityInput>;

/** PUT carries the version it was edited from: a concurrent edit answers 409, never a silent overwrite. */
export const UpdateActivityRequest = z
  .object({ activity: ActivityInput, version: z.number({ error: '缺少版本号' }).int().min(1) })
  .meta({ id: 'UpdateActivityRequest' });

export const Registration = z
  .object({
    id: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    activityStart: z.string(),
    activityEnd: z.string(),
    activityStatus: ActivityStatus,
    placeName: z.string(),
    userId: z.string(),
    userName: z.string(),
    companions: z.number().int(),
    status: RegistrationStatus,
    /** 1 = next in line (waitlisted only). */
    position: z.number().int().optional(),
    checkedInAt: z.string().optional(),
    createdAt: z.string(),
    /** The person's own check-in QR content (shown to the owner only). */
    ticket: z.string().optional(),
  })
  .meta({ id: 'Registration' });
export type Registration = z.infer<typeof Registration>;

export const Activity = z
  .object({
    id: z.string(),
    stationId: z.string(),
    stationName: z.string(),
    communityId: z.string(),
    title: z.string(),
    description: z.string(),
    /** Links that show the photos (they expire: do not store them). */
    photos: z.array(z.string()),
    /** The photos as stored, in the order of `photos`: what the organiser's form sends back to keep them. */
    photoKeys: z.array(z.string()).optional(),
    kind: ActivityKind,
    start: z.string(),
    end: z.string(),
    place: z.object({ roomId: z.string().optional(), address: z.string().optional(), location: Location.optional() }),
    placeName: z.string(),
    capacity: z.number().int(),
    signUpOpens: z.string(),
    signUpCloses: z.string(),
    cancelDeadline: z.string(),
    audience: Audience,
    /** Audience `buildings`: the chosen buildings, and their names (小区 + 楼栋) for the page. */
    buildingIds: z.array(z.string()).optional(),
    audienceBuildings: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    hours: z.number().optional(),
    organiserId: z.string(),
    organiserName: z.string(),
    status: ActivityStatus,
    seatsLeft: z.number().int(),
    waitlistLength: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    /** The caller's live registration (detail only, when logged in). */
    myRegistration: Registration.optional(),
    /** True when the caller may manage it (staff of its station). */
    canManage: z.boolean().optional(),
  })
  .meta({ id: 'Activity' });
export type Activity = z.infer<typeof Activity>;

export const ActivityListResponse = pageOf(Activity, 'ActivityListResponse');

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ListActivitiesQuery = PageQuery.extend({
  communityId: Id.optional(),
  stationId: Id.optional(),
  from: DateOnly.optional(),
  to: DateOnly.optional(),
  kind: ActivityKind.optional(),
  /** Staff of the station also see drafts (station list only). */
  includeDrafts: z.enum(['true', 'false']).optional(),
});

export const SignUpRequest = z
  .object({
    companions: z.number({ error: '同行人数须为数字' }).int('同行人数须为整数').min(0, '同行人数不能为负').max(MAX_COMPANIONS, `最多带 ${MAX_COMPANIONS} 位同行人`).default(0),
    clientToken: z.string({ error: '缺少请求标识' }).min(8, '请求标识无效').max(64, '请求标识无效').regex(/^[A-Za-z0-9_-]+$/, '请求标识无效'),
  })
  .meta({ id: 'SignUpRequest' });

export const RegistrationListResponse = pageOf(Registration, 'RegistrationListResponse');
export const CheckInCode = z.object({ code: z.string(), expiresAt: z.string(), periodSeconds: z.number().int() }).meta({ id: 'ActivityCheckInCode' });
export const ActivityCheckInRequest = z.object({ code: z.string().trim().min(1, '请扫描活动签到码').max(64, '签到码无效，请重新扫码') });
export const ScanTicketRequest = z.object({ ticket: z.string().trim().min(1, '请扫描报名人的签到二维码').max(120, '二维码无效，请重新扫码') });
export const CancelActivityRequest = z.object({ reason: Text({ min: 2, max: 100, label: '取消原因', messages: { required: '请填写取消原因' } }) });
export const AttendanceRequest = z
  .object({
    userIds: z.array(Id).max(MAX_VOLUNTEER_CAPACITY, `一次最多确认 ${MAX_VOLUNTEER_CAPACITY} 人`),
    reason: Text({ min: 2, max: 100, label: '调整原因', messages: { required: '请填写调整原因' } }).optional(),
  })
  .meta({ id: 'AttendanceRequest' });

export const HoursEntry = z
  .object({
    id: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    stationName: z.string(),
    hours: z.number(),
    kind: z.enum(['credit', 'reversal']),
    reason: z.string().optional(),
    at: z.string(),
  })
  .meta({ id: 'HoursEntry' });
export const VolunteerHoursResponse = z
  .object({ totalHours: z.number(), entryCount: z.number().int(), items: z.array(HoursEntry), nextCursor: Cursor.optional() })
  .meta({ id: 'VolunteerHoursResponse' });
export const AttendanceResponse = z.object({ activity: Activity, credited: z.number().int(), hours: z.number() }).meta({ id: 'AttendanceResponse' });
export const CertificateView = z
  .object({ number: z.string(), name: z.string(), totalHours: z.number(), activityCount: z.number().int(), stations: z.array(z.string()), issuedAt: z.string() })
  .meta({ id: 'CertificateView' });

export const activitiesRoutes = {
  listActivities: { method: 'get', path: '/activities', summary: '活动列表（分页，近的在前）', auth: 'none', query: ListActivitiesQuery, response: ActivityListResponse },
  getActivity: { method: 'get', path: '/activities/{activityId}', summary: '活动详情（余位、候补人数、我的报名）', auth: 'none', response: Activity },
  createActivity: { method: 'post', path: '/stations/{stationId}/activities', summary: '创建活动（草稿，工作人员）', auth: 'user', body: ActivityInput, response: Activity },
  updateActivity: { method: 'put', path: '/activities/{activityId}', summary: '修改活动（工作人员）', auth: 'user', body: UpdateActivityRequest, response: Activity },
  publishActivity: { method: 'post', path: '/activities/{activityId}/publish', summary: '发布活动（占用房间时段）', auth: 'user', body: z.strictObject({}), response: Activity },
  cancelActivity: { method: 'post', path: '/activities/{activityId}/cancel', summary: '取消活动（释放房间时段）', auth: 'user', body: CancelActivityRequest, response: Activity },
  signUp: { method: 'post', path: '/activities/{activityId}/registrations', summary: '报名（满员进入候补）', auth: 'user', body: SignUpRequest, response: Registration },
  cancelRegistration: { method: 'post', path: '/registrations/{registrationId}/cancel', summary: '取消报名', auth: 'user', body: z.strictObject({}), response: Registration },
  myRegistrations: { method: 'get', path: '/registrations/mine', summary: '我的活动（分页，新的在前）', auth: 'user', query: PageQuery, response: RegistrationListResponse },
  listAttendees: {
    method: 'get',
    path: '/activities/{activityId}/attendees',
    summary: '报名名单及签到情况（工作人员；不含候补）',
    auth: 'user',
    query: PageQuery,
    response: RegistrationListResponse,
  },
  activityCheckInCode: { method: 'get', path: '/activities/{activityId}/check-in-code', summary: '当前签到码（每 30 秒更换，工作人员）', auth: 'user', response: CheckInCode },
  activityCheckIn: { method: 'post', path: '/activities/{activityId}/check-in', summary: '扫活动签到码签到', auth: 'user', body: ActivityCheckInRequest, response: Registration },
  activityScanTicket: { method: 'post', path: '/activities/{activityId}/scan-ticket', summary: '扫报名人的签到码（工作人员）', auth: 'user', body: ScanTicketRequest, response: Registration },
  confirmAttendance: { method: 'post', path: '/activities/{activityId}/attendance', summary: '确认出席并记录志愿时长（工作人员）', auth: 'user', body: AttendanceRequest, response: AttendanceResponse },
  myVolunteerHours: { method: 'get', path: '/me/volunteer-hours', summary: '我的志愿时长', auth: 'user', query: PageQuery, response: VolunteerHoursResponse },
  volunteerCertificate: { method: 'get', path: '/me/volunteer-hours/certificate.pdf', summary: '志愿服务时长证明（PDF）', auth: 'user', response: 'binary' },
  verifyCertificate: { method: 'get', path: '/certificates/{number}', summary: '验证志愿服务时长证明（姓名打码）', auth: 'none', response: CertificateView },
} as const satisfies Record<string, RouteDef>;
