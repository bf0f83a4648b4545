import { httpRoute } from '../lib/http';
import { communitySummaries } from './domain';

export const listCommunities = httpRoute('listCommunities', async () => ({ body: { items: await communitySummaries() } }));
