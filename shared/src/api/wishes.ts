import * as z from 'zod';
import type { RouteDef } from './route-def';
import { Id, PageQuery, Text, pageOf } from './common';
import { Phone } from './booking';
import { PhotoRef } from './uploads';

/**
 * Micro-wishes 微心愿: a resident in need (or staff / a grid worker on their behalf) posts a
 * small wish — goods or a service, never money, worth at most ¥300 — staff screen it, and a
 * party member, any resident or a member unit claims and fulfils it. The beneficiary's name,
 * phone and address are kept apart and never appear in a public response.
 */

export const WISH_STATUSES = ['submitted', 'open', 'claimed', 'delivered', 'confirmed', 'thanked', 'withdrawn', 'expired', 'taken_down'] as const;
export const WishStatus = z.enum(WISH_STATUSES, { error: '心愿状态无效' }).meta({ id: 'WishStatus' });
export type WishStatus = z.infer<typeof WishStatus>;

/** Statuses anyone may see (the wall and the public detail). */
export const PUBLIC_WISH_STATUSES = ['open', 'claimed', 'delivered', 'confirmed', 'thanked'] as const satisfies readonly WishStatus[];

export const WishKind = z.enum(['goods', 'service'], { error: '心愿类型只能是物品或服务' }).meta({ id: 'WishKind' });
export type WishKind = z.infer<typeof WishKind>;

/** ¥300 in fen: the most a wish may be worth. */
export const WISH_VALUE_CAP = 30_000;
/** Days a claim stays live before the scheduled job lapses it (the claimant may choose fewer). */
export const CLAIM_DAYS_DEFAULT = 14;
/** Days after delivery when an unconfirmed wish is confirmed automatically. */
export const AUTO_CONFIRM_DAYS = 7;
/** Days an open wish waits for a claimant before it expires. */
export const OPEN_DAYS = 60;

export { WISH_STATUS_LABELS, WISH_KIND_LABELS } from '../wish-labels';

const Version = z.number({ error: '版本号须为数字' }).int('版本号须为整数').min(0, '版本号无效').max(1_000_000, '版本号无效');

export const Beneficiary = z
  .object({
    name: Text({ max: 20, label: '受助人姓名' }),
    phone: Phone,
    /** Door-level address (单元、门牌): never public. */
    address: Text({ max: 60, label: '详细地址' }),
  })
  .meta({ id: 'WishBeneficiary' });
export type Beneficiary = z.infer<typeof Beneficiary>;

export const WishInput = z
  .object({
    communityId: Id,
    buildingId: Id,
    kind: WishKind,
    title: Text({ min: 2, max: 40, label: '心愿内容', messages: { min: '心愿内容至少 2 个字' } }),
    reason: Text({ min: 5, max: 500, label: '心愿缘由', multiLine: true, messages: { min: '请用至少 5 个字说说心愿缘由' } }),
    /** Estimated value in fen (1 … 30,000 = ¥300). */
    value: z
      .number({ error: '请填写估计价值（单位：分）' })
      .int('估计价值须为整数（单位：分）')
      .positive('估计价值须大于 0')
      .max(WISH_VALUE_CAP, '心愿价值不能超过 300 元'),
    photos: z.array(PhotoRef).max(6, '照片最多 6 张').default([]),
    /** false: posted by staff or a grid worker on someone's behalf. */
    forSelf: z.boolean().default(true),
    beneficiary: Beneficiary,
  })
  .meta({ id: 'WishInput' });
export type WishInput = z.input<typeof WishInput>;

/** The claim as the public sees it: a unit by its name, a person only as 爱心人士. */
export const WishClaimView = z
  .object({
    kind: z.enum(['person', 'unit']),
    label: z.string(),
    claimedAt: z.string(),
    deadline: z.string(),
  })
  .meta({ id: 'WishClaimView' });

export const Wish = z
  .object({
    id: z.string(),
    communityId: z.string(),
    buildingId: z.string(),
    /** Building-level only, e.g. 幸福家园 2 栋: the most of the address the public sees. */
    buildingLabel: z.string(),
    kind: WishKind,
    title: z.string(),
    reason: z.string(),
    value: z.number().int(),
    photos: z.array(z.string()),
    status: WishStatus,
    version: z.number().int(),
    createdAt: z.string(),
    openedAt: z.string().optional(),
    expiresAt: z.string().optional(),
    claim: WishClaimView.optional(),
    delivery: z.object({ note: z.string(), photos: z.array(z.string()), deliveredAt: z.string() }).optional(),
    confirmedAt: z.string().optional(),
    confirmedBy: z.enum(['beneficiary', 'staff', 'system']).optional(),
    thanks: z.object({ note: z.string(), at: z.string() }).optional(),
  })
  .meta({ id: 'Wish' });
export type Wish = z.infer<typeof Wish>;

/** A wish with what this viewer may also see and do. */
export const WishDetail = Wish.extend({
  /** Only for the poster, the community's staff and (while theirs) the claimant. */
  beneficiary: Beneficiary.optional(),
  /** Only for the community's staff and the claimant themself. */
  claimant: z.object({ id: z.string(), name: z.string(), kind: z.enum(['member', 'resident', 'unit']), unitName: z.string().optional() }).optional(),
  /** Only for the poster and the community's staff. */
  takeDownReason: z.string().optional(),
  viewer: z.object({ poster: z.boolean(), beneficiary: z.boolean(), claimant: z.boolean(), staff: z.boolean() }),
}).meta({ id: 'WishDetail' });
export type WishDetail = z.infer<typeof WishDetail>;

