import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../api/client';
import { useRequest } from '../../hooks/useRequest';
import { usePagedRequest } from '../../hooks/usePagedRequest';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { Tag } from '../../components/ui';
import { PhotoGallery } from '../../components/PhotoGallery';
import { STATION_KIND_LABELS, openingHoursLines, roomUrl } from '../../utils/booking';
import '../../components/booking.css';

/** Station page: name, kind, address, phone (tap to call), opening hours, rooms. */
export default function StationPage() {
  const id = useRouter().params.id ?? '';
  const data = useRequest(() => api('getStation', undefined, { params: { stationId: id } }), [id]);
  const roomPages = usePagedRequest((cursor) => api('listRooms', undefined, { params: { stationId: id }, query: cursor ? { cursor } : {} }), [id]);
  usePullDownRefresh(() => {
    void Promise.all([data.reload(), roomPages.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  const station = data.data;
  const rooms = roomPages.items;

  return (
    <PageShell id="page-station">
      <StateView idPrefix="station" loading={data.loading} error={data.error} onRetry={() => void data.reload()}>
        {station && (
          <View>
            <PhotoGallery id="station-photos" photos={station.photos} />
            <View className="hero" id="station-header">
              <Text className="hero__title" id="station-name">
                {station.name}
              </Text>
              <Text className="hero__text">
                {STATION_KIND_LABELS[station.kind]} · {station.communityName}
              </Text>
            </View>
            <View className="section">
              <View className="bk-kv">
                <Text className="bk-kv__k">地址</Text>
                <Text className="bk-kv__v" id="station-address">
                  {station.address}
                </Text>
              </View>
              <View className="bk-kv">
                <Text className="bk-kv__k">电话</Text>
                <Text
                  className="bk-kv__v bk-link"
                  id="station-phone"
                  onClick={() => void Taro.makePhoneCall({ phoneNumber: station.phone }).catch(() => undefined)}
                >
                  {station.phone}（点击拨打）
                </Text>
              </View>
            </View>
            <View className="section" id="station-hours">
              <Text className="section__title">开放时间</Text>
              {openingHoursLines(station.openingHours).map((l) => (
                <View className="bk-kv" key={l.day}>
                  <Text className="bk-kv__k">{l.day}</Text>
                  <Text className="bk-kv__v">{l.text}</Text>
                </View>
              ))}
              <Text className="section__note">错时、延时服务以各驿站公布为准</Text>
            </View>
            <Text className="bk-group-title">可预约场地</Text>
            {!roomPages.loaded ? (
              <StateView idPrefix="station-rooms" loading={roomPages.loading} error={roomPages.error} onRetry={() => void roomPages.reload()} />
            ) : rooms.length === 0 ? (
              <Text className="bk-note" id="station-rooms-empty">
                该驿站暂无可预约的场地
              </Text>
            ) : (
              <View id="station-rooms">
                {rooms.map((room) => (
                  <View
                    key={room.id}
                    className="bk-card"
                    hoverClass="bk-card--hover"
                    id={`room-${room.id}`}
                    onClick={() => void Taro.navigateTo({ url: roomUrl(room.id) })}
                  >
                    <View className="bk-card__head">
                      <Text className="bk-card__title">{room.name}</Text>
                      <Tag type={room.requiresApproval ? 'default' : 'primary'} plain>
                        {room.requiresApproval ? '需审核' : '无需审核'}
                      </Tag>
                    </View>
                    <Text className="bk-card__meta">
                      可容纳 {room.capacity} 人{room.facilities.length > 0 ? ` · ${room.facilities.join('、')}` : ''}
                    </Text>
                  </View>
                ))}
                <LoadMore id="station-rooms-more" hasMore={roomPages.hasMore} loading={roomPages.loadingMore} error={roomPages.error} onMore={() => void roomPages.loadMore()} count={rooms.length} />
              </View>
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
