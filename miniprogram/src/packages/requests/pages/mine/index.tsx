import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api, requestLogin } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { Button } from '../../../../components/ui';
import { formatCst } from '../../../../utils/time';
import { RequestRow } from '../../RequestRow';
import { REQUEST_PAGES } from '../../links';
import '../../requests.css';

/** 我的诉求: what I reported, newest first; a tap opens the timeline with confirm / reopen / rate. */
export default function MyRequestsPage() {
  const session = useSession();
  const enabled = session !== null;
  const list = usePagedRequest((cursor) => api('myRequests', undefined, { query: { cursor }, silent: true }), [session?.token], { enabled });
  useDidShow(() => {
    if (enabled && list.loaded && !list.loading) void list.reload();
  });
  usePullDownRefresh(() => void (enabled ? list.reload() : Promise.resolve()).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void list.loadMore());

  if (!session) {
    return (
      <PageShell id="page-request-mine">
        <View className="section" id="request-mine-logged-out">
          <Text className="section__title">登录后查看我的诉求</Text>
          <Button id="request-mine-login" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }
  return (
    <PageShell id="page-request-mine">
      <StateView
        idPrefix="request-mine"
        loading={list.loading}
        error={list.error}
        empty={list.loaded && list.items.length === 0}
        emptyText="还没有反映过问题"
        emptyHint="身边有需要社区解决的问题，点下面的“我要反映”"
        onRetry={() => void list.reload()}
      >
        <View id="request-mine-list">
          {list.items.map((r) => (
            <RequestRow key={r.id} r={r} sub={`提交于 ${formatCst(r.createdAt, 'M月D日 HH:mm')}`} />
          ))}
          <LoadMore id="request-mine-more" hasMore={list.hasMore} loading={list.loadingMore} onMore={() => void list.loadMore()} count={list.items.length} />
        </View>
      </StateView>
      <View className="block-button">
        <Button id="request-mine-report" type="primary" block onClick={() => void Taro.navigateTo({ url: REQUEST_PAGES.report() })}>
          我要反映
        </Button>
      </View>
    </PageShell>
  );
}
