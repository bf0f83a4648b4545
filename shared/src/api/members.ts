import * as z from 'zod';
import type { RouteDef } from './route-def';
import { Id, PageQuery, Text, pageOf } from './common';

import { POSTS, MAX_POSTS_PER_MEMBER } from '../labels';

export { POSTS, MAX_POSTS_PER_MEMBER };
export const PostName = z.enum(POSTS, { message: '请选择八大员中的一个岗位' }).meta({ id: 'PostName' });
export type PostName = z.infer<typeof PostName>;

export const ReviewStatus = z.enum(['pending', 'confirmed', 'rejected']).meta({ id: 'ReviewStatus' });
export type ReviewStatus = z.infer<typeof ReviewStatus>;

const phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写正确的 11 位手机号');

export const MemberApplyRequest = z
  .object({
    communityId: Id,
    name: Text({ min: 2, max: 20, label: '姓名', messages: { required: '请填写真实姓名', min: '请填写真实姓名', max: '姓名不超过 20 个字' } }),
    branch: Text({
      min: 2,
      max: 50,
      label: '党支部或工作单位',
      messages: { required: '请填写所在党支部或工作单位', min: '请填写所在党支部或工作单位', max: '党支部或工作单位不超过 50 个字' },
    }),
    phone,
  })
  .meta({ id: 'MemberApplyRequest' });
export type MemberApplyRequest = z.infer<typeof MemberApplyRequest>;

export const Consents = z
  .object({
    /** 在楼栋码上展示我 */
    showOnBuilding: z.boolean(),
    /** 允许居民查看我的电话 */
    phoneVisible: z.boolean(),
  })
  .meta({ id: 'Consents' });
export type Consents = z.infer<typeof Consents>;

export const ReportInRequest = z
  .object({
    /** The community's code (scanned 社区码 token). */
    communityCode: z
      .string()
      .trim()
      .min(1, '请扫描社区二维码')
      .max(32, '社区二维码无效')
      .regex(/^[A-Za-z0-9_-]+$/, '社区二维码无效'),
    buildingId: Id,
    skills: z.array(Text({ max: 20, label: '特长', messages: { required: '特长不能为空', max: '每项特长不超过 20 个字' } })).max(10, '特长最多 10 项').default([]),
    availableTimes: z
      .array(Text({ max: 20, label: '服务时间', messages: { required: '服务时间不能为空', max: '每项服务时间不超过 20 个字' } }))
      .min(1, '请至少填写一个可服务时间')
      .max(10, '服务时间最多 10 项'),
  })
  .meta({ id: 'ReportInRequest' });
export type ReportInRequest = z.infer<typeof ReportInRequest>;

export const ReviewRequest = z
  .object({
    decision: z.enum(['confirm', 'reject'], { message: '请选择通过或驳回' }),
    note: Text({ min: 0, max: 100, label: '说明', multiLine: true, messages: { max: '说明不超过 100 个字' } }).optional(),
    /** The `version` the reviewer saw in the list: 409 when the member changed it since. */
    version: z.number({ error: '版本号须为数字' }).int().min(0).max(1_000_000_000).optional(),
  })
  .meta({ id: 'MemberReviewRequest' });
export type ReviewRequest = z.infer<typeof ReviewRequest>;

/** A member's own view of their profile: full phone (it is theirs), status, consents. */
export const MemberProfile = z
  .object({
    userId: z.string(),
    communityId: z.string(),
    name: z.string(),
    branch: z.string(),
    phone: z.string(),
    status: ReviewStatus,
    consents: Consents,
    appliedAt: z.string(),
    reviewedAt: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'MemberProfile' });
export type MemberProfile = z.infer<typeof MemberProfile>;

export const ReportIn = z
  .object({
    userId: z.string(),
    communityId: z.string(),
    buildingId: z.string(),
    skills: z.array(z.string()),
    availableTimes: z.array(z.string()),
    status: ReviewStatus,
    posts: z.array(PostName),
    reportedAt: z.string(),
    reviewedAt: z.string().optional(),
  })
  .meta({ id: 'ReportIn' });
