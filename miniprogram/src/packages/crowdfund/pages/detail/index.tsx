import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button as TaroButton, Image, Text, View } from '@tarojs/components';
import type { Backer, BudgetLine, CrowdfundDetail } from '@shared/api/crowdfund';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { CROWDFUND_ROUTES, ProgressBar, StatusTag } from '../../../../components/CrowdfundBits';
import { IS_WEAPP } from '../../../../config';
import { countdown, describeValue, isBeforeDeadline, KIND_ACTIONS, KIND_LABELS, lineIsFull, lineProgressText, PLEDGE_STATUS_LABELS, percentOf } from '../../../../utils/crowdfund';
import { formatCst } from '../../../../utils/time';
import { PledgeSheet } from '../../PledgeSheet';
import '../../crowdfund.css';

function LineRow({ line, canPledge, onPledge }: { line: BudgetLine; canPledge: boolean; onPledge: () => void }) {
  return (
    <View className="cf-row" id={`line-${line.id}`}>
      <View className="cf-row__head">
        <Text className="cf-row__title">
          {KIND_LABELS[line.kind]} · {line.title}
        </Text>
        <Text className="cf-row__sub">{line.kind === 'ideas' ? '可选' : line.required ? '必需（最低目标）' : '可选（理想目标）'}</Text>
      </View>
      {line.description && <Text className="cf-row__sub">{line.description}</Text>}
      {line.kind === 'labour' && line.skill && <Text className="cf-row__sub">所需技能：{line.skill}</Text>}
      {line.kind === 'materials' && line.item && <Text className="cf-row__sub">物资：{line.item}</Text>}
      <ProgressBar id={`line-${line.id}-progress`} percent={percentOf(line.pledged, line.target)} text={lineProgressText(line)} noBar={line.kind === 'ideas'} />
      <Text className="cf-row__sub">
        {line.pledgeCount} 人参与
        {line.kind !== 'ideas' && line.fulfilled > 0 ? ` · 已兑现 ${describeValue(line, line.fulfilled)}` : ''}
        {line.remaining !== undefined && line.remaining > 0 ? ` · 还差 ${describeValue(line, line.remaining)}` : ''}
        {lineIsFull(line) ? ' · 已筹满' : ''}
      </Text>
      {canPledge && !(line.remaining !== undefined && line.remaining <= 0) && (
        <View className="cf-line-action">
          <Button id={`line-${line.id}-pledge`} type="primary" size="small" onClick={onPledge}>
            {KIND_ACTIONS[line.kind]}
          </Button>
        </View>
      )}
    </View>
  );
}

function BackerRow({ backer, line }: { backer: Backer; line?: BudgetLine }) {
  return (
    <View className="cf-row" id={`backer-${backer.pledgeId}`}>
      <View className="cf-row__head">
        <Text className="cf-row__title">
          {backer.name}
          {backer.pledgerName ? `（${backer.pledgerName}）` : ''}
          {backer.mine ? '（我）' : ''}
        </Text>
        <Text className="cf-row__sub">{PLEDGE_STATUS_LABELS[backer.status]}</Text>
      </View>
      <Text className="cf-row__sub">
        {line ? `${KIND_LABELS[line.kind]} · ${line.title}` : ''}
        {backer.lineKind !== 'ideas' && line ? ` · ${describeValue(line, backer.value)}` : ''} · {formatCst(backer.createdAt, 'M月D日 HH:mm')}
      </Text>
      {backer.text && <Text className="cf-row__sub">“{backer.text}”</Text>}
    </View>
  );
}

