import { PUBLIC_WISH_STATUSES, type WishStatus } from '@shared/api/wishes';
import { authorize, can, type Action, type Principal, type Scope } from '../lib/authorize';
import { notFound } from '../lib/errors';
import { keys } from '../lib/keys';
import type { WishRecord } from './model';
import type { Viewer } from './rules';
import * as store from './storage';

/** Who may see a wish and act on it: the staff scope of a wish, the viewer's relation to it. */

/** Statuses in which the claimant holds the claim (and sees the beneficiary). */
const CLAIM_HELD: WishStatus[] = ['claimed', 'delivered', 'confirmed', 'thanked'];

/**
 * The scope a caller acts in on a wish of `communityId` (building in `gridId`): the
 * community for its admins, one of its stations for that station's staff, the grid for its
 * grid workers; else the bare community (which their grants then refuse).
 */
export async function staffScope(p: Principal | undefined, communityId: string, gridId?: string): Promise<Scope> {
  const community: Scope = { kind: 'community', communityId };
  if (!p) return community;
  if (p.roles.adminCommunityIds.includes(communityId) || p.streetCommunityIds?.includes(communityId)) return community;
  if (p.roles.staffStationIds.length > 0) {
    const stations = await store.orgItems(p.roles.staffStationIds.map((id) => keys.station(id)));
    for (const s of stations.values()) if (s.communityId === communityId) return { kind: 'station', stationId: String(s.id), communityId };
  }
  if (gridId && (p.roles.gridIds ?? []).includes(gridId)) return { kind: 'grid', gridId, communityId };
  return community;
}

export async function isStaff(p: Principal | undefined, w: Pick<WishRecord, 'communityId' | 'gridId'>, action: Action = 'wish:viewPrivate'): Promise<boolean> {
  return !!p && can(p, action, await staffScope(p, w.communityId, w.gridId));
}

export async function authorizeStaff(p: Principal, w: Pick<WishRecord, 'communityId' | 'gridId'>, action: Action): Promise<void> {
  authorize(p, action, await staffScope(p, w.communityId, w.gridId));
}

export async function viewerOf(p: Principal | undefined, w: WishRecord): Promise<Viewer> {
  const uid = p?.userId;
  return {
    poster: !!uid && uid === w.posterId,
    beneficiary: !!uid && uid === w.beneficiaryUserId,
    claimant: !!uid && uid === w.claimantId && CLAIM_HELD.includes(w.status),
    staff: await isStaff(p, w),
  };
}

/** A wish the caller may see (public statuses for everyone; the rest for its poster, beneficiary and staff), else 404. */
export async function loadVisible(id: string, p: Principal | undefined): Promise<{ wish: WishRecord; viewer: Viewer }> {
  const wish = await store.getWish(id);
  if (!wish) throw notFound('心愿');
  const viewer = await viewerOf(p, wish);
  const isPublic = (PUBLIC_WISH_STATUSES as readonly WishStatus[]).includes(wish.status);
  if (!isPublic && !viewer.poster && !viewer.beneficiary && !viewer.staff) throw notFound('心愿');
  return { wish, viewer };
}

/** For changes: a wish that exists (the permission check then answers 403). */
export async function loadForChange(id: string): Promise<WishRecord> {
  const wish = await store.getWish(id);
  if (!wish) throw notFound('心愿');
  return wish;
}
