import { useEffect } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BuildingSummary } from '@shared/api/org';
import { api, ApiError } from '../../api/client';
import { useRequest } from '../../hooks/useRequest';
import { usePagedRequest } from '../../hooks/usePagedRequest';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { Cell } from '../../components/ui';
import { openCrowdfund, openStation } from '../../utils/links';
import { countdown, KIND_LABELS, progressByKind } from '../../utils/crowdfund';
import './index.css';

/** Buildings grouped by estate 小区, in the order the API lists them. */
function byEstate(buildings: readonly BuildingSummary[]): Array<{ estate: string; buildings: BuildingSummary[] }> {
  const groups = new Map<string, BuildingSummary[]>();
  for (const b of buildings) groups.set(b.estate, [...(groups.get(b.estate) ?? []), b]);
  return [...groups].map(([estate, list]) => ({ estate, buildings: list }));
}

/**
 * 社区页, opened from a community card on 首页: the community's stations (tap to book), its
 * buildings by estate, and its open crowdfunds. Each part loads, fails and retries on its own.
 */
export default function CommunityPage() {
  const communityId = useRouter().params.id ?? '';
  const enabled = Boolean(communityId);
  const community = useRequest(
    () =>
      api('getCommunity', undefined, { params: { communityId }, silent: true }).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) throw new ApiError(404, 'NOT_FOUND', '没有找到这个社区，可能已调整，请返回首页重新选择');
        throw err;
      }),
    [communityId],
    { enabled },
  );
  const stations = usePagedRequest((cursor) => api('listStations', undefined, { query: { communityId, ...(cursor ? { cursor } : {}) }, silent: true }), [communityId], { enabled });
  const buildings = usePagedRequest(
    (cursor) => api('listBuildings', undefined, { params: { communityId }, query: { limit: 50, ...(cursor ? { cursor } : {}) }, silent: true }),
    [communityId],
    { enabled },
  );
  const crowdfunds = usePagedRequest(
    (cursor) => api('listCrowdfunds', undefined, { query: { communityId, status: 'open', ...(cursor ? { cursor } : {}) }, silent: true }),
    [communityId],
    { enabled },
  );

  const name = community.data?.name;
  useEffect(() => {
    if (name) void Taro.setNavigationBarTitle({ title: name }).catch(() => undefined);
  }, [name]);

  usePullDownRefresh(() => {
    void Promise.all([community.reload(), stations.reload(), buildings.reload(), crowdfunds.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  if (!enabled) {
    return (
      <PageShell id="page-community">
        <View className="section" id="community-detail-invalid">
          <Text className="section__title">没有指定社区</Text>
          <Text className="section__note">请从首页的社区列表进入。</Text>
        </View>
      </PageShell>
    );
  }

  const stationItems = stations.items;
  const estates = byEstate(buildings.items);
  const crowdfundItems = crowdfunds.items;

  return (
    <PageShell id="page-community">
      <StateView idPrefix="community-detail" loading={community.loading} error={community.error} onRetry={() => void community.reload()}>
        {community.data && (
          <View className="hero community-hero" id="community-detail-header">
            <Text className="hero__title" id="community-detail-name">
              {community.data.name}
            </Text>
            <Text className="hero__text">
              {community.data.streetName} · {community.data.address}
            </Text>
            <Text className="hero__text">
              {community.data.gridCount} 个网格 · {community.data.buildingCount} 栋楼
            </Text>
          </View>
        )}
      </StateView>

      <View className="section" id="community-detail-stations">
        <Text className="section__title">驿站</Text>
        <Text className="section__note">点击驿站查看场地并预约</Text>
        <StateView
          idPrefix="community-detail-stations"
          loading={stations.loading}
          error={!stations.loaded ? stations.error : undefined}
          empty={stations.loaded && stationItems.length === 0}
          emptyText="社区暂未开通驿站"
          onRetry={() => void stations.reload()}
        >
          {stationItems.map((s) => (
            <Cell
              key={s.id}
              id={`community-detail-station-${s.id}`}
              title={s.name}
              description={s.address}
              extra={`${s.roomCount} 个场地`}
              clickable
              onClick={() => openStation(s.id)}
            />
          ))}
          <LoadMore id="community-detail-stations-more" hasMore={stations.hasMore} loading={stations.loadingMore} error={stations.error} onMore={() => void stations.loadMore()} count={stationItems.length} />
        </StateView>
      </View>

      <View className="section" id="community-detail-crowdfunds">
        <Text className="section__title">进行中的众筹</Text>
        <StateView
          idPrefix="community-detail-crowdfunds"
          loading={crowdfunds.loading}
          error={!crowdfunds.loaded ? crowdfunds.error : undefined}
          empty={crowdfunds.loaded && crowdfundItems.length === 0}
          emptyText="暂无进行中的众筹"
          emptyHint="可在“众筹”页发起一个新的众筹"
          onRetry={() => void crowdfunds.reload()}
        >
          {crowdfundItems.map((c) => (
            <Cell
              key={c.id}
              id={`community-detail-crowdfund-${c.id}`}
              title={c.title}
              description={[countdown(c.deadline), ...progressByKind(c.lines).map((k) => `${KIND_LABELS[k.kind]} ${k.text}`)].filter(Boolean).join(' · ')}
              clickable
              onClick={() => openCrowdfund(c.id)}
            />
          ))}
          <LoadMore id="community-detail-crowdfunds-more" hasMore={crowdfunds.hasMore} loading={crowdfunds.loadingMore} error={crowdfunds.error} onMore={() => void crowdfunds.loadMore()} count={crowdfundItems.length} />
        </StateView>
      </View>

      <View className="section" id="community-detail-buildings">
        <Text className="section__title">楼栋</Text>
        <Text className="section__note">扫描楼栋门口的二维码，可查看服务本楼的党员和网格员</Text>
        <StateView
          idPrefix="community-detail-buildings"
          loading={buildings.loading}
          error={!buildings.loaded ? buildings.error : undefined}
          empty={buildings.loaded && estates.length === 0}
          emptyText="暂无楼栋信息"
          onRetry={() => void buildings.reload()}
        >
          {estates.map((group, i) => (
            <View key={group.estate} className="community-estate" id={`community-detail-estate-${i}`}>
              <Text className="community-estate__name">{group.estate}</Text>
              <View className="community-estate__buildings">
                {group.buildings.map((b) => (
                  <Text key={b.id} className="community-estate__building" id={`community-detail-building-${b.id}`}>
                    {b.name}
                  </Text>
                ))}
              </View>
            </View>
          ))}
          <LoadMore id="community-detail-buildings-more" hasMore={buildings.hasMore} loading={buildings.loadingMore} error={buildings.error} onMore={() => void buildings.loadMore()} count={buildings.items.length} />
        </StateView>
      </View>
    </PageShell>
  );
}
