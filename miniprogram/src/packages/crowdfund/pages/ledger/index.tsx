import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Ledger } from '@shared/api/crowdfund';
import { api } from '../../../../api/client';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { LedgerEntries, LedgerTotals } from '../../../../components/LedgerView';
import { API_BASE_URL } from '../../../../config';
import '../../crowdfund.css';

/**
 * 公开账本: anyone can read every entry of a crowdfund, including reversals and receipts,
 * page by page (加载更多 / reaching the bottom); the totals cover the whole ledger.
 */
export default function LedgerPage() {
  const id = useRouter().params.id ?? '';
  // The first page also carries the title and the totals of the whole ledger.
  const [head, setHead] = useState<Ledger | undefined>(undefined);
  const pages = usePagedRequest(async (cursor) => {
    const page = await api('getLedger', undefined, { params: { crowdfundId: id }, query: { cursor }, silent: true });
    if (!cursor) setHead(page);
    return { items: page.entries, nextCursor: page.nextCursor };
  }, [id]);
  const { error, loading, reload } = pages;
  const data = head && pages.loaded ? { ...head, entries: pages.items } : undefined;

  useDidShow(() => {
    if (data && !loading) void reload();
  });
  useReachBottom(() => void pages.loadMore());
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  const copyCsv = () => {
    const url = `${API_BASE_URL}/crowdfunds/${encodeURIComponent(id)}/ledger.csv`;
    void Taro.setClipboardData({ data: url }).then(() => Taro.showToast({ title: 'CSV 下载链接已复制', icon: 'none' }));
  };

  return (
    <PageShell id="page-crowdfund-ledger">
      <StateView idPrefix="ledger" loading={loading} error={error} onRetry={() => void reload()}>
        {data && (
          <View>
            <View className="section">
              <Text className="section__title" id="ledger-title">
                {data.title}
              </Text>
              <Text className="section__note">财务全公开：收入来自已确认收款的认捐，支出附收据；记错的账目以冲正更正，原记录保留。</Text>
              <LedgerTotals ledger={data} />
            </View>
            <View className="section">
              <Text className="section__title">收支明细</Text>
              <LedgerEntries ledger={data} />
              <LoadMore id="ledger-more" hasMore={pages.hasMore} loading={pages.loadingMore} onMore={() => void pages.loadMore()} count={data.entries.length} />
            </View>
            <View className="block-button">
              <Button id="ledger-csv" fill="outline" block onClick={copyCsv}>
                复制 CSV 下载链接
              </Button>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
