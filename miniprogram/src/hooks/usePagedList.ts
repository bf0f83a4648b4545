import { useCallback, useEffect, useRef, useState } from 'react';

export interface PagedList<T, P> {
  /** Every item loaded so far, page after page. */
  items: T[];
  /** The first page's response (for what a page carries besides items, e.g. ledger totals). */
  first: P | undefined;
  error: Error | undefined;
  /** True while the first page loads (or reloads). */
  loading: boolean;
  /** True while a further page loads. */
  loadingMore: boolean;
  /** More pages follow (the last response had a cursor). */
  hasMore: boolean;
  /** Start again from the first page; resolves when it settles (never rejects). */
  reload: () => Promise<void>;
  /** Append the next page, if any and none is loading. */
  loadMore: () => Promise<void>;
}

/**
 * A list that pages (`limit` + opaque `cursor`, as every list endpoint does): the first
 * page on mount and whenever `deps` change, further pages on `loadMore` (a 加载更多 tap or
 * reaching the bottom). Only the latest request's result is kept.
 */
export function usePagedList<T, P extends { nextCursor?: string }>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[],
  deps: ReadonlyArray<unknown> = [],
  options: { enabled?: boolean } = {},
): PagedList<T, P> {
  const enabled = options.enabled ?? true;
  const [items, setItems] = useState<T[]>([]);
  const [first, setFirst] = useState<P | undefined>(undefined);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [loadingMore, setLoadingMore] = useState(false);
  const seq = useRef(0);
  const fetchRef = useRef({ fetchPage, itemsOf });
  fetchRef.current = { fetchPage, itemsOf };

  const reload = useCallback(async () => {
    const id = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchRef.current.fetchPage(undefined);
      if (id !== seq.current) return;
      setFirst(page);
      setItems(fetchRef.current.itemsOf(page));
      setCursor(page.nextCursor);
    } catch (err) {
      if (id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (id === seq.current) setLoading(false);
    }
  }, []);

  const busy = useRef(false);
  const loadMore = useCallback(async () => {
    if (!cursor || busy.current) return;
    busy.current = true;
    const id = seq.current;
    setLoadingMore(true);
    try {
      const page = await fetchRef.current.fetchPage(cursor);
      if (id !== seq.current) return;
      setItems((prev) => [...prev, ...fetchRef.current.itemsOf(page)]);
      setCursor(page.nextCursor);
    } catch (err) {
      if (id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      busy.current = false;
      setLoadingMore(false);
    }
  }, [cursor]);

  useEffect(() => {
    if (!enabled) {
      seq.current++;
      setItems([]);
      setFirst(undefined);
      setCursor(undefined);
      setLoading(false);
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);

  return { items, first, error, loading, loadingMore, hasMore: !!cursor, reload, loadMore };
}
