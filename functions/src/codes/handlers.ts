import { codesRoutes } from '@shared/api/codes';
import { routesOf } from '../lib/http';
import { buildingPage, communityCodes, resolveCode, rotateCode } from './domain';
import { revealGridWorker } from './grid-worker';

const httpRoute = routesOf(codesRoutes);

export const resolve = httpRoute('resolveCode', async ({ params }) => ({ body: await resolveCode(params.token) }));

export const rotateHandler = httpRoute('rotateCode', async ({ params, principal }) => ({ body: await rotateCode(principal, params.token) }));

export const list = httpRoute('listCommunityCodes', async ({ params, principal, query }) => ({
  body: await communityCodes(principal, params.communityId, query),
}));

export const building = httpRoute('buildingPage', async ({ params, query }) => ({ body: await buildingPage(params.buildingId, query.code) }));

export const gridWorker = httpRoute('revealGridWorker', async ({ params, query, principal }) => ({
  body: await revealGridWorker(principal, params.buildingId, query.code),
}));
