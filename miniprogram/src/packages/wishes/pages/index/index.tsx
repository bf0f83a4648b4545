import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import type { WishKind } from '@shared/api/wishes';
import { api } from '../../../../api/client';
import { useChosenCommunity, useCommunities, withChosen } from '../../../../hooks/useCommunities';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useSession } from '../../../../hooks/useSession';
import { ChoiceChips } from '../../../../components/Chips';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { WISH_ROUTES } from '../../wishes';
import { WishCard } from '../../WishCard';
import '../../wishes.css';

const COMMUNITY_KEY = 'rs.wishes.communityId';
type WallStatus = 'open' | 'claimed' | 'confirmed';
const STATUS_FILTERS: { value: WallStatus; label: string }[] = [
  { value: 'open', label: '待认领' },
  { value: 'claimed', label: '认领中' },
  { value: 'confirmed', label: '已完成' },
];
const KIND_FILTERS: { value: WishKind | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'goods', label: '物品' },
  { value: 'service', label: '服务' },
];

/** 微心愿墙: a community's public wishes (a member's own building first), by status and kind. */
export default function WishWallPage() {
  const router = useRouter();
  const session = useSession();
  const [communityId, setCommunityId] = useState<string>(() => router.params.communityId ?? String(Taro.getStorageSync(COMMUNITY_KEY) || ''));
  const [status, setStatus] = useState<WallStatus>('open');
  const [kind, setKind] = useState<WishKind | 'all'>('all');
  const communities = useCommunities({ silent: true });
  const chosen = useChosenCommunity(communityId, communities);
  const list = usePagedRequest(
    (cursor) => api('listWishes', undefined, { query: { communityId, status, kind: kind === 'all' ? undefined : kind, cursor }, silent: true }),
    [communityId, status, kind, session?.token],
    { enabled: !!communityId },
  );
  useDidShow(() => {
    if (list.loaded && !list.loading) void list.reload();
  });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));

  const options = withChosen(communities.items, chosen);
  const selected = Math.max(0, options.findIndex((c) => c.id === communityId));
  const pick = (index: number) => {
    const id = options[index]?.id ?? '';
    Taro.setStorageSync(COMMUNITY_KEY, id);
    setCommunityId(id);
  };
  const roles = session?.user.roles;
  const isStaff = !!roles && (roles.adminCommunityIds.length > 0 || roles.staffStationIds.length > 0 || (roles.streetIds ?? []).length > 0);

  return (
    <PageShell id="page-wishes">
      <View className="hero">
        <Text className="hero__title">微心愿</Text>
        <Text className="hero__text">邻里有小小心愿（物品或服务，300 元以内），党员和热心居民认领圆梦。</Text>
        <View className="wi-links">
          <Text className="wi-link" id="wishes-mine-entry" onClick={() => void Taro.navigateTo({ url: WISH_ROUTES.mine() })}>
            我的心愿 ›
          </Text>
          <Text className="wi-link" id="wishes-post-entry" onClick={() => void Taro.navigateTo({ url: WISH_ROUTES.post(communityId) })}>
            发布心愿 ›
          </Text>
          {isStaff && (
            <Text className="wi-link" id="wishes-screening-entry" onClick={() => void Taro.navigateTo({ url: WISH_ROUTES.screening(communityId) })}>
              心愿审核 ›
            </Text>
          )}
        </View>
      </View>

      <View className="wi-filters" id="wishes-filters">
        <Picker mode="selector" range={options.map((c) => c.name)} value={selected} onChange={(e) => pick(Number(e.detail.value))}>
          <Text className="wi-filters__item" id="wishes-community-picker">
            {chosen?.name ?? '选择社区'} ▾
          </Text>
        </Picker>
        <ChoiceChips idPrefix="wishes-status" options={STATUS_FILTERS} value={status} onChange={setStatus} />
        <ChoiceChips idPrefix="wishes-kind" options={KIND_FILTERS} value={kind} onChange={setKind} />
      </View>

      {!communityId ? (
        <View className="section" id="wishes-no-community">
          <Text className="section__title">请先选择社区</Text>
          <Text className="section__note">点上方“选择社区”，查看邻里的心愿。</Text>
        </View>
      ) : (
        <StateView
          idPrefix="wishes"
          loading={list.loading}
          error={list.error}
          empty={list.loaded && list.items.length === 0}
          emptyText="暂时没有这样的心愿"
          emptyHint="换个筛选条件看看，或发布一个心愿"
          onRetry={() => void list.reload()}
        >
          {list.loaded && (
            <View id="wishes-list">
              {list.items.map((w) => (
                <WishCard key={w.id} w={w} />
              ))}
              <LoadMore id="wishes-more" hasMore={list.hasMore} loading={list.loadingMore} onMore={() => void list.loadMore()} count={list.items.length} />
            </View>
          )}
        </StateView>
      )}
    </PageShell>
  );
}
