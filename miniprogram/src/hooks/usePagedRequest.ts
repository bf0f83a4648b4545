import { useCallback, useEffect, useRef, useState } from 'react';

export interface PagedState<T> {
  items: T[];
  /** First page (or a reload) in flight. */
  loading: boolean;
  /** A further page in flight (加载更多). */
  loadingMore: boolean;
  error: Error | undefined;
  /** The server said more follow (`nextCursor`). */
  hasMore: boolean;
  loaded: boolean;
  loadMore: () => Promise<void>;
  reload: () => Promise<void>;
}

/**
 * A paged list (`{items, nextCursor}`): the first page on mount and whenever `deps` change,
 * the next one on `loadMore` (a 加载更多 button or reaching the bottom). Only the latest
 * request of a generation is kept, so a reload never mixes with an older page.
 */
export function usePagedRequest<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
  deps: ReadonlyArray<unknown> = [],
  options: { enabled?: boolean } = {},
): PagedState<T> {
  const enabled = options.enabled ?? true;
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchRef.current(undefined);
      if (gen !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch (err) {
      if (gen === generation.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    try {
      const page = await fetchRef.current(cursor);
      if (gen !== generation.current) return;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch {
      // api() has shown the server's message; the button stays for another try.
    } finally {
      if (gen === generation.current) setLoadingMore(false);
    }
  }, [cursor, loadingMore]);

  useEffect(() => {
    if (!enabled) {
      generation.current++;
      setItems([]);
      setCursor(undefined);
      setLoaded(false);
      setLoading(false);
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, reload, ...deps]);

  return { items, loading, loadingMore, error, hasMore: Boolean(cursor), loaded, loadMore, reload };
}
