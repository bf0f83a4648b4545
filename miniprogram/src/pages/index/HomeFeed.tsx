import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Home } from '@shared/api/home';
import { api } from '../../api/client';
import { useRequest, type RequestState } from '../../hooks/useRequest';
import { Button, Cell } from '../../components/ui';
import { bookingDetailUrl, cstInstant, STATUS_LABELS } from '../../utils/booking';
import { BOOKING_TAB, crowdfundPageUrl, HOME_PICKER_URL, stationPageUrl } from '../../utils/links';
import { tryGetLocation } from '../../utils/location';

/** One line of a feed section; `url` opens on tap. */
interface Row {
  id: string;
  title: string;
  desc?: string;
  extra?: string;
  url?: string;
}

const go = (url: string) => void Taro.navigateTo({ url });

/** A titled list; kept plain (no StateView per section) so 首页 stays small in the main package. */
function Section({ id, title, rows, empty }: { id: string; title: string; rows: RequestState<Row[]>; empty: string }) {
  const items = rows.data ?? [];
  const note = rows.loading ? '加载中…' : rows.error ? '加载失败，下拉刷新重试' : items.length === 0 ? empty : '';
  return (
    <View className="section" id={id}>
      <Text className="section__title">{title}</Text>
      {note && <Text className="section__note" id={`${id}-note`}>{note}</Text>}
      {items.map((r) => (
        <Cell key={r.id} id={`${id}-${r.id}`} title={r.title} description={r.desc} extra={r.extra} clickable={Boolean(r.url)} onClick={r.url ? () => go(r.url!) : undefined} />
      ))}
    </View>
  );
}

/**
 * 首页 for a person with a home: their community's notices (pinned first), their next
 * booking (the earliest pending or approved one not yet over, among their latest 20), and the
 * community's open crowdfunds.
 */
export function HomeFeed({ home, reloadKey }: { home: Home; reloadKey: number }) {
  const communityId = home.communityId;
  const notices = useRequest(
    () => api('listNotices', undefined, { params: { communityId }, query: { limit: 5 }, silent: true }).then((p) => p.items.map((n) => ({ id: n.id, title: `${n.pinned ? '【置顶】' : ''}${n.title}`, desc: n.body }))),
    [communityId, reloadKey],
  );
  const booking = useRequest(
    () =>
      api('listMyBookings', undefined, { query: { limit: 20 }, silent: true }).then((p) =>
        p.items
          .filter((b) => (b.status === 'pending' || b.status === 'approved') && cstInstant(b.date, b.end) > Date.now())
          .sort((a, b) => cstInstant(a.date, a.start) - cstInstant(b.date, b.start))
          .slice(0, 1)
          .map((b) => ({ id: b.id, title: `${b.stationName} · ${b.roomName}`, desc: `${b.date} ${b.start}-${b.end}`, extra: STATUS_LABELS[b.status], url: bookingDetailUrl(b.id) })),
      ),
    [reloadKey],
  );
  const crowdfunds = useRequest(
    () => api('listCrowdfunds', undefined, { query: { communityId, status: 'open', limit: 3 }, silent: true }).then((p) => p.items.map((c) => ({ id: c.id, title: c.title, url: crowdfundPageUrl(c.id) }))),
    [communityId, reloadKey],
  );
  return (
    <View id="home-feed">
      <View className="section">
        <Text className="section__title" id="home-name">
          我家 · {home.communityName}
        </Text>
        <Cell id="home-building" title={`${home.estate} ${home.buildingName}`} extra="更换" clickable onClick={() => go(HOME_PICKER_URL)} />
      </View>
      <Section id="home-notices" title="社区公告" rows={notices} empty="暂无公告" />
      <Section id="home-booking" title="我的下一个预约" rows={booking} empty="近期没有预约" />
      <Section id="home-crowdfunds" title="社区众筹" rows={crowdfunds} empty="暂无进行中的众筹" />
    </View>
  );
}

/** Metres in words: 800 米 / 1.2 公里. */
const distanceText = (m?: number) => (m === undefined ? undefined : m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`);

/**
 * 首页 without a home: ask for one, and meanwhile show the stations near the person (when
 * they allow their location; otherwise a way to the 预约 tab's community list). The
 * communities still follow below.
 */
export function ChooseHome() {
  const located = useRequest(() => tryGetLocation(), []);
  const pos = located.data;
  const nearby = useRequest(async () => {
    if (!pos) return [];
    const page = await api('listStations', undefined, { query: { lat: pos.lat, lng: pos.lng, limit: 3 }, silent: true });
    return page.items.map((st) => ({ id: st.id, title: st.name, desc: st.address, extra: distanceText(st.distance), url: stationPageUrl(st.id) }));
  }, [pos?.lat, pos?.lng], { enabled: !!pos });
  return (
    <View>
      <View className="section" id="home-choose">
        <Text className="section__title">设置我家</Text>
        <Text className="section__note">选择社区和楼栋后，这里显示社区公告、众筹和你的预约</Text>
        <View className="block-button">
          <Button id="home-choose-button" type="primary" block onClick={() => go(HOME_PICKER_URL)}>
            选择我家
          </Button>
        </View>
      </View>
      {!located.loading && !pos ? (
        <View className="section" id="home-nearby">
          <Text className="section__title">附近的驿站</Text>
          <Cell id="home-nearby-all" title="未获取到位置" description="可在“预约”中按社区查找驿站" extra="去查看" clickable onClick={() => void Taro.switchTab({ url: BOOKING_TAB })} />
        </View>
      ) : (
        <Section id="home-nearby" title="附近的驿站" rows={located.loading ? { ...nearby, loading: true } : nearby} empty="附近暂无驿站，可在“预约”中按社区查找" />
      )}
    </View>
  );
}
