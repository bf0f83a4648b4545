import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { useChosenCommunity, useCommunities, withChosen } from '../../../../hooks/useCommunities';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { PhotoGallery } from '../../../../components/PhotoGallery';
import { usePrompt } from '../../../../components/PromptDialog';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { formatCst } from '../../../../utils/time';
import { wishLine } from '../../wishes';
import '../../wishes.css';

/** Staff screening 心愿审核: a community's submitted wishes, oldest first, approve or take down (with a reason). */
export default function WishScreeningPage() {
  const router = useRouter();
  const [communityId, setCommunityId] = useState(router.params.communityId ?? '');
  // Station staff come from the workbench with their station: its community is the one to screen.
  const stationId = router.params.stationId ?? '';
  useEffect(() => {
    if (!communityId && stationId) void api('getStation', undefined, { params: { stationId }, silent: true }).then((s) => setCommunityId((c) => c || s.communityId), () => undefined);
  }, [stationId]);
  const communities = useCommunities({ silent: true });
  const chosen = useChosenCommunity(communityId, communities);
  const queue = usePagedRequest((cursor) => api('wishScreeningQueue', undefined, { params: { communityId }, query: { cursor }, silent: true }), [communityId], { enabled: !!communityId });
  const { busy, run } = useAction();
  const { dialog, ask } = usePrompt('wish-takedown');
  useReachBottom(() => void queue.loadMore());
  usePullDownRefresh(() => void queue.reload().finally(() => Taro.stopPullDownRefresh()));
  const options = withChosen(communities.items, chosen);

  const takeDown = async (id: string, version: number) => {
    const reason = await ask({ title: '下架原因', placeholder: '例如 属于钱款需求，已转社区救助', minLength: 2, confirmText: '下架' });
    if (!reason) return;
    await run(id, () => api('takeDownWish', { reason, version }, { params: { wishId: id } }), { toast: '已下架', reload: queue.reload });
  };

  return (
    <PageShell id="page-wish-screening">
      <View className="wi-filters">
        <Picker mode="selector" range={options.map((c) => c.name)} value={Math.max(0, options.findIndex((c) => c.id === communityId))} onChange={(e) => setCommunityId(options[Number(e.detail.value)]?.id ?? '')}>
          <Text className="wi-filters__item" id="screening-community">
            {chosen?.name ?? '选择社区'} ▾
          </Text>
        </Picker>
      </View>
      {!communityId ? (
        <View className="section">
          <Text className="section__title">请选择您负责的社区</Text>
        </View>
      ) : (
        <StateView idPrefix="screening" loading={queue.loading} error={queue.error} empty={queue.loaded && queue.items.length === 0} emptyText="没有待审核的心愿" emptyHint="新的心愿提交后会出现在这里" onRetry={() => void queue.reload()}>
          {queue.loaded && (
            <View id="screening-list">
              {queue.items.map((w) => (
                <View key={w.id} className="wi-card" id={`screening-${w.id}`}>
                  <Text className="wi-card__title">{w.title}</Text>
                  <Text className="wi-card__sub">{wishLine(w)}</Text>
                  <Text className="wi-card__sub">{w.reason}</Text>
                  <Text className="wi-card__sub">提交于 {formatCst(w.createdAt, 'M月D日 HH:mm')}</Text>
                  {w.photos.length > 0 && <PhotoGallery id={`screening-${w.id}-photos`} photos={w.photos} />}
                  {w.beneficiary && (
                    <View className="wi-private">
                      <Text className="wi-card__sub">
                        受助人：{w.beneficiary.name} · {w.beneficiary.phone} · {w.beneficiary.address}
                      </Text>
                    </View>
                  )}
                  <View className="wi-actions">
                    <Button id={`screening-${w.id}-approve`} type="primary" size="small" loading={busy === w.id} onClick={() => void run(w.id, () => api('approveWish', { version: w.version }, { params: { wishId: w.id } }), { toast: { title: '已公开', icon: 'success' }, reload: queue.reload })}>
                      通过并公开
                    </Button>
                    <Button id={`screening-${w.id}-takedown`} size="small" fill="outline" onClick={() => void takeDown(w.id, w.version)}>
                      下架
                    </Button>
                  </View>
                </View>
              ))}
              <LoadMore id="screening-more" hasMore={queue.hasMore} loading={queue.loadingMore} onMore={() => void queue.loadMore()} count={queue.items.length} />
            </View>
          )}
        </StateView>
      )}
      {dialog}
    </PageShell>
  );
}
