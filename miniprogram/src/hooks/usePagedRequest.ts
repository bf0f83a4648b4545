import { useCallback, useEffect, useRef, useState } from 'react';

export interface PageResult<T> {
  items: T[];
  nextCursor?: string;
}

export interface PagedState<T> {
  /** Every item loaded so far (empty until the first page arrives: see `loaded`). */
  items: T[];
  /** True once a first page arrived (false again while disabled). */
  loaded: boolean;
  /** The last failure, of the first page or of a further one. */
  error: Error | undefined;
  /** True while the first page loads (or reloads). */
  loading: boolean;
  /** True while a further page loads (加载更多). */
  loadingMore: boolean;
  /** True while the server has more after what is shown (`nextCursor`). */
  hasMore: boolean;
  /** Load the next page (no-op while loading or at the end); resolves when it settles. */
  loadMore: () => Promise<void>;
  /** Start again from the first page. */
  reload: () => Promise<void>;
}

/**
 * A list the API hands out page by page (`{items, nextCursor}`). The first page loads on
 * mount and whenever `deps` change (unless `enabled` is false); `loadMore` appends the next
 * one (a 加载更多 button or reaching the bottom). Only the latest request's result is kept,
 * so a reload never mixes with an older, slower page.
 */
export function usePagedRequest<T>(
  fetchPage: (cursor: string | undefined) => Promise<PageResult<T>>,
  deps: ReadonlyArray<unknown> = [],
  options: { enabled?: boolean } = {},
): PagedState<T> {
  const enabled = options.enabled ?? true;
  const [items, setItems] = useState<T[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [loadingMore, setLoadingMore] = useState(false);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const state = useRef({ cursor, loaded });
  state.current = { cursor, loaded };
  // Set synchronously (not from a render): reaching the bottom and a 加载更多 tap in the same
  // tick must not both fetch the same cursor and append its page twice.
  const inFlight = useRef(false);

  const reload = useCallback(async () => {
    const id = ++seq.current;
    inFlight.current = false;
    setLoading(true);
    setLoadingMore(false);
    setError(undefined);
    try {
      const page = await fetchRef.current(undefined);
      if (id !== seq.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch (err) {
      if (id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (id === seq.current) setLoading(false);
    }
  }, []);

  const loadMore = useCallback(async () => {
    const { cursor: next, loaded: ready } = state.current;
    if (!next || inFlight.current || !ready) return;
    inFlight.current = true;
    const id = seq.current;
    setLoadingMore(true);
    setError(undefined);
    try {
      const page = await fetchRef.current(next);
      if (id !== seq.current) return;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
      state.current = { cursor: page.nextCursor, loaded: true };
    } catch (err) {
      if (id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (id === seq.current) {
        inFlight.current = false;
        setLoadingMore(false);
      }
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      seq.current++;
      inFlight.current = false;
      setItems([]);
      setLoaded(false);
      setCursor(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, reload, ...deps]);

  return { items, loaded, error, loading, loadingMore, hasMore: cursor !== undefined, loadMore, reload };
}
