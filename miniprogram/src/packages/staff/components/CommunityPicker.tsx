import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { ManagedCommunity } from '../codes-common/communities';

/** The 社区 section of the staff pages: one chip a community (`<idPrefix>-<id>`), then `children`. */
export function CommunityPicker(props: {
  idPrefix: string;
  communities: ManagedCommunity[];
  selectedId: string;
  onSelect: (id: string) => void;
  children?: ReactNode;
}) {
  const { idPrefix, communities, selectedId, onSelect, children } = props;
  return (
    <View className="section">
      <Text className="section__title">社区</Text>
      <View className="s-chips">
        {communities.map((c) => (
          <Text key={c.id} id={`${idPrefix}-${c.id}`} className={`s-chip ${c.id === selectedId ? 's-chip--on' : ''}`} onClick={() => onSelect(c.id)}>
            {c.name}
          </Text>
        ))}
      </View>
      {children}
    </View>
  );
}
