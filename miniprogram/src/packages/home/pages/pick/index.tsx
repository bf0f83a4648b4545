/**
 * 选择我家: pick the community, then the building one lives in; it becomes the home 我家 on
 * the profile (PUT /me/home), and 首页 then shows that community's notices and crowdfunds.
 */
import { useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BuildingSummary, CommunitySummary } from '@shared/api/org';
import { api, requestLogin, showError } from '../../../../api/client';
import { getSession } from '../../../../auth/session';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Cell } from '../../../../components/ui';
import { setHome } from '../../set-home';

export default function PickHomePage() {
  const params = useRouter().params;
  const [community, setCommunity] = useState<Pick<CommunitySummary, 'id' | 'name'> | null>(
    params.communityId ? { id: params.communityId, name: decodeURIComponent(params.name ?? '') } : null,
  );
  const [busy, setBusy] = useState(false);
  const communities = usePagedRequest((cursor) => api('listCommunities', undefined, { query: { limit: 20, cursor }, silent: true }), [], { enabled: community === null });
  const buildings = usePagedRequest(
    (cursor) => api('listBuildings', undefined, { params: { communityId: community?.id ?? '' }, query: { limit: 50, cursor }, silent: true }),
    [community?.id],
    { enabled: community !== null },
  );
  const list = community ? buildings : communities;
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  const choose = async (b: BuildingSummary) => {
    if (busy) return;
    if (!getSession() && !(await requestLogin().catch(() => null))) return;
    setBusy(true);
    try {
      await setHome(b.id);
      void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/index/index' }));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell id="page-pick-home">
      <View className="section">
        <Text className="section__title" id="pick-step">
          {community ? `${community.name}：选择楼栋` : '第一步：选择社区'}
        </Text>
        {community && <Cell id="pick-back" title="重新选择社区" clickable onClick={() => setCommunity(null)} />}
        <StateView
          idPrefix="pick"
          loading={list.loading}
          error={!list.loaded ? list.error : undefined}
          empty={list.loaded && list.items.length === 0}
          emptyText={community ? '该社区暂无楼栋' : '暂无社区'}
          onRetry={() => void list.reload()}
        >
          {community
            ? buildings.items.map((b) => <Cell key={b.id} id={`pick-building-${b.id}`} title={`${b.estate} ${b.name}`} extra="设为我家" clickable onClick={() => void choose(b)} />)
            : communities.items.map((c) => (
                <Cell key={c.id} id={`pick-community-${c.id}`} title={c.name} description={`${c.streetName} · ${c.address}`} clickable onClick={() => setCommunity({ id: c.id, name: c.name })} />
              ))}
          <LoadMore id="pick-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={list.items.length} />
        </StateView>
      </View>
    </PageShell>
  );
}
