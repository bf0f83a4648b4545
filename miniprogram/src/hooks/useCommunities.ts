import type { CommunitySummary } from '@shared/api/org';
import { api } from '../api/client';
import { usePagedRequest, type PagedState } from './usePagedRequest';
import { useRequest } from './useRequest';

/**
 * All communities, a page at a time (`GET /communities` pages like every list): the lists and
 * pickers that offer communities show the first page and 加载更多 while more follow.
 */
export function useCommunities(options: { silent?: boolean; enabled?: boolean } = {}): PagedState<CommunitySummary> {
  const { silent, enabled } = options;
  return usePagedRequest((cursor) => api('listCommunities', undefined, { query: cursor ? { cursor } : {}, silent }), [], { enabled });
}

/**
 * The community a picker has chosen (a draft's, or one remembered from last time), even when
 * it sits on a page not loaded yet: then it is read on its own (`GET /communities/{id}`).
 */
export function useChosenCommunity(communityId: string, communities: PagedState<CommunitySummary>): CommunitySummary | undefined {
  const listed = communities.items.find((c) => c.id === communityId);
  const single = useRequest(() => api('getCommunity', undefined, { params: { communityId }, silent: true }), [communityId], {
    enabled: Boolean(communityId) && communities.loaded && !listed,
  });
  return listed ?? (single.data?.id === communityId ? single.data : undefined);
}

/** A picker's options: the loaded pages, plus the chosen community when it is not among them. */
export function withChosen(items: CommunitySummary[], chosen: CommunitySummary | undefined): CommunitySummary[] {
  return chosen && !items.some((c) => c.id === chosen.id) ? [...items, chosen] : items;
}
