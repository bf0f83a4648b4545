/**
 * 人员与任命: a street's admins (`?streetId=`: the system administrator invites them), a
 * community's admins, staff per station and grid workers; invitations (QR poster, share
 * card, copy link) and their withdrawal; revoking an appointment after a confirmation.
 * Community admins invite staff and grid workers; street admins community admins too.
 */
import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro';
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
import { ChoiceChips } from '../../../../components/Chips';
import { THEME_RED } from '../../../../config';
import { formatCst } from '../../../../utils/time';
import { InvitePoster } from '../../components/InvitePoster';
import '../../components/admin.css';

type InviteRole = 'staff' | 'gridWorker' | 'admin';

const confirm = (title: string, content: string, confirmText: string): Taro.showModal.Option => ({ title, content, confirmText, confirmColor: THEME_RED, cancelText: '取消' });

/** One appointment with its 撤销 button. */
function PersonRow({ p, busy, onRevoke }: { p: Person; busy: boolean; onRevoke: () => void }) {
  return (
    <View className="a-item" id={`person-${p.role}-${p.scopeId}-${p.userId}`}>
      <View className="a-item__main">
        <Text className="a-item__title">{p.name}</Text>
        <Text className="a-item__sub">
          {p.roleLabel} · {p.scopeName}
          {p.phone ? ` · ${p.phone}` : ''}
        </Text>
      </View>
      <Button size="small" fill="outline" id={`revoke-${p.role}-${p.scopeId}-${p.userId}`} loading={busy} onClick={onRevoke}>
        撤销
      </Button>
    </View>
  );
}

