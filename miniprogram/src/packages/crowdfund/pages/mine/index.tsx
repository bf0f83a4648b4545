import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Crowdfund, Pledge } from '@shared/api/crowdfund';
import { api } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { useRequest } from '../../../../hooks/useRequest';
import { type PagedState, usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useListPage } from '../../../../hooks/useListPage';
import { LoadMore } from '../../../../components/LoadMore';
import { LoginPrompt } from '../../../../components/LoginPrompt';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { CROWDFUND_ROUTES, StatusTag } from '../../../../components/CrowdfundBits';
import { THEME_RED } from '../../../../config';
import { describeValue, isBeforeDeadline, KIND_LABELS, PLEDGE_STATUS_LABELS } from '../../../../utils/crowdfund';
import { formatCst } from '../../../../utils/time';
import '../../crowdfund.css';

/** A pledge's value; pledges do not carry the materials unit, so it comes from the crowdfund's line when known. */
function pledgeValueText(p: Pledge, unit = ''): string {
  if (p.lineKind === 'ideas') return p.text ? `“${p.text}”` : '1 条建议';
  if (p.lineKind === 'materials') return `${p.value}${unit ? ` ${unit}` : ''}`;
  return describeValue({ kind: p.lineKind, unit }, p.value);
}

export default function MyCrowdfundsPage() {
  const session = useSession();
  const enabled = session !== null;
  // Coming back and pulling down reload all three; reaching the bottom loads the next page of whichever list (top first) still has more.
  const pledges: PagedState<Pledge> = useListPage((cursor) => api('myPledges', undefined, { query: { cursor }, silent: true }), [session?.token], {
    enabled,
    refresh: () => reloadAll(),
    loadMore: () => (pledges.hasMore ? pledges.loadMore() : mine.loadMore()),
  });
  // Deadlines and statuses of the crowdfunds (to offer withdraw only before the deadline): the 50 soonest to close.
  const open = useRequest(() => api('listCrowdfunds', undefined, { query: { status: 'open', limit: 50 }, silent: true }), [session?.token], { enabled });
  const mine = usePagedRequest((cursor) => api('listCrowdfunds', undefined, { query: { mine: 'true', cursor }, silent: true }), [session?.token], { enabled });
  const { busy: busyId, run } = useAction();

  const reloadAll = () => Promise.all([pledges.reload(), open.reload(), mine.reload()]);

  const openById = new Map<string, Crowdfund>((open.data?.items ?? []).map((c) => [c.id, c]));
  const canWithdraw = (p: Pledge) => {
    const cf = openById.get(p.crowdfundId);
    return p.status === 'pledged' && !!cf && isBeforeDeadline(cf.deadline);
  };

  const unitOf = (p: Pledge) => openById.get(p.crowdfundId)?.lines.find((l) => l.id === p.lineId)?.unit ?? '';

  const withdraw = (p: Pledge) =>
    run(p.id, () => api('withdrawPledge', undefined, { params: { pledgeId: p.id } }), {
      confirm: {
        title: '撤回认捐',
        content: `确定撤回对“${p.crowdfundTitle}”的认捐（${pledgeValueText(p, unitOf(p))}）吗？`,
        confirmText: '撤回',
        confirmColor: THEME_RED,
        cancelText: '取消',
      },
      toast: '已撤回',
      reload: pledges.reload,
    });

  const submit = (cf: Crowdfund) =>
    run(cf.id, () => api('submitCrowdfund', undefined, { params: { crowdfundId: cf.id } }), {
      confirm: { title: '提交审核', content: `提交后将由社区管理员审核，审核期间不能修改。确定提交“${cf.title}”吗？`, confirmText: '提交', cancelText: '取消' },
      toast: { title: '已提交审核', icon: 'success' },
      reload: mine.reload,
    });

  if (!session) {
    return (
      <PageShell id="page-crowdfund-mine">
        <LoginPrompt id="mine-logged-out" text="登录后查看我的众筹" buttonId="mine-login-button" />
      </PageShell>
    );
  }

  const myPledges = pledges.items;
  const myCrowdfunds = mine.items;

  return (
    <PageShell id="page-crowdfund-mine">
      <View className="section">
        <Text className="section__title">我的认捐</Text>
        <Text className="section__note">截止前可撤回尚未兑现的认捐</Text>
        <StateView
          idPrefix="my-pledges"
          loading={pledges.loading}
          error={pledges.error}
          empty={pledges.loaded && myPledges.length === 0}
          emptyText="还没有认捐"
          emptyHint="去众筹页看看邻里正在筹备的项目"
          onRetry={() => void pledges.reload()}
        >
          {pledges.loaded && (
            <View id="my-pledges">
              {myPledges.map((p) => (
                <View key={p.id} className="cf-row" id={`my-pledge-${p.id}`}>
                  <View className="cf-row__head">
                    <Text className="cf-row__title" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.detail(p.crowdfundId) })}>
                      {p.crowdfundTitle}
                    </Text>
                    <Text className="cf-row__sub" id={`my-pledge-${p.id}-status`}>
                      {PLEDGE_STATUS_LABELS[p.status]}
                    </Text>
                  </View>
                  <Text className="cf-row__sub">
                    {KIND_LABELS[p.lineKind]} · {p.lineTitle} · {pledgeValueText(p, unitOf(p))}
                    {p.anonymous ? ' · 匿名' : ''} · {formatCst(p.createdAt, 'M月D日 HH:mm')}
                  </Text>
                  {canWithdraw(p) && (
                    <View className="cf-line-action">
                      <Button id={`my-pledge-${p.id}-withdraw`} size="small" fill="outline" loading={busyId === p.id} onClick={() => void withdraw(p)}>
                        撤回
                      </Button>
                    </View>
                  )}
                </View>
              ))}
              <LoadMore id="my-pledges-more" hasMore={pledges.hasMore} loading={pledges.loadingMore} onMore={() => void pledges.loadMore()} count={myPledges.length} />
            </View>
          )}
        </StateView>
      </View>

      <View className="section">
        <Text className="section__title">我发起的</Text>
        <StateView
          idPrefix="my-crowdfunds"
          loading={mine.loading}
          error={mine.error}
          empty={mine.loaded && myCrowdfunds.length === 0}
          emptyText="还没有发起众筹"
          emptyHint="小区里有想办的事？发起一个众筹，邀请邻居一起出钱出力出点子"
          onRetry={() => void mine.reload()}
        >
          {mine.loaded && (
            <View id="my-crowdfunds">
              {myCrowdfunds.map((cf) => (
                <View key={cf.id} className="cf-row" id={`my-crowdfund-${cf.id}`}>
                  <View className="cf-row__head">
                    <Text className="cf-row__title" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.detail(cf.id) })}>
                      {cf.title}
                    </Text>
                    <StatusTag status={cf.status} />
                  </View>
                  <Text className="cf-row__sub">截止 {formatCst(cf.deadline)} · 更新于 {formatCst(cf.updatedAt, 'M月D日 HH:mm')}</Text>
                  {cf.reviewNote && <Text className="cf-row__sub">审核意见：{cf.reviewNote}</Text>}
                  {cf.status === 'draft' && (
                    <View className="cf-line-action cf-actions">
                      <Button id={`my-crowdfund-${cf.id}-edit`} size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.edit(cf.id) })}>
                        编辑
                      </Button>
                      <Button id={`my-crowdfund-${cf.id}-submit`} size="small" type="primary" loading={busyId === cf.id} onClick={() => void submit(cf)}>
                        提交审核
                      </Button>
                    </View>
                  )}
                </View>
              ))}
              <LoadMore id="my-crowdfunds-more" hasMore={mine.hasMore} loading={mine.loadingMore} onMore={() => void mine.loadMore()} count={myCrowdfunds.length} />
            </View>
          )}
        </StateView>
      </View>

      <View className="block-button">
        <Button id="mine-create" type="primary" block onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.edit() })}>
          发起众筹
        </Button>
      </View>
    </PageShell>
  );
}
