import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { type PagedState, type PageResult, usePagedRequest } from './usePagedRequest';

export interface ListPageOptions {
  /** False while the page cannot load (logged out): nothing loads, pull-down just stops. */
  enabled?: boolean;
  /** What coming back to the page and pulling down reload (default: the list). */
  refresh?: () => Promise<unknown>;
  /** What reaching the bottom loads (default: the list's next page). */
  loadMore?: () => Promise<unknown>;
}

/**
 * A page built around one paged list (我的预约, 我的活动, 消息 …): `usePagedRequest` plus the
 * wiring every such page repeats — reload when the page shows again (after the first load),
 * pull-down to refresh (the spinner stops when it settles), and the next page on reaching
 * the bottom.
 */
export function useListPage<T>(
  fetchPage: (cursor: string | undefined) => Promise<PageResult<T>>,
  deps: ReadonlyArray<unknown> = [],
  options: ListPageOptions = {},
): PagedState<T> {
  const enabled = options.enabled ?? true;
  const list = usePagedRequest(fetchPage, deps, { enabled });
  const refresh = () => (options.refresh ? options.refresh() : list.reload());
  useDidShow(() => {
    if (enabled && list.loaded && !list.loading) void refresh();
  });
  usePullDownRefresh(() => {
    void (enabled ? refresh() : Promise.resolve()).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void (options.loadMore ? options.loadMore() : list.loadMore()));
  return list;
}
