import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { ManagedCommunity } from '../codes-common/communities';
import { ChoiceChips } from '../../../components/Chips';

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
      <ChoiceChips idPrefix={idPrefix} options={communities.map((c) => ({ value: c.id, label: c.name }))} value={selectedId} onChange={onSelect} />
      {children}
    </View>
  );
}
