import { orgImportRoutes, orgRoutes } from '@shared/api/org';
import { routesOf } from '../lib/http';
import { communityBuildings, communitySummaries } from './domain';
import { importBuildings } from './import';

const httpRoute = routesOf(orgRoutes);

export const listCommunities = httpRoute('listCommunities', async () => ({ body: { items: await communitySummaries() } }));

export const listBuildings = httpRoute('listBuildings', async ({ params, query }) => ({ body: await communityBuildings(params.communityId, query) }));

const importRoute = routesOf(orgImportRoutes);

export const importBuildingsHandler = importRoute('importBuildings', async ({ params, body, principal }) => ({
  body: await importBuildings(principal, params.communityId, body),
}));
