import type { Wish, WishKind, WishStatus } from '@shared/api/wishes';
import { WISH_KIND_LABELS, WISH_STATUS_LABELS } from '@shared/wish-labels';

/** Routes, labels and formatting of the 微心愿 pages. */
export const WISH_ROUTES = {
  wall: (communityId?: string) => `/packages/wishes/pages/index/index${communityId ? `?communityId=${communityId}` : ''}`,
  detail: (id: string) => `/packages/wishes/pages/detail/index?id=${id}`,
  mine: () => '/packages/wishes/pages/mine/index',
  post: (communityId?: string) => `/packages/wishes/pages/post/index${communityId ? `?communityId=${communityId}` : ''}`,
  screening: (communityId?: string) => `/packages/wishes/pages/screening/index${communityId ? `?communityId=${communityId}` : ''}`,
};

export const STATUS_TEXT: Record<WishStatus, string> = WISH_STATUS_LABELS;
export const KIND_TEXT: Record<WishKind, string> = WISH_KIND_LABELS;

/** Fen as 元 (whole yuan without decimals). */
export const yuan = (fen: number) => (fen % 100 === 0 ? `${fen / 100} 元` : `${(fen / 100).toFixed(2)} 元`);

export const wishLine = (w: Wish) => `${KIND_TEXT[w.kind]} · 约 ${yuan(w.value)} · ${w.buildingLabel}`;
