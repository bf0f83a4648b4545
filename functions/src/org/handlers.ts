import { orgRoutes } from '@shared/api/org';
import { routesOf } from '../lib/http';
import { community, communityBuildings, communitySummaries } from './domain';

const httpRoute = routesOf(orgRoutes);

export const listCommunities = httpRoute('listCommunities', async ({ query }) => ({ body: await communitySummaries(query) }));

export const getCommunity = httpRoute('getCommunity', async ({ params }) => ({ body: await community(params.communityId) }));

export const listBuildings = httpRoute('listBuildings', async ({ params, query }) => ({ body: await communityBuildings(params.communityId, query) }));
