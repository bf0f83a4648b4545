/** useAction: the busy-keyed action of the staff/member/crowdfund pages (confirm, toast, reload). */
import { act, renderHook } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { useAction } from '../src/hooks/useAction';

const showModal = Taro.showModal as unknown as jest.Mock;
const showToast = Taro.showToast as unknown as jest.Mock;

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  showModal.mockReset().mockResolvedValue({ confirm: true, cancel: false });
  showToast.mockClear();
});

test('busy with the key while running; toast, then reload, then not busy', async () => {
  const { result } = renderHook(() => useAction());
  const call = deferred();
  const order: string[] = [];
  showToast.mockImplementationOnce(() => {
    order.push('toast');
    return Promise.resolve();
  });
  const reload = jest.fn(async () => {
    order.push('reload');
  });
  let done!: Promise<boolean>;
  act(() => {
    done = result.current.run('u-1', () => call.promise.then(() => void order.push('action')), { toast: '已解除', reload });
  });
  expect(result.current.busy).toBe('u-1');
  expect(reload).not.toHaveBeenCalled();
  await act(async () => {
    call.resolve();
    expect(await done).toBe(true);
  });
  expect(order).toEqual(['action', 'toast', 'reload']);
  expect(showToast).toHaveBeenCalledWith({ title: '已解除', icon: 'none' });
  expect(showModal).not.toHaveBeenCalled();
  expect(result.current.busy).toBeNull();
});

test('passes a toast with its icon as it is', async () => {
  const { result } = renderHook(() => useAction());
  await act(async () => {
    await result.current.run('cf-1', async () => undefined, { toast: { title: '已提交审核', icon: 'success' } });
  });
  expect(showToast).toHaveBeenCalledWith({ title: '已提交审核', icon: 'success' });
});

test('asks first; cancelling runs nothing and never gets busy', async () => {
  showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
  const { result } = renderHook(() => useAction());
  const action = jest.fn(async () => undefined);
  const reload = jest.fn();
  const confirm = { title: '撤回认捐', content: '确定撤回吗？', confirmText: '撤回', cancelText: '取消' };
  let ok: boolean | undefined;
  await act(async () => {
    ok = await result.current.run('p-1', action, { confirm, toast: '已撤回', reload });
  });
  expect(ok).toBe(false);
  expect(showModal).toHaveBeenCalledWith(confirm);
  expect(action).not.toHaveBeenCalled();
  expect(showToast).not.toHaveBeenCalled();
  expect(reload).not.toHaveBeenCalled();
  expect(result.current.busy).toBeNull();
});

test('confirming runs the action', async () => {
  const { result } = renderHook(() => useAction());
  const action = jest.fn(async () => undefined);
  await act(async () => {
    expect(await result.current.run('p-1', action, { confirm: { title: 't', content: 'c' } })).toBe(true);
  });
  expect(showModal).toHaveBeenCalledTimes(1);
  expect(action).toHaveBeenCalledTimes(1);
});

test('a failed action: no toast, no reload, not rethrown, busy cleared', async () => {
  const { result } = renderHook(() => useAction());
  const reload = jest.fn();
  let ok: boolean | undefined;
  await act(async () => {
    ok = await result.current.run('u-2', () => Promise.reject(new Error('409')), { toast: '已驳回', reload });
  });
  expect(ok).toBe(false);
  expect(showToast).not.toHaveBeenCalled();
  expect(reload).not.toHaveBeenCalled();
  expect(result.current.busy).toBeNull();
});
