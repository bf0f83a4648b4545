import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api, requestLogin } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useSession } from '../../../../hooks/useSession';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { WishCard } from '../../WishCard';
import { WISH_ROUTES } from '../../wishes';
import '../../wishes.css';

/** 我认领的 (deliver from the wish) and 我发布的 (confirm, thank, withdraw from the wish). */
export default function MyWishesPage() {
  const session = useSession();
  const enabled = session !== null;
  const claims = usePagedRequest((cursor) => api('myWishClaims', undefined, { query: { cursor }, silent: true }), [session?.token], { enabled });
  const posted = usePagedRequest((cursor) => api('myWishes', undefined, { query: { cursor }, silent: true }), [session?.token], { enabled });
  const reloadAll = () => Promise.all([claims.reload(), posted.reload()]);
  useDidShow(() => {
    if (enabled && claims.loaded && !claims.loading) void reloadAll();
  });
  usePullDownRefresh(() => void (enabled ? reloadAll() : Promise.resolve()).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void (claims.hasMore ? claims.loadMore() : posted.loadMore()));

  if (!session) {
    return (
      <PageShell id="page-wishes-mine">
        <View className="section" id="wishes-mine-logged-out">
          <Text className="section__title">登录后查看我的心愿</Text>
          <Button id="wishes-mine-login" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell id="page-wishes-mine">
      <View className="section">
        <Text className="section__title">我认领的</Text>
        <Text className="section__note">认领后请在期限内完成，并在心愿页登记送达</Text>
      </View>
      <StateView
        idPrefix="my-claims"
        loading={claims.loading}
        error={claims.error}
        empty={claims.loaded && claims.items.length === 0}
        emptyText="还没有认领心愿"
        emptyHint="去微心愿墙看看邻里的心愿"
        onRetry={() => void claims.reload()}
      >
        {claims.loaded && (
          <View id="my-claims">
            {claims.items.map((w) => (
              <WishCard key={w.id} w={w} idPrefix="my-claim" />
            ))}
            <LoadMore id="my-claims-more" hasMore={claims.hasMore} loading={claims.loadingMore} onMore={() => void claims.loadMore()} count={claims.items.length} />
          </View>
        )}
      </StateView>

      <View className="section">
        <Text className="section__title">我发布的</Text>
        <Text className="section__note">送达后请确认收到，也可以写几句感谢的话</Text>
      </View>
      <StateView
        idPrefix="my-wishes"
        loading={posted.loading}
        error={posted.error}
        empty={posted.loaded && posted.items.length === 0}
        emptyText="还没有发布心愿"
        emptyHint="有小小心愿？发布后由社区审核公开"
        onRetry={() => void posted.reload()}
      >
        {posted.loaded && (
          <View id="my-wishes">
            {posted.items.map((w) => (
              <WishCard key={w.id} w={w} idPrefix="my-wish" />
            ))}
            <LoadMore id="my-wishes-more" hasMore={posted.hasMore} loading={posted.loadingMore} onMore={() => void posted.loadMore()} count={posted.items.length} />
          </View>
        )}
      </StateView>
      <View className="block-button">
        <Button id="wishes-mine-post" type="primary" block onClick={() => void Taro.navigateTo({ url: WISH_ROUTES.post() })}>
          发布心愿
        </Button>
      </View>
    </PageShell>
  );
}
