import * as z from 'zod';
import type { RouteDef } from './route-def';
import { DateString, Id, PageQuery, Text, pageOf } from './common';

/**
 * 我家: the building (and so the community) a resident lives in, kept on the profile.
 * Names are copied when it is set, so 首页 and 我的 need no extra read.
 */
export const Home = z
  .object({
    buildingId: z.string(),
    buildingName: z.string(),
    estate: z.string(),
    communityId: z.string(),
    communityName: z.string(),
    setAt: z.string(),
  })
  .meta({ id: 'Home' });
export type Home = z.infer<typeof Home>;

export const SetHomeRequest = z.strictObject({ buildingId: Id }).meta({ id: 'SetHomeRequest' });
export type SetHomeRequest = z.infer<typeof SetHomeRequest>;

export const HomeResponse = z.object({ home: Home.nullable() }).meta({ id: 'HomeResponse' });
export type HomeResponse = z.infer<typeof HomeResponse>;

/** 公告: a notice of a community, posted by its admins; `expiresOn` is the last day it shows (Asia/Shanghai). */
export const Notice = z
  .object({
    id: z.string(),
    communityId: z.string(),
    title: z.string(),
    body: z.string(),
    pinned: z.boolean(),
    expiresOn: z.string().optional(),
    /** True once the last day has passed (only the admin list shows such notices). */
    expired: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Notice' });
export type Notice = z.infer<typeof Notice>;

export const NoticeListResponse = pageOf(Notice, 'NoticeListResponse');
export type NoticeListResponse = z.infer<typeof NoticeListResponse>;

const noticeFields = {
  title: Text({ max: 40, label: '公告标题' }),
  body: Text({ max: 1000, label: '公告内容', multiLine: true }),
  pinned: z.boolean({ error: '请说明是否置顶' }).default(false),
  /** Last day shown, today or later; absent or null: until expired by hand. */
  expiresOn: DateString.nullable().optional(),
};

export const CreateNoticeRequest = z.strictObject(noticeFields).meta({ id: 'CreateNoticeRequest' });
export type CreateNoticeRequest = z.infer<typeof CreateNoticeRequest>;

/** The whole notice as it should be now, with the version it was read at (someone else's edit meanwhile: 409). */
export const UpdateNoticeRequest = z
  .strictObject({ ...noticeFields, version: z.number({ error: '缺少版本号' }).int('版本号须为整数').min(1, '版本号无效') })
  .meta({ id: 'UpdateNoticeRequest' });
export type UpdateNoticeRequest = z.infer<typeof UpdateNoticeRequest>;

export const ExpireNoticeRequest = z.strictObject({}).meta({ id: 'ExpireNoticeRequest' });

export const homeRoutes = {
  getMyHome: { method: 'get', path: '/me/home', summary: '我家（所住楼栋与社区）', auth: 'user', response: HomeResponse },
  setMyHome: { method: 'put', path: '/me/home', summary: '设为我家（选择所住楼栋）', auth: 'user', body: SetHomeRequest, response: HomeResponse },
  clearMyHome: { method: 'delete', path: '/me/home', summary: '清除我家', auth: 'user', response: HomeResponse },
  listNotices: {
    method: 'get',
    path: '/communities/{communityId}/notices',
    summary: '社区公告（分页；置顶在前，过期不显示）',
    auth: 'none',
    query: PageQuery,
    response: NoticeListResponse,
  },
  listNoticesForAdmin: {
    method: 'get',
    path: '/communities/{communityId}/notices/all',
    summary: '社区全部公告（管理员；含已过期，新的在前）',
    auth: 'user',
    query: PageQuery,
    response: NoticeListResponse,
  },
  createNotice: { method: 'post', path: '/communities/{communityId}/notices', summary: '发布公告（社区管理员）', auth: 'user', body: CreateNoticeRequest, response: Notice },
  updateNotice: { method: 'put', path: '/notices/{noticeId}', summary: '编辑公告（含置顶、有效期）', auth: 'user', body: UpdateNoticeRequest, response: Notice },
  expireNotice: { method: 'post', path: '/notices/{noticeId}/expire', summary: '立即下架公告', auth: 'user', body: ExpireNoticeRequest, response: Notice },
} as const satisfies Record<string, RouteDef>;
