import { useCallback, useEffect, useRef, useState } from 'react';

export interface PageResult<T> {
  items: T[];
  nextCursor?: string;
}

export interface PagedState<T> {
  /** Every item loaded so far (undefined until the first page arrives). */
  items: T[] | undefined;
  error: Error | undefined;
  /** True while the first page loads (or reloads). */
  loading: boolean;
  /** True while a further page loads. */
  loadingMore: boolean;
  /** True while the server has more after what is shown. */
  hasMore: boolean;
  /** Load the next page (no-op while loading or at the end); resolves when it settles. */
  loadMore: () => Promise<void>;
  /** Start again from the first page. */
  reload: () => Promise<void>;
}

/**
 * A list the API hands out page by page (`nextCursor`). The first page loads on mount and
 * whenever `deps` change (unless `enabled` is false); `loadMore` appends the next one. Only
 * the latest request's result is kept, so a reload outruns a slower "more".
 */
export function usePagedRequest<T>(
  fetchPage: (cursor: string | undefined) => Promise<PageResult<T>>,
  deps: ReadonlyArray<unknown> = [],
  options: { enabled?: boolean } = {},
): PagedState<T> {
  const enabled = options.enabled ?? true;
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [loadingMore, setLoadingMore] = useState(false);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const state = useRef({ cursor, loadingMore, items });
  state.current = { cursor, loadingMore, items };

  const reload = useCallback(async () => {
    const id = ++seq.current;
    setLoading(true);
    setLoadingMore(false);
    setError(undefined);
    try {
      const page = await fetchRef.current(undefined);
      if (id !== seq.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
    } catch (err) {
      if (id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (id === seq.current) setLoading(false);
    }
  }, []);

  const loadMore = useCallback(async () => {
    const { cursor: next, loadingMore: busy, items: shown } = state.current;
    if (!next || busy || shown === undefined) return;
    const id = seq.current;
    setLoadingMore(true);
    setError(undefined);
    try {
      const page = await fetchRef.current(next);
      if (id !== seq.current) return;
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      if (id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (id === seq.current) setLoadingMore(false);
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      seq.current++;
      setItems(undefined);
      setCursor(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, reload, ...deps]);

  return { items, error, loading, loadingMore, hasMore: cursor !== undefined, loadMore, reload };
}
