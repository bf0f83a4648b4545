import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import './HomeEntry.css';

export const HOME_PAGE = '/pages/index/index';

/**
 * 首页 entry at the foot of pages people open straight from a poster (scan, building page):
 * there is nothing behind them to go back to, so this is their way into the app.
 */
export function HomeEntry({ id }: { id: string }) {
  return (
    <View className="home-entry" id={id} onClick={() => void Taro.reLaunch({ url: HOME_PAGE })}>
      <Text className="home-entry__text">进入红色驿站首页</Text>
      <Text className="home-entry__hint">预约场地、参与众筹、党员报到</Text>
    </View>
  );
}