export const WishList = pageOf(Wish, 'WishList');
export const WishDetailList = pageOf(WishDetail, 'WishDetailList');

export const WishWallQuery = PageQuery.extend({
  communityId: Id,
  status: z.enum(PUBLIC_WISH_STATUSES, { error: '只能按公开状态筛选' }).optional(),
  buildingId: Id.optional(),
  kind: WishKind.optional(),
});

export const VersionBody = z.object({ version: Version.optional() }).meta({ id: 'WishVersionBody' });
export const ClaimWishRequest = z
  .object({
    version: Version.optional(),
    /** Claiming for a unit 成员单位: its name, shown on the wall. */
    unitName: Text({ min: 2, max: 40, label: '单位名称' }).optional(),
    /** Days until the claim lapses (1 … 14, default 14). */
    days: z.number({ error: '认领期限须为数字' }).int('认领期限须为整天').min(1, '认领期限至少 1 天').max(CLAIM_DAYS_DEFAULT, `认领期限最长 ${CLAIM_DAYS_DEFAULT} 天`).optional(),
  })
  .meta({ id: 'ClaimWishRequest' });
export const TakeDownWishRequest = z
  .object({ version: Version.optional(), reason: Text({ min: 2, max: 200, label: '下架原因', multiLine: true, messages: { min: '请填写下架原因' } }) })
  .meta({ id: 'TakeDownWishRequest' });
export const DeliverWishRequest = z
  .object({
    version: Version.optional(),
    note: Text({ min: 2, max: 500, label: '送达说明', multiLine: true, messages: { min: '请填写送达说明' } }),
    photos: z.array(PhotoRef, { error: '请上传送达照片' }).min(1, '请上传至少一张送达照片').max(3, '送达照片最多 3 张'),
  })
  .meta({ id: 'DeliverWishRequest' });
export const ThankWishRequest = z
  .object({ version: Version.optional(), note: Text({ min: 2, max: 200, label: '感谢的话', multiLine: true, messages: { min: '请写几句感谢的话' } }) })
  .meta({ id: 'ThankWishRequest' });

export const wishesRoutes = {
  listWishes: { method: 'get', path: '/wishes', summary: '微心愿墙（某社区公开的心愿；党员所服务楼栋的排在前面）', auth: 'none', query: WishWallQuery, response: WishList },
  myWishes: { method: 'get', path: '/wishes/mine', summary: '我发布的心愿', auth: 'user', query: PageQuery, response: WishDetailList },
  myWishClaims: { method: 'get', path: '/wishes/claimed', summary: '我认领的心愿', auth: 'user', query: PageQuery, response: WishDetailList },
  wishScreeningQueue: { method: 'get', path: '/communities/{communityId}/wish-screening', summary: '待审核的心愿（社区工作人员，先到先审）', auth: 'user', query: PageQuery, response: WishDetailList },
  getWish: { method: 'get', path: '/wishes/{wishId}', summary: '心愿详情（受助人信息只给有权查看的人）', auth: 'none', response: WishDetail },
  createWish: { method: 'post', path: '/wishes', summary: '发布心愿（本人，或工作人员、网格员代为发布）', auth: 'user', body: WishInput, response: WishDetail },
  approveWish: { method: 'post', path: '/wishes/{wishId}/approve', summary: '审核通过并公开（社区工作人员）', auth: 'user', body: VersionBody, response: WishDetail },
  takeDownWish: { method: 'post', path: '/wishes/{wishId}/take-down', summary: '下架心愿（社区工作人员，须填原因）', auth: 'user', body: TakeDownWishRequest, response: WishDetail },
  withdrawWish: { method: 'post', path: '/wishes/{wishId}/withdraw', summary: '撤回心愿（发布人，认领前）', auth: 'user', body: VersionBody, response: WishDetail },
  claimWish: { method: 'post', path: '/wishes/{wishId}/claim', summary: '认领心愿（同一时间只有一人认领成功）', auth: 'user', body: ClaimWishRequest, response: WishDetail },
  releaseWishClaim: { method: 'post', path: '/wishes/{wishId}/release', summary: '放弃认领（认领人），心愿重新开放', auth: 'user', body: VersionBody, response: WishDetail },
  deliverWish: { method: 'post', path: '/wishes/{wishId}/deliver', summary: '登记送达（认领人，附说明和照片）', auth: 'user', body: DeliverWishRequest, response: WishDetail },
  confirmWish: { method: 'post', path: '/wishes/{wishId}/confirm', summary: '确认已收到（受助人或社区工作人员）', auth: 'user', body: VersionBody, response: WishDetail },
  thankWish: { method: 'post', path: '/wishes/{wishId}/thank', summary: '写感谢的话（受助人或发布人），显示在心愿上', auth: 'user', body: ThankWishRequest, response: WishDetail },
} as const satisfies Record<string, RouteDef>;
