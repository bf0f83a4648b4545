import Taro from '@tarojs/taro';
import { IS_WEAPP } from '../config';

/**
 * The user's position (gcj02 in WeChat; in H5 the browser's wgs84, the only system Taro's H5
 * getLocation supports — a few hundred metres off in China, fine for "nearby"), or null when
 * denied, unavailable or slower than `timeoutMs` (H5 browsers may leave the prompt open forever).
 */
export async function tryGetLocation(timeoutMs = 8000): Promise<{ lat: number; lng: number } | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  const located = Taro.getLocation({ type: IS_WEAPP ? 'gcj02' : 'wgs84' })
    .then((res) => ({ lat: res.latitude, lng: res.longitude }))
    .catch(() => null);
  return Promise.race([located, timeout]);
}
