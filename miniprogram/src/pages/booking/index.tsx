import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Station } from '@shared/api/venues';
import { api } from '../../api/client';
import { usePagedRequest } from '../../hooks/usePagedRequest';
import { useCommunities } from '../../hooks/useCommunities';
import { PageShell } from '../../components/PageShell';
import { LoadMore } from '../../components/LoadMore';
import { StateView } from '../../components/StateView';
import { Button } from '../../components/ui';
import { MY_BOOKINGS_URL, STATION_KIND_LABELS, stationUrl, formatDistance } from '../../utils/booking';
import { tryGetLocation } from '../../utils/location';
import { savedHome } from '../../utils/home';
import '../../components/booking.css';
import './index.css';

function StationCard({ station }: { station: Station }) {
  return (
    <View
      className="bk-card"
      hoverClass="bk-card--hover"
      id={`station-${station.id}`}
      onClick={() => void Taro.navigateTo({ url: stationUrl(station.id) })}
    >
      <View className="bk-card__head">
        <Text className="bk-card__title">{station.name}</Text>
        {station.distance !== undefined && <Text className="bk-card__extra">{formatDistance(station.distance)}</Text>}
      </View>
      <Text className="bk-card__meta">
        {STATION_KIND_LABELS[station.kind]} · {station.roomCount} 个可预约场地
      </Text>
      <Text className="bk-card__meta">{station.address}</Text>
    </View>
  );
}

type LocationState = 'asking' | 'granted' | 'denied';
type Scope = { kind: 'nearby' } | { kind: 'community'; communityId: string };

const COMMUNITY_KEY = 'booking.communityId';

/**
 * 预约 tab: the stations near the user (nearest first) when they allow location, else the
 * stations of a community they pick (remembered). Pages load as the user scrolls.
 */
export default function BookingPage() {
  const [coords, setCoords] = useState<{ lat: number; lng: number } | null>(null);
  const [locState, setLocState] = useState<LocationState>('asking');
  const [picked, setPicked] = useState<string | undefined>(() => Taro.getStorageSync(COMMUNITY_KEY) || savedHome()?.communityId);
  const [nearby, setNearby] = useState(false);

  const locate = async () => {
    setLocState('asking');
    const pos = await tryGetLocation();
    setCoords(pos);
    setLocState(pos ? 'granted' : 'denied');
    setNearby(pos !== null);
  };
  useEffect(() => {
    void locate();
  }, []);

  const communities = useCommunities();
  const communityList = communities.items;
  const communityId = communityList.some((c) => c.id === picked) ? picked : communityList[0]?.id;
  const scope: Scope | undefined = nearby && coords ? { kind: 'nearby' } : communityId ? { kind: 'community', communityId } : undefined;

  const stations = usePagedRequest(
    (cursor) =>
      api('listStations', undefined, {
        query: scope?.kind === 'nearby' && coords ? { lat: coords.lat, lng: coords.lng, cursor } : { communityId, cursor },
      }),
    [scope?.kind, communityId, coords?.lat, coords?.lng],
    { enabled: locState !== 'asking' && scope !== undefined },
  );
  usePullDownRefresh(() => {
    void Promise.all([stations.reload(), communities.loaded ? Promise.resolve() : communities.reload()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void stations.loadMore());

  const pick = (id: string) => {
    setPicked(id);
    setNearby(false);
    Taro.setStorageSync(COMMUNITY_KEY, id);
  };
  const items = stations.items ?? [];
  const waiting = locState === 'asking' || (scope === undefined && communities.loading);

  return (
    <PageShell id="page-booking">
      <View className="hero">
        <Text className="hero__title">场地预约</Text>
        <Text className="hero__text">驿站的会议室、活动室、阅览室和共享场地，在线预约，到场扫码签到。</Text>
      </View>
      <View className="bk-actions">
        <Button id="my-bookings-entry" size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: MY_BOOKINGS_URL })}>
          我的预约
        </Button>
      </View>
      <Text className="bk-note" id="stations-sort-note">
        {locState === 'asking' && '正在获取位置…'}
        {locState !== 'asking' && scope?.kind === 'nearby' && '附近的驿站，已按距离由近到远排列'}
        {locState === 'granted' && scope?.kind === 'community' && '按社区查看'}
        {locState === 'denied' && '未获取到位置，请选择社区查看。'}
        {locState === 'denied' && (
          <Text className="bk-link" id="stations-locate" onClick={() => void locate()}>
            重新定位
          </Text>
        )}
      </Text>
      {locState !== 'asking' && (
        <View className="bk-scope" id="station-scopes">
          {coords && (
            <Text
              id="scope-nearby"
              className={`bk-scope__chip${scope?.kind === 'nearby' ? ' bk-scope__chip--active' : ''}`}
              onClick={() => setNearby(true)}
            >
              附近
            </Text>
          )}
          {communityList.map((c) => (
            <Text
              key={c.id}
              id={`community-${c.id}`}
              className={`bk-scope__chip${scope?.kind === 'community' && c.id === communityId ? ' bk-scope__chip--active' : ''}`}
              onClick={() => pick(c.id)}
            >
              {c.name}
            </Text>
          ))}
          {communities.hasMore && <LoadMore id="communities-more" hasMore loading={communities.loadingMore} error={communities.error} onMore={() => void communities.loadMore()} count={communityList.length} />}
        </View>
      )}
      <StateView
        idPrefix="stations"
        loading={waiting || stations.loading}
        error={(!stations.loaded ? stations.error : undefined) ?? (scope === undefined && !communities.loaded ? communities.error : undefined)}
        empty={stations.loaded && items.length === 0}
        emptyText={scope?.kind === 'nearby' ? '附近暂无可预约的驿站' : '该社区暂无可预约的驿站'}
        emptyHint={scope?.kind === 'nearby' ? '可以选择上方的社区查看' : '驿站开放预约后会显示在这里'}
        onRetry={() => void (scope === undefined ? communities.reload() : stations.reload())}
      >
        {stations.loaded && (
          <View id="station-list">
            {items.map((s) => (
              <StationCard key={s.id} station={s} />
            ))}
            <LoadMore id="stations-more" hasMore={stations.hasMore} loading={stations.loadingMore} error={stations.error} onMore={() => void stations.loadMore()} count={items.length} />
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
