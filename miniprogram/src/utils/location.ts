import Taro from '@tarojs/taro';

/**
 * The user's position (gcj02), or null when denied, unavailable or slower than `timeoutMs`
 * (H5 browsers may leave the permission prompt open forever).
 */
export async function tryGetLocation(timeoutMs = 8000): Promise<{ lat: number; lng: number } | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  const located = Taro.getLocation({ type: 'gcj02' })
    .then((res) => ({ lat: res.latitude, lng: res.longitude }))
    .catch(() => null);
  return Promise.race([located, timeout]);
}
