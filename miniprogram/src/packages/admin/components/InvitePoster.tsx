import { useMemo } from 'react';
import { Text, View } from '@tarojs/components';
import { create } from 'qrcode/lib/core/qrcode';
import type { Invite } from '@shared/api/roles';
import { formatCst } from '../../../utils/time';
import './admin.css';

/**
 * An invitation as a poster: red header, the QR code of its landing page (drawn as a grid
 * of cells, so it renders the same in WeChat and H5 with no canvas), who is invited to
 * what, and until when. Scanned with 微信扫一扫 or shared as a card.
 */
export function InvitePoster({ invite }: { invite: Invite }) {
  const rows = useMemo(() => {
    const { size, data } = create(invite.url, { errorCorrectionLevel: 'M' }).modules;
    return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => data[y * size + x] === 1));
  }, [invite.url]);
  return (
    <View className="invite-poster" id="invite-poster">
      <Text className="invite-poster__head">红色驿站 · 任命邀请</Text>
      <View className="invite-poster__qr" id="invite-qr">
        {rows.map((row, y) => (
          <View key={y} className="invite-poster__row">
            {row.map((dark, x) => (
              <View key={x} className={dark ? 'invite-poster__cell invite-poster__cell--dark' : 'invite-poster__cell'} />
            ))}
          </View>
        ))}
      </View>
      <Text className="invite-poster__title" id="invite-poster-title">
        邀请您担任{invite.scopeName}的{invite.roleLabel}
      </Text>
      <Text className="invite-poster__note">微信扫一扫接受邀请 · 有效期至 {formatCst(invite.expiresAt)} · 仅限一人使用</Text>
      <Text className="invite-poster__url" id="invite-url" userSelect>
        {invite.url}
      </Text>
    </View>
  );
}
