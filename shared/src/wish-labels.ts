/** Chinese labels of a wish's statuses and kinds: plain TS (no zod), for the API and the mini-program alike. */
export const WISH_STATUS_LABELS = {
  submitted: '待审核',
  open: '待认领',
  claimed: '已认领',
  delivered: '已送达',
  confirmed: '已确认',
  thanked: '已致谢',
  withdrawn: '已撤回',
  expired: '已过期',
  taken_down: '已下架',
} as const;

export const WISH_KIND_LABELS = { goods: '物品', service: '服务' } as const;
