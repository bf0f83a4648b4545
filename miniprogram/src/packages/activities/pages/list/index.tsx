import { useState } from 'react';
import { savedHome } from '../../../../utils/home';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import type { ActivityKind } from '@shared/api/activities';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useChosenCommunity, useCommunities, withChosen } from '../../../../hooks/useCommunities';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { ChoiceChips } from '../../../../components/Chips';
import { addDays, cstToday, weekdayOf } from '../../../../utils/booking';
import { ACT_ROUTES, ACTIVITY_KIND_LABELS, ActivityCard } from '../../bits';

/** The community chosen here, else the one the 预约/众筹 tabs remember (the person's own, usually). */
const COMMUNITY_KEY = 'rs.activities.communityId';
// The community chosen here before, else 我家's, else the one chosen on another tab.
const rememberedCommunity = () => String(Taro.getStorageSync(COMMUNITY_KEY) || savedHome()?.communityId || Taro.getStorageSync('booking.communityId') || Taro.getStorageSync('rs.crowdfund.communityId') || '');

type When = 'upcoming' | 'week';
const KINDS = Object.keys(ACTIVITY_KIND_LABELS) as ActivityKind[];

/** The last day (Sunday) of this week, Asia/Shanghai. */
function endOfWeek(today: string): string {
  const wd = weekdayOf(today);
  return addDays(today, wd === 0 ? 0 : 7 - wd);
}

/** 社区活动: upcoming first, filtered by this week, kind and community. */
export default function ActivityListPage() {
  const [when, setWhen] = useState<When>('upcoming');
  const [kind, setKind] = useState<ActivityKind | 'all'>('all');
  const [communityId, setCommunityId] = useState<string>(rememberedCommunity);
  const communities = useCommunities({ silent: true });
  const chosen = useChosenCommunity(communityId, communities);
  const list = usePagedRequest(
    (cursor) => {
      const today = cstToday();
      return api('listActivities', undefined, {
        query: { communityId: communityId || undefined, kind: kind === 'all' ? undefined : kind, from: today, to: when === 'week' ? endOfWeek(today) : undefined, cursor },
        silent: true,
      });
    },
    [when, kind, communityId],
  );

  useDidShow(() => {
    if (list.loaded && !list.loading) void list.reload();
  });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()));

  const options = [{ id: '', name: '全部社区' }, ...withChosen(communities.items, chosen).map((c) => ({ id: c.id, name: c.name }))];
  const selected = Math.max(0, options.findIndex((o) => o.id === communityId));
  const pickCommunity = (index: number) => {
    const id = options[index]?.id ?? '';
    Taro.setStorageSync(COMMUNITY_KEY, id);
    setCommunityId(id);
  };

  return (
    <PageShell id="page-activities">
      <View className="hero">
        <Text className="hero__title">社区活动</Text>
        <Text className="hero__text">讲座、志愿服务、文体和亲子活动，报名后到场扫码签到。</Text>
        <View className="act-filters__row">
          <Text className="hero__text" id="activities-mine-link" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.mine() })}>
            我的活动 ›
          </Text>
          <Text className="hero__text" id="activities-hours-link" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.hours() })}>
            我的志愿时长 ›
          </Text>
        </View>
      </View>
      <View className="act-filters" id="activities-filters">
        <View className="act-filters__row">
          <ChoiceChips idPrefix="activities-when" options={[{ value: 'upcoming', label: '近期' }, { value: 'week', label: '本周' }]} value={when} onChange={setWhen} />
          <Picker mode="selector" range={options.map((o) => o.name)} value={selected} onChange={(e) => pickCommunity(Number(e.detail.value))}>
            <Text className="act-filters__picker" id="activities-community-picker">
              {options[selected]?.name ?? '全部社区'} ▾
            </Text>
          </Picker>
        </View>
        <ChoiceChips
          idPrefix="activities-kind"
          options={[{ value: 'all' as const, label: '全部类型' }, ...KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }))]}
          value={kind}
          onChange={setKind}
        />
      </View>
      <StateView
        idPrefix="activities"
        loading={list.loading}
        error={list.loaded ? undefined : list.error}
        empty={list.loaded && list.items.length === 0}
        emptyText={when === 'week' ? '本周暂无活动' : '暂无活动'}
        emptyHint="换个类型或社区看看，或下拉刷新"
        onRetry={() => void list.reload()}
      >
        <View id="activities-list">
          {list.items.map((a) => (
            <ActivityCard key={a.id} a={a} onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.detail(a.id) })} />
          ))}
          <LoadMore id="activities-more" hasMore={list.hasMore} loading={list.loadingMore} error={list.error} onMore={() => void list.loadMore()} count={list.items.length} />
        </View>
      </StateView>
    </PageShell>
  );
}
