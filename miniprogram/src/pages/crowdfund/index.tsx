import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Image, Picker, Text, View } from '@tarojs/components';
import type { Crowdfund, CrowdfundStatus } from '@shared/api/crowdfund';
import { api } from '../../api/client';
import { useChosenCommunity, useCommunities, withChosen } from '../../hooks/useCommunities';
import { usePagedRequest } from '../../hooks/usePagedRequest';
import { LoadMore } from '../../components/LoadMore';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { CROWDFUND_ROUTES, ProgressBar, StatusTag } from '../../components/CrowdfundBits';
import { countdown, KIND_LABELS, LIST_FILTERS, progressByKind } from '../../utils/crowdfund';
import { formatCst } from '../../utils/time';
import { savedHome } from '../../utils/home';
import './index.css';

const COMMUNITY_KEY = 'rs.crowdfund.communityId';

function CrowdfundCard({ cf }: { cf: Crowdfund }) {
  const kinds = progressByKind(cf.lines);
  return (
    <View className="cf-card" id={`crowdfund-card-${cf.id}`} onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.detail(cf.id) })}>
      {cf.photos[0] && <Image className="cf-card__cover" src={cf.photos[0]} mode="aspectFill" />}
      <View className="cf-card__body">
        <View className="cf-card__head">
          <Text className="cf-card__title">{cf.title}</Text>
          <StatusTag status={cf.status} />
        </View>
        <Text className="cf-card__meta">
          {cf.status === 'open' ? `${countdown(cf.deadline)} · ` : ''}截止 {formatCst(cf.deadline, 'M月D日 HH:mm')}
          {cf.estates.length > 0 ? ` · ${cf.estates.join('、')}` : ''}
        </Text>
        {kinds.map((k) => (
          <ProgressBar
            key={k.kind}
            id={`crowdfund-card-${cf.id}-${k.kind}`}
            label={KIND_LABELS[k.kind]}
            percent={k.percent}
            text={k.text}
            noBar={!k.hasTarget}
          />
        ))}
      </View>
    </View>
  );
}

export default function CrowdfundPage() {
  const [status, setStatus] = useState<CrowdfundStatus>('open');
  const [communityId, setCommunityId] = useState<string>(() => String(Taro.getStorageSync(COMMUNITY_KEY) || savedHome()?.communityId || ''));
  const communities = useCommunities({ silent: true });
  const chosen = useChosenCommunity(communityId, communities);
  const list = usePagedRequest(
    (cursor) => api('listCrowdfunds', undefined, { query: { status, communityId: communityId || undefined, cursor }, silent: true }),
    [status, communityId],
  );

  useDidShow(() => {
    if (list.loaded && !list.loading) void list.reload();
  });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(() => {
    void Promise.all([list.reload(), communities.loaded ? Promise.resolve() : communities.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  const options = [{ id: '', name: '全部社区' }, ...withChosen(communities.items, chosen).map((c) => ({ id: c.id, name: c.name }))];
  const selected = Math.max(0, options.findIndex((o) => o.id === communityId));
  const items = list.items;

  const pickCommunity = (index: number) => {
    const id = options[index]?.id ?? '';
    Taro.setStorageSync(COMMUNITY_KEY, id);
    setCommunityId(id);
  };

  return (
    <PageShell id="page-crowdfund">
      <View className="hero cf-hero">
        <Text className="hero__title">社区众筹</Text>
        <Text className="hero__text">筹智、筹力、筹款、筹资，一起把小区的事办好，账目全公开。</Text>
        <View className="cf-hero__links">
          <Text className="cf-hero__link" id="crowdfund-mine-entry" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.mine() })}>
            我的众筹 ›
          </Text>
          <Text className="cf-hero__link" id="crowdfund-create" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.edit() })}>
            发起众筹 ›
          </Text>
        </View>
      </View>

      <View className="cf-filters" id="crowdfund-filters">
        {LIST_FILTERS.map((f) => (
          <Text
            key={f.status}
            id={`crowdfund-filter-${f.status}`}
            className={`cf-filters__item${status === f.status ? ' cf-filters__item--active' : ''}`}
            onClick={() => setStatus(f.status)}
          >
            {f.label}
          </Text>
        ))}
        <Picker mode="selector" range={options.map((o) => o.name)} value={selected} onChange={(e) => pickCommunity(Number(e.detail.value))}>
          <Text className="cf-filters__community" id="crowdfund-community-picker">
            {options[selected]?.name ?? '全部社区'} ▾
          </Text>
        </Picker>
        {communities.hasMore && (
          <LoadMore id="crowdfund-communities-more" hasMore loading={communities.loadingMore} error={communities.error} onMore={() => void communities.loadMore()} count={options.length} />
        )}
      </View>

      <StateView
        idPrefix="crowdfunds"
        loading={list.loading}
        error={list.error}
        empty={list.loaded && items.length === 0}
        emptyText={`暂无${LIST_FILTERS.find((f) => f.status === status)?.label ?? ''}的众筹`}
        emptyHint="可切换筛选条件，或发起一个新的众筹"
        onRetry={() => void list.reload()}
      >
        {list.loaded && (
          <View id="crowdfund-list">
            {items.map((cf) => (
              <CrowdfundCard key={cf.id} cf={cf} />
            ))}
            <LoadMore id="crowdfunds-more" hasMore={list.hasMore} loading={list.loadingMore} onMore={() => void list.loadMore()} count={items.length} />
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