export default function PeoplePage() {
  const params = useRouter().params;
  const me = useRequest(() => api('me', undefined, { silent: true }), []);
  const communities = me.data?.adminCommunities ?? [];
  const isRoot = me.data?.root === true;
  const mayAppointAdmins = (me.data?.streets?.length ?? 0) > 0 || isRoot;
  // The street whose admins are shown: the one opened from the street list (root), else the caller's own.
  const streetId = params.streetId || me.data?.streets?.[0]?.id || '';
  const streetName = decodeURIComponent(params.streetName ?? '') || me.data?.streets?.find((s) => s.id === streetId)?.name || '';
  const [picked, setPicked] = useState('');
  const communityId = picked || communities[0]?.id || '';
  const [role, setRole] = useState<InviteRole>('staff');
  const [placeId, setPlaceId] = useState('');
  const [shown, setShown] = useState<Invite | null>(null);
  const action = useAction();

  const people = usePagedRequest(
    (cursor) => api('listPeople', undefined, { params: { communityId }, query: { limit: 20, cursor }, silent: true }),
    [communityId],
    { enabled: communityId !== '' },
  );
  const streetPeople = usePagedRequest(
    (cursor) => api('listStreetPeople', undefined, { params: { streetId }, query: { limit: 20, cursor }, silent: true }),
    [streetId],
    { enabled: streetId !== '' },
  );
  const stations = useRequest(() => api('listStations', undefined, { query: { communityId, limit: 50 }, silent: true }), [communityId], { enabled: communityId !== '' });
  const grids = useRequest(() => api('listGrids', undefined, { params: { communityId }, query: { limit: 50 }, silent: true }), [communityId], { enabled: communityId !== '' });
  const invites = useRequest(() => api('listMyInvites', undefined, { silent: true }), []);
  usePullDownRefresh(() => void Promise.all([people.reload(), streetPeople.reload(), invites.reload()]).finally(() => Taro.stopPullDownRefresh()));
  useShareAppMessage(() =>
    shown
      ? { title: `邀请您担任${shown.scopeName}的${shown.roleLabel}`, path: `/packages/invite/index?t=${shown.token}` }
      : { title: '红色驿站', path: '/pages/index/index' },
  );

  // Where the invited person will serve: a station (staff), a grid in service (grid worker) or the community (admin).
  const places =
    role === 'staff'
      ? (stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))
      : role === 'gridWorker'
        ? (grids.data?.items ?? []).filter((g) => g.active).map((g) => ({ value: g.id, label: g.name }))
        : [];
  const scopeId = role === 'admin' ? communityId : places.find((o) => o.value === placeId)?.value || places[0]?.value || '';
  const roleOptions: { value: InviteRole; label: string }[] = [
    { value: 'staff', label: '驿站工作人员' },
    { value: 'gridWorker', label: '网格员' },
    ...(mayAppointAdmins ? [{ value: 'admin' as const, label: '社区管理员' }] : []),
  ];
  const invite = (body: { role: InviteRole | 'street'; scopeId: string }) =>
    action.run('invite', async () => {
      const inv = await api('createInvite', body);
      setShown(inv);
      await invites.reload();
    });
  const createInvite = () => invite({ role, scopeId });

  const revokePerson = (p: Person) =>
    action.run(`revoke-${p.userId}-${p.scopeId}`, () => api('revokeRole', undefined, { params: { userId: p.userId, role: p.role, scopeId: p.scopeId } }), {
      confirm: confirm('撤销任命', `确定撤销${p.name}的${p.scopeName}${p.roleLabel}职务吗？撤销后立即生效。`, '撤销'),
      toast: '已撤销',
      reload: () => (p.role === 'street' ? streetPeople.reload() : people.reload()),
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
        empty={me.data !== undefined && communities.length === 0 && streetId === ''}
        emptyText="暂无可管理的社区"
        emptyHint="社区管理员和街道管理员可在这里任命人员。"
        onRetry={() => void me.reload()}
      >
        {streetId !== '' && (
          <View className="section" id="people-street">
            <Text className="section__title">街道管理员{streetName ? ` · ${streetName}` : ''}</Text>
            <StateView
              idPrefix="street-people"
              loading={streetPeople.loading}
              error={streetPeople.error}
              empty={streetPeople.loaded && streetPeople.items.length === 0}
              emptyText="还没有街道管理员"
              onRetry={() => void streetPeople.reload()}
            >
              {streetPeople.items.map((p) => (
                <PersonRow key={`${p.scopeId}-${p.userId}`} p={p} busy={action.busy === `revoke-${p.userId}-${p.scopeId}`} onRevoke={() => void revokePerson(p)} />
              ))}
              <LoadMore id="street-people-more" hasMore={streetPeople.hasMore} loading={streetPeople.loadingMore} error={streetPeople.error} onMore={() => void streetPeople.loadMore()} count={streetPeople.items.length} />
            </StateView>
            {isRoot && (
              <View className="a-actions">
                <Button id="invite-street-admin" type="primary" block loading={action.busy === 'invite'} onClick={() => void invite({ role: 'street', scopeId: streetId })}>
                  邀请街道管理员
                </Button>
              </View>
            )}
          </View>
        )}

        {communities.length > 0 && (
          <View className="section">
            <Text className="section__title">社区</Text>
            <ChoiceChips
              idPrefix="people-community"
              options={communities.map((c) => ({ value: c.id, label: c.name }))}
              value={communityId}
              onChange={(id) => {
                setPicked(id);
                setShown(null);
              }}
            />
          </View>
        )}

        {communityId !== '' && (
          <View className="section" id="people-invite">
            <Text className="section__title">发出邀请</Text>
            <ChoiceChips idPrefix="invite-role" options={roleOptions} value={role} onChange={(r) => { setRole(r); setPlaceId(''); }} />
            {role !== 'admin' && (
              <View id="invite-places">
                {places.length > 0 ? (
                  <ChoiceChips idPrefix={role === 'staff' ? 'invite-station' : 'invite-grid'} options={places} value={scopeId} onChange={setPlaceId} />
                ) : (
                  <Text className="section__note">{role === 'staff' ? '本社区还没有驿站' : '本社区还没有在用的网格'}</Text>
                )}
              </View>
            )}
            <View className="a-actions">
              <Button id="invite-create" type="primary" block loading={action.busy === 'invite'} disabled={!scopeId} onClick={() => void createInvite()}>
                生成邀请二维码
              </Button>
            </View>
          </View>
        )}

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

        {communityId !== '' && (
          <View className="section" id="people-list">
            <Text className="section__title">人员</Text>
            <StateView idPrefix="people" loading={people.loading} error={people.error} empty={people.loaded && people.items.length === 0} emptyText="暂无任命记录" onRetry={() => void people.reload()}>
              {people.items.map((p) => (
                <PersonRow key={`${p.role}-${p.scopeId}-${p.userId}`} p={p} busy={action.busy === `revoke-${p.userId}-${p.scopeId}`} onRevoke={() => void revokePerson(p)} />
              ))}
              <LoadMore id="people-more" hasMore={people.hasMore} loading={people.loadingMore} error={people.error} onMore={() => void people.loadMore()} count={people.items.length} />
            </StateView>
          </View>
        )}

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

        {communityId !== '' && (
        <View className="a-actions">
          <Button id="people-audit" block onClick={() => void Taro.navigateTo({ url: `/packages/admin/pages/audit/index?communityId=${communityId}` })}>
            查看操作记录
          </Button>
        </View>
        )}
      </StateView>
    </PageShell>
  );
}
