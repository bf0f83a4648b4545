import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { setCareMode, useCareMode } from '../utils/careMode';

/** 我的 → 关怀模式: a switch with its state in words (已开启 / 未开启), not by colour alone. */
export function CareModeSwitch() {
  const on = useCareMode();
  const toggle = () => {
    setCareMode(!on);
    void Taro.showToast({ title: on ? '已关闭关怀模式' : '已开启关怀模式', icon: 'none' });
  };
  return (
    <View className="section">
      <View id="care-mode-switch" className="care-switch" role="switch" aria-checked={on} aria-label="关怀模式" hoverClass="ui-cell--hover" onClick={toggle}>
        <View className="ui-cell__main">
          <Text className="ui-cell__title">关怀模式</Text>
          <Text className="ui-cell__desc">字更大、按钮更大，适合长辈使用</Text>
        </View>
        <Text id="care-mode-state" className={on ? 'care-switch__state care-switch__state--on' : 'care-switch__state'}>
          {on ? '已开启' : '未开启'}
        </Text>
      </View>
    </View>
  );
}
