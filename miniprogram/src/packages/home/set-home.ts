import Taro from '@tarojs/taro';
import { api } from '../../api/client';
import { rememberHome } from '../../utils/home';

/** PUT /me/home, then says so; errors (404 for a building gone out of service) go to the caller. */
export async function setHome(buildingId: string) {
  const res = await api('setMyHome', { buildingId }, { silent: true });
  rememberHome(res.home);
  void Taro.showToast({ title: '已设为我家', icon: 'success' });
  return res.home;
}
