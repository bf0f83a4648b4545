import { orgTreeRoutes } from '@shared/api/tree';
import { routesOf } from '../lib/http';
import * as tree from './tree';
import * as units from './units';

const httpRoute = routesOf(orgTreeRoutes);

export const listStreets = httpRoute('listStreets', async ({ query, principal }) => ({ body: await tree.streets(principal, query) }));
export const createStreet = httpRoute('createStreet', async ({ body, principal }) => ({ status: 201, body: await tree.createStreet(principal, body) }));
export const getStreet = httpRoute('getStreet', async ({ params, query, principal }) => ({ body: await tree.streetDetail(principal, params.streetId, query) }));
export const updateStreet = httpRoute('updateStreet', async ({ params, body, principal }) => ({ body: await tree.updateStreet(principal, params.streetId, body) }));
export const deactivateStreet = httpRoute('deactivateStreet', async ({ params, principal }) => ({ body: await tree.deactivateStreet(principal, params.streetId) }));
export const createCommunity = httpRoute('createCommunity', async ({ params, body, principal }) => ({
  status: 201,
  body: await tree.createCommunity(principal, params.streetId, body),
}));
export const updateCommunity = httpRoute('updateCommunity', async ({ params, body, principal }) => ({ body: await tree.updateCommunity(principal, params.communityId, body) }));
export const deactivateCommunity = httpRoute('deactivateCommunity', async ({ params, principal }) => ({ body: await tree.deactivateCommunity(principal, params.communityId) }));
export const listGrids = httpRoute('listGrids', async ({ params, query, principal }) => ({ body: await units.communityGrids(principal, params.communityId, query) }));
export const createGrid = httpRoute('createGrid', async ({ params, body, principal }) => ({ status: 201, body: await units.createGrid(principal, params.communityId, body) }));
export const updateGrid = httpRoute('updateGrid', async ({ params, body, principal }) => ({ body: await units.updateGrid(principal, params.gridId, body) }));
export const deactivateGrid = httpRoute('deactivateGrid', async ({ params, principal }) => ({ body: await units.deactivateGrid(principal, params.gridId) }));
export const createBuilding = httpRoute('createBuilding', async ({ params, body, principal }) => ({
  status: 201,
  body: await units.createBuilding(principal, params.communityId, body),
}));
export const updateBuilding = httpRoute('updateBuilding', async ({ params, body, principal }) => ({ body: await units.updateBuilding(principal, params.buildingId, body) }));
export const deactivateBuilding = httpRoute('deactivateBuilding', async ({ params, principal }) => ({ body: await units.deactivateBuilding(principal, params.buildingId) }));
