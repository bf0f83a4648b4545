/**
 * Display words both sides use, with no zod import: the mini-program bundles this module
 * at run time, while the schema modules (which need zod) it only imports as types.
 */

/** 角色 */
export const ROLE_LABELS = {
  resident: '居民',
  member: '党员',
  staff: '驿站工作人员',
  admin: '社区管理员',
  street: '街道管理员',
  root: '系统管理员',
  gridWorker: '网格员',
} as const;

/** 驿站类型 */
export const STATION_KIND_LABELS = {
  centre: '党群服务中心',
  estate: '红色驿站',
  shared: '共享场地',
} as const;

/** 预约状态 */
export const BOOKING_STATUS_LABELS = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  checked_in: '已签到',
  no_show: '未签到',
  cancelled: '已取消',
} as const;

/** 八大员: the eight public-service posts a reported-in member may claim (one or two). */
export const POSTS = [
  '政策法律宣传员',
  '社情民意联络员',
  '文明创建示范员',
  '矛盾纠纷调解员',
  '卫生环境整治员',
  '治安巡逻处置员',
  '爱心帮扶解困员',
  '民生实事督办员',
] as const;
export const MAX_POSTS_PER_MEMBER = 2;

/** 活动类型 */
export const ACTIVITY_KIND_LABELS = {
  lecture: '讲座',
  volunteer: '志愿服务',
  sports: '文体',
  party_day: '党日活动',
  family: '亲子',
  other: '其他',
} as const;

/** 活动状态 */
export const ACTIVITY_STATUS_LABELS = {
  draft: '草稿',
  published: '报名中',
  ongoing: '进行中',
  ended: '已结束',
  settled: '已确认时长',
  cancelled: '已取消',
} as const;

/** 报名状态 */
export const REGISTRATION_STATUS_LABELS = {
  confirmed: '已报名',
  waitlisted: '候补中',
  checked_in: '已签到',
  no_show: '未签到',
  cancelled: '已取消',
} as const;