export type ReportIn = z.infer<typeof ReportIn>;

export const MyMemberResponse = z
  .object({ profile: MemberProfile.nullable(), reportIn: ReportIn.nullable() })
  .meta({ id: 'MyMemberResponse' });
export type MyMemberResponse = z.infer<typeof MyMemberResponse>;

/**
 * What staff and admins see in their review lists: the name and branch the member gave,
 * the phone masked (they confirm identity offline), never more.
 */
export const MemberApplication = z
  .object({
    userId: z.string(),
    communityId: z.string(),
    name: z.string(),
    branch: z.string(),
    phoneMasked: z.string(),
    status: ReviewStatus,
    appliedAt: z.string(),
    /** Send it back with the review: a newer application is never confirmed unseen. */
    version: z.number().int(),
  })
  .meta({ id: 'MemberApplication' });
export type MemberApplication = z.infer<typeof MemberApplication>;

/** A report-in as reviewers see it: the report-in plus who the member says they are (phone masked). */
export const ReportInForReview = ReportIn.omit({ reviewedAt: true })
  .extend({ name: z.string(), branch: z.string(), phoneMasked: z.string(), version: z.number().int() })
  .meta({ id: 'ReportInForReview' });
export type ReportInForReview = z.infer<typeof ReportInForReview>;

export const StatusQuery = PageQuery.extend({ status: ReviewStatus.optional().default('pending') });
export const MemberApplicationPage = pageOf(MemberApplication, 'MemberApplicationPage');
export const ReportInPage = pageOf(ReportInForReview, 'ReportInPage');

/** 线下核实: the full number of an applicant, for the admin reviewing it (audited like a reveal). */
export const ApplicationPhoneResponse = z
  .object({ userId: z.string(), name: z.string(), phone: z.string() })
  .meta({ id: 'ApplicationPhoneResponse' });
export type ApplicationPhoneResponse = z.infer<typeof ApplicationPhoneResponse>;

/** Shown holders listed with each post in `PostsResponse`; the rest page through `/posts/holders`. */
export const SHOWN_HOLDERS_PREVIEW = 10;

