import { Image, Text, View } from '@tarojs/components';
import type { BuildingMember } from '@shared/api/codes';
import { phoneForDisplay } from '../utils/phone';
import { Button, Tag } from './ui';
import './MemberCard.css';

export interface MemberCardProps {
  member: BuildingMember;
  /** The full number, once this viewer revealed it (联系TA). */
  revealed?: string;
  busy?: boolean;
  onContact?: (member: BuildingMember) => void;
  onCall?: (phone: string) => void;
}

/** A party member serving a building 亮身份: photo, name, branch, posts, masked phone, 联系TA. */
export function MemberCard({ member, revealed, busy, onContact, onCall }: MemberCardProps) {
  const phone = phoneForDisplay(member.phoneMasked, revealed);
  const id = `member-${member.userId}`;
  return (
    <View className="member-card" id={id}>
      {member.photoUrl ? (
        <Image className="member-card__photo" src={member.photoUrl} mode="aspectFill" />
      ) : (
        <View className="member-card__photo member-card__photo--empty">
          <Text className="member-card__initial">{member.name.slice(0, 1)}</Text>
        </View>
      )}
      <View className="member-card__main">
        <View className="member-card__head">
          <Text className="member-card__name" id={`${id}-name`}>
            {member.name}
          </Text>
          <Tag type="primary">党员</Tag>
        </View>
        <Text className="member-card__branch">{member.branch}</Text>
        {member.posts.length > 0 && (
          <View className="member-card__posts" id={`${id}-posts`}>
            {member.posts.map((p) => (
              <Tag key={p} type="default" className="member-card__post">
                {p}
              </Tag>
            ))}
          </View>
        )}
        {phone && (
          <View className="member-card__phone-row">
            <Text className="member-card__phone" id={`${id}-phone`}>
              电话 {phone}
            </Text>
            {revealed ? (
              <Button id={`${id}-call`} size="small" type="primary" onClick={() => onCall?.(revealed)}>
                拨打
              </Button>
            ) : (
              member.canReveal && (
                <Button id={`${id}-contact`} size="small" type="primary" fill="outline" loading={busy} onClick={() => onContact?.(member)}>
                  联系TA
                </Button>
              )
            )}
          </View>
        )}
      </View>
    </View>
  );
}
