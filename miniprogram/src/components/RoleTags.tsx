import { View } from '@tarojs/components';
import type { RoleName } from '@shared/roles';
import { ROLE_LABELS } from '../utils/roles';
import { Tag } from './ui';
import './RoleTags.css';

/** The user's roles as Chinese tags: 居民 / 党员 / 驿站工作人员 / 社区管理员. */
export function RoleTags({ roleNames, id }: { roleNames: readonly RoleName[]; id?: string }) {
  return (
    <View className="role-tags" id={id}>
      {roleNames.map((role) => (
        <View key={role} className="role-tags__item" id={id ? `${id}-${role}` : undefined}>
          <Tag className={`role-tag role-tag--${role}`} type={role === 'resident' ? 'default' : 'primary'} plain={role === 'resident'}>
            {ROLE_LABELS[role]}
          </Tag>
        </View>
      ))}
    </View>
  );
}
