import type { z } from 'zod';
import type { PageQuery } from '@shared/api/common';
import type { Wish, WishDetail, WishInput, WishWallQuery } from '@shared/api/wishes';
import { authorize, type Principal } from '../lib/authorize';
import { decodeCursor, encodeCursor, type Page } from '../lib/dynamo';
import { ruleBroken } from '../lib/errors';
import { keys } from '../lib/keys';
import { nowIso } from '../lib/time';
import { attachUploads, photoUrls } from '../uploads/domain';
import { wishSubmittedWrites } from '../messages/events';
import { authorizeStaff, loadVisible, staffScope, viewerOf } from './access';
import type { BeneficiaryRecord, WishRecord } from './model';
import { assertNotMoney, detailView, newWishId, publicView, seesBeneficiary } from './rules';
import * as store from './storage';

/** Wishes: posting, the detail, and the lists (wall, mine, claimed, screening queue). */

type WishBody = z.output<typeof WishInput>;
type WallQuery = z.output<typeof WishWallQuery>;

/** Stored photo keys → links (wish photos and delivery photos). */
async function withUrls<T extends Wish>(view: T): Promise<T> {
  const [photos, delivery] = await Promise.all([photoUrls(view.photos), view.delivery ? photoUrls(view.delivery.photos) : undefined]);
  return { ...view, photos, ...(view.delivery && delivery ? { delivery: { ...view.delivery, photos: delivery } } : {}) };
}

/** The detail of `w` for `p`: the beneficiary read only when the viewer may see it. */
export async function detailFor(w: WishRecord, p: Principal | undefined, known?: BeneficiaryRecord): Promise<WishDetail> {
  const viewer = await viewerOf(p, w);
  const b = seesBeneficiary(viewer) ? (known ?? (await store.getBeneficiary(w.id))) : undefined;
  return withUrls(detailView(w, viewer, b));
}

export async function getWish(id: string, p?: Principal): Promise<WishDetail> {
  const { wish, viewer } = await loadVisible(id, p);
  const b = seesBeneficiary(viewer) ? await store.getBeneficiary(id) : undefined;
  return withUrls(detailView(wish, viewer, b));
}

export async function createWish(body: WishBody, p: Principal, now = new Date()): Promise<WishDetail> {
  authorize(p, 'wish:post', { kind: 'none' });
  assertNotMoney(body.title, body.reason);
  const org = await store.orgItems([keys.building(body.buildingId), keys.community(body.communityId)]);
  const community = org.get(keys.community(body.communityId).pk);
  if (!community || community.deactivatedAt) throw ruleBroken('UNKNOWN_COMMUNITY', '所选社区不存在', [{ path: 'communityId', message: '所选社区不存在' }]);
  const building = org.get(keys.building(body.buildingId).pk);
  if (!building || building.communityId !== body.communityId || building.deactivatedAt) {
    throw ruleBroken('BUILDING_NOT_IN_COMMUNITY', '所选楼栋不属于该社区', [{ path: 'buildingId', message: '请选择本社区的楼栋' }]);
  }
  const gridId = building.gridId ? String(building.gridId) : undefined;
  // On someone's behalf: only the community's staff and the building's grid workers.
  if (!body.forSelf) authorize(p, 'wish:postFor', await staffScope(p, body.communityId, gridId));
  const photos = await attachUploads(p, 'wish', body.photos, { field: 'photos', label: '照片' });
  const at = nowIso(now);
  const id = newWishId(now);
  const wish: WishRecord = {
    id,
    communityId: body.communityId,
    buildingId: body.buildingId,
    ...(gridId ? { gridId } : {}),
    buildingLabel: [building.estate, building.name].filter(Boolean).join(' '),
    kind: body.kind,
    title: body.title,
    reason: body.reason,
    value: body.value,
    photos,
    status: 'submitted',
    version: 0,
    posterId: p.userId,
    posterName: p.user.nickname,
    forSelf: body.forSelf,
    ...(body.forSelf ? { beneficiaryUserId: p.userId } : {}),
    createdAt: at,
    updatedAt: at,
  };
  const beneficiary: BeneficiaryRecord = { wishId: id, ...body.beneficiary };
  // Staff hear a wish awaits their screening, in its own transaction.
  await store.createWish(wish, beneficiary, await wishSubmittedWrites(wish, now));
  return detailFor(wish, p, beneficiary);
}

