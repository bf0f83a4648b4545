import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CommunitySummary } from '@shared/api/org';
import { useCommunities } from '../../hooks/useCommunities';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { ScanBox } from '../../components/ScanBox';
import { scanPageUrl } from '../../utils/scan';
import { communityPageUrl } from '../../utils/links';
import { serviceEntries } from './entries';
import { api } from '../../api/client';
import { useSession } from '../../hooks/useSession';
import { useRequest } from '../../hooks/useRequest';
import { ChooseHome, HomeFeed } from './HomeFeed';
import { rememberHome } from '../../utils/home';
import './index.css';

function CommunityCard({ community }: { community: CommunitySummary }) {
  return (
    <View
      className="community-card"
      id={`community-${community.id}`}
      hoverClass="community-card--hover"
      onClick={() => void Taro.navigateTo({ url: communityPageUrl(community.id) })}
    >
      <View className="community-card__head">
        <Text className="community-card__name">{community.name}</Text>
        <Text className="community-card__street">{community.streetName}</Text>
      </View>
      <Text className="community-card__address">{community.address}</Text>
      <View className="community-card__stats">
        <Text className="community-card__stat">
          网格 <Text className="community-card__num">{community.gridCount}</Text>
        </Text>
        <Text className="community-card__stat">
          楼栋 <Text className="community-card__num">{community.buildingCount}</Text>
        </Text>
        <Text className="community-card__more">查看驿站与众筹 ›</Text>
      </View>
    </View>
  );
}

export default function IndexPage() {
  const communities = useCommunities();
  const { items, loaded } = communities;
  // 我家: the feed of the person's own community (set on a building page, the picker or 我的).
  const session = useSession();
  const home = useRequest(() => api('getMyHome', undefined, { silent: true }).then((r) => (rememberHome(r.home), r)), [session?.token], { enabled: session !== null });
  const [reloadKey, setReloadKey] = useState(0);
  // Back on 首页 (after 设为我家, a booking, a new notice): the home and its feed again, not the community list.
  const refreshHome = () => {
    setReloadKey((k) => k + 1);
    return session ? home.reload() : Promise.resolve();
  };
  useDidShow(() => {
    if (session && !home.loading) void refreshHome();
  });

  usePullDownRefresh(() => {
    void Promise.all([communities.reload(), refreshHome()]).finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <PageShell id="page-index">
      <View className="hero" id="home-header">
        <Text className="hero__title">红色驿站</Text>
        <Text className="hero__text">
          家门口的党群服务站：查找驿站、预约场地、参与社区众筹，党员群众有事好商量、有难及时帮。
        </Text>
      </View>

      <View className="section home-scan" id="home-scan">
        <Text className="section__title">扫一扫 · 码上通</Text>
        <ScanBox id="home-scan-box" hint="扫描楼栋码查看服务本楼的党员、网格员和驿站" onToken={(t) => void Taro.navigateTo({ url: scanPageUrl(t) })} />
      </View>

      {home.data?.home ? <HomeFeed home={home.data.home} reloadKey={reloadKey} /> : !home.loading && <ChooseHome />}

      <View className="section home-services" id="home-services">
        <Text className="section__title">服务</Text>
        <View className="home-services__grid">
          {serviceEntries.map((e) => (
            <View
              key={e.id}
              id={`home-entry-${e.id}`}
              className="home-services__item"
              hoverClass="community-card--hover"
              onClick={() => void (e.tab ? Taro.switchTab({ url: e.url }) : Taro.navigateTo({ url: e.url }))}
            >
              <Text className="home-services__text">{e.text}</Text>
              <Text className="home-services__hint">{e.hint}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className="section home-communities">
        <Text className="section__title">社区</Text>
        <Text className="section__note">下拉可刷新</Text>
        <StateView
          idPrefix="communities"
          loading={communities.loading}
          error={!loaded ? communities.error : undefined}
          empty={loaded && items.length === 0}
          emptyText="暂无社区"
          emptyHint="社区开通后会显示在这里"
          onRetry={() => void communities.reload()}
        >
          {loaded && (
            <View id="community-list">
              {items.map((community) => (
                <CommunityCard key={community.id} community={community} />
              ))}
            </View>
          )}
          <LoadMore id="communities-more" hasMore={communities.hasMore} loading={communities.loadingMore} error={communities.error} onMore={() => void communities.loadMore()} count={items.length} />
        </StateView>
      </View>
    </PageShell>
  );
}
