import { orgRoutes } from '@shared/api/org';
import { routesOf } from '../lib/http';
import { communityBuildings, communitySummaries } from './domain';

const httpRoute = routesOf(orgRoutes);

export const listCommunities = httpRoute('listCommunities', async () => ({ body: { items: await communitySummaries() } }));

export const listBuildings = httpRoute('listBuildings', async ({ params, query }) => ({ body: await communityBuildings(params.communityId, query) }));
