import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { useListPage } from '../../../../hooks/useListPage';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { LoginPrompt } from '../../../../components/LoginPrompt';
import { Button } from '../../../../components/ui';
import { formatCst } from '../../../../utils/time';
import { ACT_ROUTES, downloadCertificate } from '../../bits';

/** 我的志愿时长: the total, the ledger's entries (newest first) and the certificate PDF. A record, never a ranking. */
export default function VolunteerHoursPage() {
  const session = useSession();
  const [totals, setTotals] = useState<{ totalHours: number; entryCount: number } | undefined>();
  const entries = useListPage(
    async (cursor) => {
      const page = await api('myVolunteerHours', undefined, { query: { cursor }, silent: true });
      if (!cursor) setTotals({ totalHours: page.totalHours, entryCount: page.entryCount });
      return page;
    },
    [session?.token],
    { enabled: session !== null },
  );
  const [downloading, setDownloading] = useState(false);


  const download = async () => {
    setDownloading(true);
    try {
      await downloadCertificate();
      void Taro.showToast({ title: '证明已下载', icon: 'success' });
    } catch (err) {
      void Taro.showToast({ title: err instanceof Error ? err.message : '证明下载失败，请稍后重试', icon: 'none' });
    } finally {
      setDownloading(false);
    }
  };

  if (!session) {
    return (
      <PageShell id="page-volunteer-hours">
        <LoginPrompt id="hours-logged-out" text="登录后查看志愿时长" buttonId="hours-login" />
      </PageShell>
    );
  }

  return (
    <PageShell id="page-volunteer-hours">
      <StateView idPrefix="hours" loading={entries.loading} error={entries.loaded ? undefined : entries.error} onRetry={() => void entries.reload()}>
        {totals && (
          <View>
            <View className="section" id="hours-summary">
              <Text className="section__title">累计志愿服务时长</Text>
              <Text className="act-total" id="hours-total">
                {totals.totalHours} 小时
              </Text>
              <Text className="section__note">
                共 {totals.entryCount} 条记录 · 由活动组织者在活动结束后确认记入
              </Text>
              {totals.totalHours > 0 && (
                <View className="act-actions">
                  <Button id="hours-certificate" type="primary" loading={downloading} onClick={() => void download()}>
                    下载志愿服务时长证明（PDF）
                  </Button>
                </View>
              )}
            </View>
            <View className="section">
              <Text className="section__title">时长明细</Text>
              {entries.items.length === 0 ? (
                <View className="act-body" id="hours-empty">
                  <Text className="act-line">还没有志愿时长记录。报名志愿服务活动、到场签到，活动结束后由组织者确认记入。</Text>
                  <View className="act-actions" style={{ padding: `${Taro.pxTransform(16)} 0 0` }}>
                    <Button id="hours-browse" size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.list() })}>
                      看看社区活动
                    </Button>
                  </View>
                </View>
              ) : (
                <View id="hours-entries">
                  {entries.items.map((e) => (
                    <View key={e.id} className="act-check" id={`hours-entry-${e.activityId}`}>
                      <View className="act-check__text">
                        <Text className="act-line" style={{ marginTop: 0 }}>
                          {e.activityTitle}
                        </Text>
                        <Text className="act-card__line">
                          {e.stationName} · {formatCst(e.at, 'YYYY年M月D日')}
                          {e.kind === 'reversal' && e.reason ? ` · 更正：${e.reason}` : ''}
                        </Text>
                      </View>
                      <Text className="act-tag">{e.kind === 'reversal' ? `更正 ${e.hours}` : `+${e.hours}`} 小时</Text>
                    </View>
                  ))}
                  <LoadMore id="hours-more" hasMore={entries.hasMore} loading={entries.loadingMore} error={entries.error} onMore={() => void entries.loadMore()} count={entries.items.length} />
                </View>
              )}
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