// ---------- lists ----------

async function detailPage(res: Page<WishRecord>, p: Principal): Promise<Page<WishDetail>> {
  const viewers = await Promise.all(res.items.map((w) => viewerOf(p, w)));
  const wanted = res.items.filter((w, i) => seesBeneficiary(viewers[i])).map((w) => w.id);
  const bs = await store.beneficiariesOf(wanted);
  const items = await Promise.all(res.items.map((w, i) => withUrls(detailView(w, viewers[i], bs.get(w.id)))));
  return { items, ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}

/** 我发布的: the caller's wishes, newest first, with the beneficiary (theirs to see). */
export async function myWishes(p: Principal, page: PageQuery): Promise<Page<WishDetail>> {
  return detailPage(await store.posterWishes(p.userId, page), p);
}

/** 我认领的: wishes the caller claimed, newest claim first. */
export async function myClaims(p: Principal, page: PageQuery): Promise<Page<WishDetail>> {
  return detailPage(await store.claimantWishes(p.userId, page), p);
}

/** The screening queue 待审核: a community's submitted wishes, oldest first, for its staff. */
export async function screeningQueue(communityId: string, p: Principal, page: PageQuery): Promise<Page<WishDetail>> {
  await authorizeStaff(p, { communityId }, 'wish:screen');
  return detailPage(await store.communityWishes(communityId, 'submitted', {}, page, true), p);
}

/** The building a confirmed, reported-in member serves in this community (their wishes come first on the wall). */
async function servedBuilding(p: Principal | undefined, communityId: string): Promise<string | undefined> {
  if (!p?.roles.member) return undefined;
  const r = await store.reportInOf(p.userId);
  return r && r.status === 'confirmed' && r.communityId === communityId && r.buildingId ? String(r.buildingId) : undefined;
}

/**
 * The public wall of a community (open by default), newest first, masked. A member's own
 * building comes first: the cursor says which part (`p` 0: that building, 1: the rest of
 * the community without it) and where in it; each request reads one or two index pages.
 */
export async function wall(q: WallQuery, p?: Principal): Promise<Page<Wish>> {
  const status = q.status ?? 'open';
  const filter: store.WishFilter = q.kind ? { kind: q.kind } : {};
  let res: Page<WishRecord>;
  const mine = q.buildingId ? undefined : await servedBuilding(p, q.communityId);
  if (q.buildingId) {
    res = await store.buildingWishes(q.buildingId, status, filter, q);
    res = { ...res, items: res.items.filter((w) => w.communityId === q.communityId) };
  } else if (!mine) {
    res = await store.communityWishes(q.communityId, status, filter, q);
  } else {
    const at = decodeCursor(q.cursor);
    let part = at ? Number(at.p) : 0;
    let inner = at && at.k ? String(at.k) : undefined;
    const items: WishRecord[] = [];
    while (part < 2 && items.length < q.limit) {
      const page = { limit: q.limit - items.length, cursor: inner };
      const r = part === 0 ? await store.buildingWishes(mine, status, filter, page) : await store.communityWishes(q.communityId, status, { ...filter, notBuildingId: mine }, page);
      items.push(...r.items);
      if (r.nextCursor) inner = r.nextCursor;
      else {
        part++;
        inner = undefined;
      }
      if (r.items.length === 0 && r.nextCursor) break; // a filtered page came back empty: hand the cursor back
    }
    const nextCursor = part < 2 ? encodeCursor({ p: part, ...(inner ? { k: inner } : {}) }) : undefined;
    res = { items, ...(nextCursor ? { nextCursor } : {}) };
  }
  return { items: await Promise.all(res.items.map((w) => withUrls(publicView(w)))), ...(res.nextCursor ? { nextCursor: res.nextCursor } : {}) };
}