export default function CrowdfundDetailPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  const { data, error, loading, reload } = useRequest(() => api('getCrowdfund', undefined, { params: { crowdfundId: id }, silent: true }), [id]);
  const [pledgeLine, setPledgeLine] = useState<BudgetLine | null>(null);
  // 查看全部支持者: the backers route, page by page (the detail itself carries only the newest).
  const [allBackers, setAllBackers] = useState(false);
  const backers = usePagedRequest(
    (cursor) => api('listBackers', undefined, { params: { crowdfundId: id }, query: { cursor }, silent: true }),
    [id],
    { enabled: allBackers },
  );
  useReachBottom(() => {
    if (allBackers) void backers.loadMore();
  });

  useDidShow(() => {
    if (data && !loading) void reload();
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useShareAppMessage(() => ({
    title: data ? `一起来众筹：${data.title}` : '社区众筹',
    path: CROWDFUND_ROUTES.detail(id),
  }));

  const copyLink = () => {
    const base = typeof window !== 'undefined' ? window.location.href.split('#')[0] : '';
    const link = `${base}#${CROWDFUND_ROUTES.detail(id)}`;
    void Taro.setClipboardData({ data: link }).then(() => Taro.showToast({ title: '链接已复制，快去分享吧', icon: 'none' }));
  };

  const cf: CrowdfundDetail | undefined = data;
  const canPledge = !!cf && cf.status === 'open' && isBeforeDeadline(cf.deadline);

  return (
    <PageShell id="page-crowdfund-detail">
      <StateView idPrefix="crowdfund-detail" loading={loading} error={error} onRetry={() => void reload()}>
        {cf && (
          <View id="crowdfund-detail">
            <View className="section">
              {cf.photos.length > 0 && (
                <Image
                  id="crowdfund-cover"
                  className="cf-card__cover"
                  src={cf.photos[0]}
                  mode="aspectFill"
                  onClick={() => void Taro.previewImage({ current: cf.photos[0], urls: cf.photos })}
                />
              )}
              <View className="cf-card__body">
                <View className="cf-card__head">
                  <Text className="cf-card__title" id="crowdfund-title">
                    {cf.title}
                  </Text>
                  <StatusTag id="crowdfund-status" status={cf.status} />
                </View>
                <Text className="cf-card__meta" id="crowdfund-deadline">
                  {cf.status === 'open' ? `${countdown(cf.deadline)} · ` : ''}截止 {formatCst(cf.deadline)}（北京时间）
                </Text>
                <Text className="cf-card__meta">
                  发起人：{cf.organiser.name}
                  {cf.estates.length > 0 ? ` · 面向：${cf.estates.join('、')}` : ' · 面向：全社区'}
                </Text>
                {cf.reviewNote && <Text className="cf-card__meta">审核意见：{cf.reviewNote}</Text>}
              </View>
            </View>

            <View className="section">
              <Text className="section__title">项目介绍</Text>
              <Text className="cf-text" id="crowdfund-story">
                {cf.story}
              </Text>
              {cf.photos.length > 1 && (
                <View className="cf-photos" id="crowdfund-photos">
                  {cf.photos.map((src) => (
                    <Image
                      key={src}
                      className="cf-photo"
                      src={src}
                      mode="aspectFill"
                      onClick={() => void Taro.previewImage({ current: src, urls: cf.photos })}
                    />
                  ))}
                </View>
              )}
              {cf.finalReport && (
                <>
                  <Text className="section__title">结项报告</Text>
                  <Text className="cf-text">{cf.finalReport}</Text>
                </>
              )}
            </View>

            <View className="section" id="crowdfund-lines">
              <Text className="section__title">预算与进度</Text>
              <Text className="section__note">必需项全部筹满即为达成；可选项为理想目标。</Text>
              {cf.lines.map((line) => (
                <LineRow key={line.id} line={line} canPledge={canPledge} onPledge={() => setPledgeLine(line)} />
              ))}
            </View>

            <View className="section cf-actions" id="crowdfund-actions">
              <Button id="crowdfund-ledger-link" fill="outline" size="small" onClick={() => void Taro.navigateTo({ url: CROWDFUND_ROUTES.ledger(cf.id) })}>
                公开账本
              </Button>
              {IS_WEAPP ? (
                <TaroButton id="crowdfund-share" className="cf-share-button" openType="share" size="mini">
                  分享给邻居
                </TaroButton>
              ) : (
                <Button id="crowdfund-share" fill="outline" size="small" onClick={copyLink}>
                  复制链接分享
                </Button>
              )}
            </View>

            <View className="section" id="crowdfund-backers">
              <Text className="section__title" id="crowdfund-backer-count">
                支持者（{cf.backerCount}）
              </Text>
              {cf.backers.length === 0 ? (
                <Text className="section__note" id="crowdfund-backers-empty">
                  还没有人认捐，来做第一个支持者吧
                </Text>
              ) : allBackers ? (
                <View id="crowdfund-backers-all">
                  {backers.loading && backers.items.length === 0 && <Text className="section__note">加载中…</Text>}
                  {backers.error && (
                    <Text className="section__note" id="crowdfund-backers-error" onClick={() => void backers.reload()}>
                      加载失败，点此重试
                    </Text>
                  )}
                  {backers.items.map((b) => (
                    <BackerRow key={b.pledgeId} backer={b} line={cf.lines.find((l) => l.id === b.lineId)} />
                  ))}
                  <LoadMore id="crowdfund-backers-more" hasMore={backers.hasMore} loading={backers.loadingMore} onMore={() => void backers.loadMore()} count={backers.items.length} />
                </View>
              ) : (
                <>
                  {cf.backers.map((b) => (
                    <BackerRow key={b.pledgeId} backer={b} line={cf.lines.find((l) => l.id === b.lineId)} />
                  ))}
                  {cf.backersNextCursor && (
                    <Button id="crowdfund-backers-all-link" fill="outline" size="small" onClick={() => setAllBackers(true)}>
                      查看全部支持者
                    </Button>
                  )}
                </>
              )}
            </View>
          </View>
        )}
      </StateView>
      {cf && pledgeLine && (
        <PledgeSheet
          crowdfundId={cf.id}
          line={cf.lines.find((l) => l.id === pledgeLine.id) ?? pledgeLine}
          onClose={() => setPledgeLine(null)}
          onDone={() => {
            setPledgeLine(null);
            void reload();
          }}
        />
      )}
    </PageShell>
  );
}
