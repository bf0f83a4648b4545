/**
 * 人员与任命: a community's admins, staff per station and grid workers; invitations (QR
 * poster, share card, copy link) and their withdrawal; revoking an appointment after a
 * confirmation. For community admins (staff) and street admins (community admins too).
 */
import { useState } from 'react';
import Taro, { usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Invite, Person } from '@shared/api/roles';
import { api } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { formatCst } from '../../../../utils/time';
import { InvitePoster } from '../../components/InvitePoster';
import '../../components/admin.css';

type InviteRole = 'staff' | 'admin';

const confirm = (title: string, content: string, confirmText: string): Taro.showModal.Option => ({ title, content, confirmText, confirmColor: THEME_RED, cancelText: '取消' });

export default function PeoplePage() {
  const me = useRequest(() => api('me', undefined, { silent: true }), []);
  const communities = me.data?.adminCommunities ?? [];
  const mayAppointAdmins = (me.data?.streets?.length ?? 0) > 0 || me.data?.root === true;
  const [picked, setPicked] = useState('');
  const communityId = picked || communities[0]?.id || '';
  const [role, setRole] = useState<InviteRole>('staff');
  const [stationId, setStationId] = useState('');
  const [shown, setShown] = useState<Invite | null>(null);
  const action = useAction();

  const people = usePagedRequest(
    (cursor) => api('listPeople', undefined, { params: { communityId }, query: { limit: 20, cursor }, silent: true }),
    [communityId],
    { enabled: communityId !== '' },
  );
  const stations = useRequest(() => api('listStations', undefined, { query: { communityId, limit: 50 }, silent: true }), [communityId], { enabled: communityId !== '' });
  const invites = useRequest(() => api('listMyInvites', undefined, { silent: true }), []);
  usePullDownRefresh(() => void Promise.all([people.reload(), invites.reload()]).finally(() => Taro.stopPullDownRefresh()));
  useShareAppMessage(() =>
    shown
      ? { title: `邀请您担任${shown.scopeName}的${shown.roleLabel}`, path: `/packages/invite/index?t=${shown.token}` }
      : { title: '红色驿站', path: '/pages/index/index' },
  );

  const scopeId = role === 'admin' ? communityId : stationId || stations.data?.items[0]?.id || '';
  const createInvite = () =>
    action.run('invite', async () => {
      const inv = await api('createInvite', { role, scopeId });
      setShown(inv);
      await invites.reload();
    });

  const revokePerson = (p: Person) =>
    action.run(`revoke-${p.userId}-${p.scopeId}`, () => api('revokeRole', undefined, { params: { userId: p.userId, role: p.role, scopeId: p.scopeId } }), {
      confirm: confirm('撤销任命', `确定撤销${p.name}的${p.scopeName}${p.roleLabel}职务吗？撤销后立即生效。`, '撤销'),
      toast: '已撤销',
      reload: () => people.reload(),
    });

  const revokeInvite = (inv: Invite) =>
    action.run(`invite-${inv.token}`, () => api('revokeInvite', undefined, { params: { token: inv.token } }), {
      confirm: confirm('撤销邀请', `确定撤销邀请（${inv.scopeName}${inv.roleLabel}）吗？链接和二维码将失效。`, '撤销'),
      toast: '已撤销邀请',
      reload: async () => {
        if (shown?.token === inv.token) setShown(null);
        await invites.reload();
      },
    });

  return (
    <PageShell id="page-people">
      <StateView
        idPrefix="people-me"
        loading={me.loading}
        error={me.error}
        empty={me.data !== undefined && communities.length === 0}
        emptyText="暂无可管理的社区"
        emptyHint="社区管理员和街道管理员可在这里任命人员。"
        onRetry={() => void me.reload()}
      >
        <View className="section">
          <Text className="section__title">社区</Text>
          <View className="a-chips">
            {communities.map((c) => (
              <Text key={c.id} id={`people-community-${c.id}`} className={`a-chip ${c.id === communityId ? 'a-chip--on' : ''}`} onClick={() => { setPicked(c.id); setShown(null); }}>
                {c.name}
              </Text>
            ))}
          </View>
        </View>

        <View className="section" id="people-invite">
          <Text className="section__title">发出邀请</Text>
          <View className="a-chips">
            <Text id="invite-role-staff" className={`a-chip ${role === 'staff' ? 'a-chip--on' : ''}`} onClick={() => setRole('staff')}>驿站工作人员</Text>
            {mayAppointAdmins && (
              <Text id="invite-role-admin" className={`a-chip ${role === 'admin' ? 'a-chip--on' : ''}`} onClick={() => setRole('admin')}>社区管理员</Text>
            )}
          </View>
          {role === 'staff' && (
            <View className="a-chips">
              {(stations.data?.items ?? []).map((s) => (
                <Text key={s.id} id={`invite-station-${s.id}`} className={`a-chip ${s.id === scopeId ? 'a-chip--on' : ''}`} onClick={() => setStationId(s.id)}>
                  {s.name}
                </Text>
              ))}
              {stations.data?.items.length === 0 && <Text className="section__note">本社区还没有驿站</Text>}
            </View>
          )}
          <View className="a-actions">
            <Button id="invite-create" type="primary" block loading={action.busy === 'invite'} disabled={!scopeId} onClick={() => void createInvite()}>
              生成邀请二维码
            </Button>
          </View>
        </View>

        {shown && (
          <View id="invite-shown">
            <InvitePoster invite={shown} />
            <View className="a-actions">
              <Button id="invite-copy" block onClick={() => void Taro.setClipboardData({ data: shown.url })}>
                复制邀请链接
              </Button>
              <Text className="section__note">在微信中点右上角「…」可将邀请以卡片形式转发给对方。</Text>
            </View>
          </View>
        )}

        <View className="section" id="people-list">
          <Text className="section__title">人员</Text>
          <StateView idPrefix="people" loading={people.loading} error={people.error} empty={people.loaded && people.items.length === 0} emptyText="暂无任命记录" onRetry={() => void people.reload()}>
            {people.items.map((p) => (
              <View key={`${p.role}-${p.scopeId}-${p.userId}`} className="a-item" id={`person-${p.role}-${p.scopeId}-${p.userId}`}>
                <View className="a-item__main">
                  <Text className="a-item__title">{p.name}</Text>
                  <Text className="a-item__sub">
                    {p.roleLabel} · {p.scopeName}
                    {p.phone ? ` · ${p.phone}` : ''}
                  </Text>
                </View>
                <Button size="small" fill="outline" id={`revoke-${p.role}-${p.scopeId}-${p.userId}`} loading={action.busy === `revoke-${p.userId}-${p.scopeId}`} onClick={() => void revokePerson(p)}>
                  撤销
                </Button>
              </View>
            ))}
            <LoadMore id="people-more" hasMore={people.hasMore} loading={people.loadingMore} error={people.error} onMore={() => void people.loadMore()} count={people.items.length} />
          </StateView>
        </View>

        <View className="section" id="people-open-invites">
          <Text className="section__title">我发出的未使用邀请</Text>
          <StateView idPrefix="invites" loading={invites.loading} error={invites.error} empty={invites.data?.items.length === 0} emptyText="没有未使用的邀请" onRetry={() => void invites.reload()}>
            {(invites.data?.items ?? []).map((inv) => (
              <View key={inv.token} className="a-item" id={`open-invite-${inv.token}`}>
                <View className="a-item__main" onClick={() => setShown(inv)}>
                  <Text className="a-item__title">{inv.scopeName} · {inv.roleLabel}</Text>
                  <Text className="a-item__sub">有效期至 {formatCst(inv.expiresAt)}（点按查看二维码）</Text>
                </View>
                <Button size="small" fill="outline" id={`revoke-invite-${inv.token}`} onClick={() => void revokeInvite(inv)}>
                  撤销
                </Button>
              </View>
            ))}
          </StateView>
        </View>

        <View className="a-actions">
          <Button id="people-audit" block onClick={() => void Taro.navigateTo({ url: `/packages/admin/pages/audit/index?communityId=${communityId}` })}>
            查看操作记录
          </Button>
        </View>
      </StateView>
    </PageShell>
  );
}
