import { Text, View } from '@tarojs/components';
import './ComingSoon.css';

/** Friendly placeholder for a feature that is not open yet. */
export function ComingSoon({ id, title, description }: { id: string; title: string; description: string }) {
  return (
    <View className="coming-soon" id={id}>
      <View className="coming-soon__badge">
        <Text className="coming-soon__badge-text">驿</Text>
      </View>
      <Text className="coming-soon__title">{title}</Text>
      <Text className="coming-soon__text">{description}</Text>
      <Text className="coming-soon__hint">敬请期待</Text>
    </View>
  );
}
