/** usePagedRequest: the paged lists (staff review queues, post holders, reveals) and their 加载更多. */
import { act, renderHook, waitFor } from '@testing-library/react';
import { usePagedRequest } from '../src/hooks/usePagedRequest';

/** A server of `total` numbered items, `size` per page, with the cursor the next index. */
function server(total: number, size: number) {
  const calls: (string | undefined)[] = [];
  const fetchPage = jest.fn(async (cursor: string | undefined) => {
    calls.push(cursor);
    const from = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i);
    return { items, ...(from + size < total ? { nextCursor: String(from + size) } : {}) };
  });
  return { fetchPage, calls };
}

test('loads the first page, appends the next one on loadMore, and stops when no cursor comes back', async () => {
  const s = server(5, 2);
  const { result } = renderHook(() => usePagedRequest(s.fetchPage, []));
  await waitFor(() => expect(result.current.loaded).toBe(true));
  expect([result.current.items, result.current.hasMore]).toEqual([[0, 1], true]);
  await act(() => result.current.loadMore());
  await act(() => result.current.loadMore());
  expect([result.current.items, result.current.hasMore]).toEqual([[0, 1, 2, 3, 4], false]);
  await act(() => result.current.loadMore()); // nothing more to ask for
  expect(s.calls).toEqual([undefined, '2', '4']);
});

test('reload starts again from the first page instead of appending', async () => {
  const s = server(3, 2);
  const { result } = renderHook(() => usePagedRequest(s.fetchPage, []));
  await waitFor(() => expect(result.current.loaded).toBe(true));
  await act(() => result.current.loadMore());
  await act(() => result.current.reload());
  expect([result.current.items, result.current.hasMore]).toEqual([[0, 1], true]);
});

test('a failing first page is an error state; a failing next page keeps what is shown', async () => {
  const fetchPage = jest
    .fn()
    .mockRejectedValueOnce(new Error('网络异常'))
    .mockResolvedValueOnce({ items: ['a'], nextCursor: 'c1' })
    .mockRejectedValueOnce(new Error('网络异常'));
  const { result } = renderHook(() => usePagedRequest<string>(fetchPage, []));
  await waitFor(() => expect(result.current.error?.message).toBe('网络异常'));
  await act(() => result.current.reload());
  expect([result.current.error, result.current.items]).toEqual([undefined, ['a']]);
  await act(() => result.current.loadMore());
  expect([result.current.items, result.current.hasMore, result.current.loadingMore]).toEqual([['a'], true, false]);
});
