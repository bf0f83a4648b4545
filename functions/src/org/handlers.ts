import { httpRoute } from '../lib/http';
import { communityBuildings, communitySummaries } from './domain';

export const listCommunities = httpRoute('listCommunities', async () => ({ body: { items: await communitySummaries() } }));

export const listBuildings = httpRoute('listBuildings', async ({ params }) => ({ body: { items: await communityBuildings(params.communityId) } }));
