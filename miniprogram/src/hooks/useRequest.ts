import { useCallback, useEffect, useRef, useState } from 'react';

export interface RequestState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while a request is in flight (first load or reload). */
  loading: boolean;
  /** Run the request again; resolves when it settles (never rejects). */
  reload: () => Promise<void>;
}

/**
 * Load data for a page. `fetcher` runs on mount and whenever `deps` change, unless
 * `enabled` is false (then data is cleared). Only the latest request's result is kept.
 */
export function useRequest<T>(
  fetcher: () => Promise<T>,
  deps: ReadonlyArray<unknown> = [],
  options: { enabled?: boolean } = {},
): RequestState<T> {
  const enabled = options.enabled ?? true;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(enabled);
  const seq = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async () => {
    const id = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const result = await fetcherRef.current();
      if (mounted.current && id === seq.current) setData(result);
    } catch (err) {
      if (mounted.current && id === seq.current) setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      if (mounted.current && id === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!enabled) {
      seq.current++;
      setData(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, run, ...deps]);

  return { data, error, loading, reload: run };
}