export const PostsResponse = z
  .object({
    communityId: z.string(),
    items: z.array(
      z.object({
        post: PostName,
        /** How many members hold it (all of them, counted). */
        holderCount: z.number().int(),
        /** Who holds it, among those who agreed to be shown: the first few (more: `moreShown`). */
        shownHolders: z.array(z.object({ userId: z.string(), name: z.string() })),
        /** More shown holders follow: page them with `GET /communities/{id}/posts/holders?post=`. */
        moreShown: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'PostsResponse' });
export type PostsResponse = z.infer<typeof PostsResponse>;

export const PostHolder = z.object({ userId: z.string(), name: z.string() }).meta({ id: 'PostHolder' });
export const PostHoldersQuery = PageQuery.extend({ post: PostName });
export const PostHolderPage = pageOf(PostHolder, 'PostHolderPage');

export const ClaimPostRequest = z.object({ post: PostName }).meta({ id: 'ClaimPostRequest' });
export const ReleasePostRequest = z
  .object({ userId: Id, post: PostName })
  .meta({ id: 'ReleasePostRequest' });

export const RevealResponse = z
  .object({ userId: z.string(), name: z.string(), phone: z.string(), remainingToday: z.number().int() })
  .meta({ id: 'RevealResponse' });
export type RevealResponse = z.infer<typeof RevealResponse>;

export const RevealRecord = z
  .object({
    viewerId: z.string(),
    memberId: z.string(),
    at: z.string(),
    /** `contact`: 联系TA by a resident; `verify`: an admin checking the application. */
    purpose: z.enum(['contact', 'verify']).optional(),
  })
  .meta({ id: 'RevealRecord' });
export const RevealPage = pageOf(RevealRecord, 'RevealPage');

export const ExportResponse = z
  .object({
    user: z.record(z.string(), z.unknown()),
    memberProfile: MemberProfile.nullable(),
    reportIn: ReportIn.nullable(),
    /** Numbers this user revealed (who, whom, when). */
    revealsMade: z.array(RevealRecord),
    /** Who revealed this user's number, and when. */
    revealsOfMe: z.array(RevealRecord),
    exportedAt: z.string(),
  })
  .meta({ id: 'ExportResponse' });
export type ExportResponse = z.infer<typeof ExportResponse>;

const ok = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

export const membersRoutes = {
  applyMember: {
    method: 'post',
    path: '/members/apply',
    summary: '申请党员身份认证（社区管理员审核）',
    auth: 'user',
    body: MemberApplyRequest,
    response: MemberProfile,
  },
  myMember: {
    method: 'get',
    path: '/members/me',
    summary: '我的党员资料、报到与认岗',
    auth: 'user',
    response: MyMemberResponse,
  },
  setConsents: {
    method: 'put',
    path: '/members/me/consents',
    summary: '隐私设置：在楼栋码上展示我、允许居民查看我的电话',
    auth: 'user',
    body: Consents,
    response: MemberProfile,
  },
  withdrawMember: {
    method: 'delete',
    path: '/members/me',
    summary: '撤回我的党员资料（删除资料、报到与认岗）',
    auth: 'user',
    response: ok,
  },
  listMemberApplications: {
    method: 'get',
    path: '/communities/{communityId}/member-applications',
    summary: '党员认证申请列表：社区管理员',
    auth: 'user',
    query: StatusQuery,
    response: MemberApplicationPage,
  },
  verifyApplicationPhone: {
    method: 'post',
    path: '/members/{userId}/application-phone',
    summary: '线下核实：查看申请人完整电话（社区管理员，记录在案）',
    auth: 'user',
    response: ApplicationPhoneResponse,
  },
  reviewMember: {
    method: 'post',
    path: '/members/{userId}/review',
    summary: '审核党员认证申请：社区管理员',
    auth: 'user',
    body: ReviewRequest,
    response: MemberApplication,
  },
  reportIn: {
    method: 'post',
    path: '/report-ins',
    summary: '在职党员到社区报到',
    auth: 'user',
    body: ReportInRequest,
    response: ReportIn,
  },
  listReportIns: {
    method: 'get',
    path: '/communities/{communityId}/report-ins',
    summary: '报到列表：社区工作人员或管理员',
    auth: 'user',
    query: StatusQuery,
    response: ReportInPage,
  },
  reviewReportIn: {
    method: 'post',
    path: '/report-ins/{userId}/review',
    summary: '确认或驳回报到：社区工作人员或管理员',
    auth: 'user',
    body: ReviewRequest,
    response: ReportInForReview,
  },
  communityPosts: {
    method: 'get',
    path: '/communities/{communityId}/posts',
    summary: '社区八大员岗位及认岗情况',
    auth: 'none',
    response: PostsResponse,
  },
  listPostHolders: {
    method: 'get',
    path: '/communities/{communityId}/posts/holders',
    summary: '某岗位的认岗党员（仅同意展示者），分页',
    auth: 'none',
    query: PostHoldersQuery,
    response: PostHolderPage,
  },
  claimPost: {
    method: 'post',
    path: '/members/me/posts',
    summary: '认岗（最多两个岗位）',
    auth: 'user',
    body: ClaimPostRequest,
    response: ReportIn,
  },
  releasePost: {
    method: 'post',
    path: '/communities/{communityId}/posts/release',
    summary: '解除党员的认岗：社区管理员',
    auth: 'user',
    body: ReleasePostRequest,
    response: ReportInForReview,
  },
  revealPhone: {
    method: 'post',
    path: '/members/{userId}/reveal',
    summary: '联系TA：查看党员电话（记录并每日限次）',
    auth: 'user',
    response: RevealResponse,
  },
  myReveals: {
    method: 'get',
    path: '/members/me/reveals',
    summary: '谁查看了我的电话（最新在前），分页',
    auth: 'user',
    query: PageQuery,
    response: RevealPage,
  },
  exportMyData: {
    method: 'get',
    path: '/me/export',
    summary: '导出我的全部数据',
    auth: 'user',
    response: ExportResponse,
  },
} as const satisfies Record<string, RouteDef>;
