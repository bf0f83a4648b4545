/**
 * 任命邀请: where an invitation's QR poster or share card leads. Anyone can open it (no
 * login needed to see who invites them to what); accepting logs in first. A used link
 * shows the server's 409, a revoked or expired one its 410, in Chinese.
 */
import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { AcceptInviteResponse } from '@shared/api/roles';
import { api, ApiError, requestLogin } from '../../api/client';
import { getToken } from '../../auth/session';
import { useRequest } from '../../hooks/useRequest';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { Button } from '../../components/ui';
import { formatCst } from '../../utils/time';
import './index.css';

export default function InvitePage() {
  const token = useRouter().params.t ?? '';
  const invite = useRequest(() => api('getInvite', undefined, { params: { token }, silent: true }), [token], { enabled: token !== '' });
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AcceptInviteResponse | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const accept = async () => {
    setBusy(true);
    try {
      if (!getToken() && !(await requestLogin())) return;
      const body = invite.data?.role === 'gridWorker' ? { name: name.trim(), phone: phone.trim() } : {};
      setDone(await api('acceptInvite', body, { params: { token }, silent: true }));
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 409 || e.status === 410) setRefusal(e.message);
      else void Taro.showToast({ title: e.message || '接受失败，请重试', icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  if (!token) return <PageShell id="page-invite"><Text className="invite-message" id="invite-message">邀请链接不完整，请重新扫码或打开分享</Text></PageShell>;
  if (done) {
    return (
      <PageShell id="page-invite">
        <Text className="invite-message" id="invite-accepted">
          已成为{done.scopeName}的{done.roleLabel}
        </Text>
        <View className="invite-actions">
          <Button id="invite-workbench" type="primary" block onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/index/index' })}>
            进入工作台
          </Button>
        </View>
      </PageShell>
    );
  }
  const shownError = refusal ?? (invite.error ? invite.error.message : null);
  if (shownError) {
    return (
      <PageShell id="page-invite">
        <Text className="invite-message" id="invite-message">{shownError}</Text>
      </PageShell>
    );
  }
  const inv = invite.data;
  return (
    <PageShell id="page-invite">
      <StateView idPrefix="invite" loading={invite.loading} onRetry={() => void invite.reload()}>
        {inv && (
          <View>
            <View className="invite-card" id="invite-card">
              <Text className="invite-card__role" id="invite-role">{inv.roleLabel}</Text>
              <Text className="invite-card__line" id="invite-scope">{inv.scopeName}</Text>
              <Text className="invite-card__line">邀请人：{inv.inviterName}</Text>
              <Text className="invite-card__line">有效期至：{formatCst(inv.expiresAt)}</Text>
              {inv.role === 'gridWorker' && (
                <View>
                  <View className="invite-field">
                    <Text className="invite-field__label">姓名（居民在楼栋页看到）</Text>
                    <Input id="invite-name" className="invite-field__input" value={name} maxlength={20} placeholder="请输入姓名" onInput={(e) => setName(e.detail.value)} />
                  </View>
                  <View className="invite-field">
                    <Text className="invite-field__label">工作电话（楼栋页打码显示）</Text>
                    <Input id="invite-phone" className="invite-field__input" type="text" value={phone} maxlength={13} placeholder="手机号或座机号" onInput={(e) => setPhone(e.detail.value)} />
                  </View>
                </View>
              )}
            </View>
            <View className="invite-actions">
              <Button id="invite-accept" type="primary" block loading={busy} onClick={() => void accept()}>
                接受邀请
              </Button>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
