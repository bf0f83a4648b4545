import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../../api/client';
import { useRequest } from '../../../hooks/useRequest';
import { StateView } from '../../../components/StateView';
import { Cell } from '../../../components/ui';
import { pendingUrl, roomsUrl, todayUrl } from '../urls';

interface StationRef {
  id: string;
  name: string;
}

/**
 * 场地预约 tools of the workbench, per station: staff get their stations, admins every
 * station of their communities (GET /stations?communityId=).
 */
export function BookingTools({ staffStations, communityIds }: { staffStations: StationRef[]; communityIds: string[] }) {
  const key = communityIds.join(',');
  const admin = useRequest(
    async () => {
      const lists = await Promise.all(communityIds.map((communityId) => api('listStations', undefined, { query: { communityId } })));
      return lists.flatMap((l) => l.items.map((s) => ({ id: s.id, name: s.name })));
    },
    [key],
    { enabled: communityIds.length > 0 },
  );
  const seen = new Set<string>();
  const stations = [...staffStations, ...(admin.data ?? [])].filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
  if (staffStations.length === 0 && communityIds.length === 0) return null;

  return (
    <View className="section" id="workbench-booking-tools">
      <Text className="section__title">场地预约</Text>
      <Text className="section__note">审核预约、今日安排与签到核销、设置房间与停用时段</Text>
      <StateView
        idPrefix="workbench-booking"
        loading={admin.loading}
        error={admin.error}
        empty={stations.length === 0}
        emptyText="暂无驿站"
        onRetry={() => void admin.reload()}
      >
        {stations.map((s) => (
          <View key={s.id} id={`workbench-booking-station-${s.id}`}>
            <Text className="section__note">{s.name}</Text>
            <Cell id={`workbench-pending-${s.id}`} title="待审核预约" clickable onClick={() => void Taro.navigateTo({ url: pendingUrl(s.id, s.name) })} />
            <Cell id={`workbench-today-${s.id}`} title="今日安排 · 签到核销" clickable onClick={() => void Taro.navigateTo({ url: todayUrl(s.id, s.name) })} />
            <Cell id={`workbench-rooms-${s.id}`} title="房间设置与停用时段" clickable onClick={() => void Taro.navigateTo({ url: roomsUrl(s.id, s.name) })} />
            <Cell id={`workbench-activities-${s.id}`} title="活动管理 · 签到与志愿时长" clickable onClick={() => void Taro.navigateTo({ url: `/packages/activities/pages/manage/index?stationId=${encodeURIComponent(s.id)}&name=${encodeURIComponent(s.name)}` })} />
          </View>
        ))}
      </StateView>
    </View>
  );
}
