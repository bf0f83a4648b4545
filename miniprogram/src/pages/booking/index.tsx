import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Station } from '@shared/api/venues';
import { api } from '../../api/client';
import { useRequest } from '../../hooks/useRequest';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { Button } from '../../components/ui';
import { MY_BOOKINGS_URL, STATION_KIND_LABELS, stationUrl, formatDistance, groupByCommunity } from '../../utils/booking';
import { tryGetLocation } from '../../utils/location';
import '../../components/booking.css';

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

/** 预约 tab: the stations, nearest first when the user allows location, else by community. */
export default function BookingPage() {
  const [coords, setCoords] = useState<{ lat: number; lng: number } | null>(null);
  const [locState, setLocState] = useState<LocationState>('asking');

  const locate = async () => {
    setLocState('asking');
    const pos = await tryGetLocation();
    setCoords(pos);
    setLocState(pos ? 'granted' : 'denied');
  };
  useEffect(() => {
    void locate();
  }, []);

  const stations = useRequest(
    () => api('listStations', undefined, { query: coords ? { lat: coords.lat, lng: coords.lng } : {} }),
    [coords?.lat, coords?.lng],
  );
  usePullDownRefresh(() => {
    void stations.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const items = stations.data?.items ?? [];
  const byDistance = coords !== null && items.some((s) => s.distance !== undefined);

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
        {locState === 'granted' && (byDistance ? '已按距离由近到远排列' : '已获取位置')}
        {locState === 'denied' && '未获取到位置，按社区显示。'}
        {locState === 'denied' && (
          <Text className="bk-link" id="stations-locate" onClick={() => void locate()}>
            重新定位
          </Text>
        )}
      </Text>
      <StateView
        idPrefix="stations"
        loading={stations.loading}
        error={stations.error}
        empty={stations.data !== undefined && items.length === 0}
        emptyText="暂无可预约的驿站"
        emptyHint="驿站开放预约后会显示在这里"
        onRetry={() => void stations.reload()}
      >
        {stations.data && (
          <View id="station-list">
            {byDistance
              ? items.map((s) => <StationCard key={s.id} station={s} />)
              : groupByCommunity(items).map((g) => (
                  <View key={g.communityId} id={`station-group-${g.communityId}`}>
                    <Text className="bk-group-title">{g.communityName}</Text>
                    {g.stations.map((s) => (
                      <StationCard key={s.id} station={s} />
                    ))}
                  </View>
                ))}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
