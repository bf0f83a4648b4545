import Taro from '@tarojs/taro';
import type { SubscribeAsksResponse, SubscribeNeed } from '@shared/api/messages';
import { api } from '../api/client';
import { IS_WEAPP } from '../config';

/**
 * WeChat subscription messages 订阅消息: the template ids each tap asks for come from the
 * server (GET /subscriptions/asks, per stage) once per launch and are kept, because the ask
 * itself must happen synchronously in the tap.
 */
const STORAGE_KEY = 'subscribeAsks';
let asks: SubscribeAsksResponse | undefined;

/** Loads (weapp only) which templates each tap asks for; on failure the last stored ones stay. */
export async function loadSubscribeAsks(): Promise<void> {
  if (!IS_WEAPP) return;
  try {
    asks = await api('subscribeAsks', undefined, { silent: true });
    Taro.setStorageSync(STORAGE_KEY, asks);
  } catch {
    // No ask until the next launch loads them (or the stored ones from the last).
  }
}

function askedIds(need: SubscribeNeed): string[] {
  const known = asks ?? (Taro.getStorageSync(STORAGE_KEY) as SubscribeAsksResponse | '');
  return known ? (known[need] ?? []).slice(0, 3) : [];
}

/**
 * Asks the person to subscribe to the `need`'s templates and records the accepted ones
 * (POST /me/subscriptions: one send each). CALL IT IN THE TAP HANDLER BEFORE ITS FIRST await:
 * WeChat shows the dialog only in direct answer to a tap. Resolves to the accepted ids; never
 * rejects. Nothing happens on H5 (no such API) or when the stage has no templates.
 */
export function askSubscribe(need: SubscribeNeed): Promise<string[]> {
  const ids = askedIds(need);
  if (!IS_WEAPP || ids.length === 0) return Promise.resolve([]);
  return new Promise<string[]>((resolve) => {
    Taro.requestSubscribeMessage({
      tmplIds: ids,
      success: (res: Taro.requestSubscribeMessage.SuccessCallbackResult) => resolve(ids.filter((id) => res[id] === 'accept')),
      fail: () => resolve([]),
      // Taro's typing also demands alipay's entityIds; weapp takes tmplIds only.
    } as unknown as Taro.requestSubscribeMessage.Option);
  }).then((accepted) => {
    // Recorded in the background: the tap's own work does not wait for it.
    if (accepted.length > 0) api('subscribeMessages', { accepted }, { silent: true }).catch(() => undefined);
    return accepted;
  });
}
