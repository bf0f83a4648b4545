import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';

export interface ActionOptions {
  /** Ask first through `Taro.showModal`; the action runs only when the user confirms. */
  confirm?: Taro.showModal.Option;
  /** Toast after success: a title (no icon) or the title and icon. */
  toast?: string | { title: string; icon: 'success' | 'none' };
  /** Runs (awaited) after the success toast, e.g. a list's `reload`. */
  reload?: () => unknown;
}

export interface ActionState<K extends string> {
  /** The key of the action in flight, else null. */
  busy: K | null;
  /**
   * Run `action` keyed by `key` (busy until it settles): confirm first if asked, then the
   * action, the success toast and the reload. A failure is not rethrown: `api()` has
   * already shown the server's message. Resolves true when the action succeeded.
   */
  run: (key: K, action: () => Promise<unknown>, options?: ActionOptions) => Promise<boolean>;
}

/** A page's buttons that call the API one at a time: busy state, confirmation, toast, reload. */
export function useAction<K extends string = string>(): ActionState<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const run = useCallback(async (key: K, action: () => Promise<unknown>, options: ActionOptions = {}) => {
    if (options.confirm && !(await Taro.showModal(options.confirm)).confirm) return false;
    setBusy(key);
    try {
      await action();
      const { toast } = options;
      if (toast !== undefined) void Taro.showToast(typeof toast === 'string' ? { title: toast, icon: 'none' } : toast);
      await options.reload?.();
      return true;
    } catch {
      // api() has shown the server's message.
      return false;
    } finally {
      setBusy(null);
    }
  }, []);
  return { busy, run };
}
