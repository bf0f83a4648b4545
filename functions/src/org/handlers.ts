import { orgImportRoutes, orgRoutes } from '@shared/api/org';
import { routesOf } from '../lib/http';
import { community, communityBuildings, communitySummaries } from './domain';
import { importBuildings } from './import';

const httpRoute = routesOf(orgRoutes);

export const listCommunities = httpRoute('listCommunities', async ({ query }) => ({ body: await communitySummaries(query) }));

export const getCommunity = httpRoute('getCommunity', async ({ params }) => ({ body: await community(params.communityId) }));

export const listBuildings = httpRoute('listBuildings', async ({ params, query }) => ({ body: await communityBuildings(params.communityId, query) }));

const importRoute = routesOf(orgImportRoutes);

export const importBuildingsHandler = importRoute('importBuildings', async ({ params, body, principal }) => ({
  body: await importBuildings(principal, params.communityId, body),
}));
