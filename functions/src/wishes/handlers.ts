import { wishesRoutes } from '@shared/api/wishes';
import { routesOf } from '../lib/http';
import { logger } from '../lib/logger';
import * as wishes from './domain';

const httpRoute = routesOf(wishesRoutes);

export const listWishes = httpRoute('listWishes', async ({ query, principal }) => ({ body: await wishes.wall(query, principal) }));
export const myWishes = httpRoute('myWishes', async ({ query, principal }) => ({ body: await wishes.myWishes(principal, query) }));
export const myWishClaims = httpRoute('myWishClaims', async ({ query, principal }) => ({ body: await wishes.myClaims(principal, query) }));
export const wishScreeningQueue = httpRoute('wishScreeningQueue', async ({ params, query, principal }) => ({ body: await wishes.screeningQueue(params.communityId, principal, query) }));
export const getWish = httpRoute('getWish', async ({ params, principal }) => ({ body: await wishes.getWish(params.wishId, principal) }));
export const createWish = httpRoute('createWish', async ({ body, principal }) => ({ status: 201, body: await wishes.createWish(body, principal) }));
export const approveWish = httpRoute('approveWish', async ({ params, body, principal }) => ({ body: await wishes.approveWish(params.wishId, body.version, principal) }));
export const takeDownWish = httpRoute('takeDownWish', async ({ params, body, principal }) => ({ body: await wishes.takeDownWish(params.wishId, body.reason, body.version, principal) }));
export const withdrawWish = httpRoute('withdrawWish', async ({ params, body, principal }) => ({ body: await wishes.withdrawWish(params.wishId, body.version, principal) }));
export const claimWish = httpRoute('claimWish', async ({ params, body, principal }) => ({ body: await wishes.claimWish(params.wishId, body, principal) }));
export const releaseWishClaim = httpRoute('releaseWishClaim', async ({ params, body, principal }) => ({ body: await wishes.releaseClaim(params.wishId, body.version, principal) }));
export const deliverWish = httpRoute('deliverWish', async ({ params, body, principal }) => ({ body: await wishes.deliverWish(params.wishId, body, principal) }));
export const confirmWish = httpRoute('confirmWish', async ({ params, body, principal }) => ({ body: await wishes.confirmWish(params.wishId, body.version, principal) }));
export const thankWish = httpRoute('thankWish', async ({ params, body, principal }) => ({ body: await wishes.thankWish(params.wishId, body.note, body.version, principal) }));

/** Scheduled every 10 minutes (functions.yml): expiries, lapsed claims, automatic confirmations. */
export async function sweepWishes() {
  const report = await wishes.sweepWishes(new Date());
  logger.info('wish job finished', { expired: report.expired.length, lapsed: report.lapsed.length, confirmed: report.confirmed.length, errors: report.errors });
  if (report.errors > 0) throw new Error(`wish job: ${report.errors} wish(es) failed; see the log`);
  return report;
}
