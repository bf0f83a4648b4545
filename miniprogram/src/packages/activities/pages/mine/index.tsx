import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Registration } from '@shared/api/activities';
import { api } from '../../../../api/client';
import { useListPage } from '../../../../hooks/useListPage';
import { useAction } from '../../../../hooks/useAction';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { LoginPrompt } from '../../../../components/LoginPrompt';
import { Button, Cell } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { ACT_ROUTES, ACTIVITY_STATUS_LABELS, checkInOpen, QrGrid, registrationText, timeRange } from '../../bits';

const live = (r: Registration) => (r.status === 'confirmed' || r.status === 'waitlisted') && (r.activityStatus === 'published' || r.activityStatus === 'draft');

function RegistrationRow({ r, busy, onCancel }: { r: Registration; busy: boolean; onCancel: () => void }) {
  const [showTicket, setShowTicket] = useState(false);
  const cancelled = r.activityStatus === 'cancelled';
  const canCheckIn = r.status === 'confirmed' && !cancelled && checkInOpen({ start: r.activityStart, end: r.activityEnd });
  return (
    <View className="act-card" id={`my-reg-${r.activityId}`}>
      <View className="act-card__head">
        <Text className="act-card__title" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.detail(r.activityId) })}>
          {r.activityTitle}
        </Text>
        <Text className="act-tag" id={`my-reg-${r.activityId}-status`}>
          {cancelled ? `活动${ACTIVITY_STATUS_LABELS.cancelled}` : registrationText(r)}
        </Text>
      </View>
      <Text className="act-card__line">{timeRange(r.activityStart, r.activityEnd)}</Text>
      <Text className="act-card__line">{r.placeName}</Text>
      {r.companions > 0 && <Text className="act-card__line">同行 {r.companions} 人</Text>}
      {showTicket && r.ticket && (
        <View id={`my-reg-${r.activityId}-ticket`}>
          <QrGrid id={`my-reg-${r.activityId}-qr`} text={r.ticket} cell={7} />
          <Text className="act-card__line">到场后请工作人员扫此码签到，或扫工作人员手机上的签到码</Text>
        </View>
      )}
      <View className="act-actions" style={{ padding: `${Taro.pxTransform(16)} 0 0` }}>
        {canCheckIn && (
          <Button id={`my-reg-${r.activityId}-check-in`} size="small" type="primary" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.checkIn(r.activityId) })}>
            扫码签到
          </Button>
        )}
        {r.status === 'confirmed' && !cancelled && r.ticket && (
          <Button id={`my-reg-${r.activityId}-show-ticket`} size="small" fill="outline" onClick={() => setShowTicket(!showTicket)}>
            {showTicket ? '收起签到码' : '我的签到码'}
          </Button>
        )}
        {live(r) && (
          <Button id={`my-reg-${r.activityId}-cancel`} size="small" fill="outline" loading={busy} onClick={onCancel}>
            取消报名
          </Button>
        )}
      </View>
    </View>
  );
}

/** 我的活动: registrations (newest first) with their state, cancel, check-in and my personal QR. */
export default function MyActivitiesPage() {
  const session = useSession();
  const regs = useListPage((cursor) => api('myRegistrations', undefined, { query: { cursor }, silent: true }), [session?.token], { enabled: session !== null });
  const { busy, run } = useAction();


  const cancel = (r: Registration) =>
    run(r.id, () => api('cancelRegistration', {}, { params: { registrationId: r.id } }), {
      confirm: {
        title: '取消报名',
        content: r.status === 'waitlisted' ? `确定放弃“${r.activityTitle}”的候补吗？` : `确定取消报名“${r.activityTitle}”吗？名额将按顺序递补给候补的人。`,
        confirmText: '取消报名',
        confirmColor: THEME_RED,
        cancelText: '再想想',
      },
      toast: '已取消报名',
      reload: regs.reload,
    });

  if (!session) {
    return (
      <PageShell id="page-my-activities">
        <LoginPrompt id="my-activities-logged-out" text="登录后查看我的活动" buttonId="my-activities-login" />
      </PageShell>
    );
  }

  return (
    <PageShell id="page-my-activities">
      <View className="section">
        <Cell id="my-activities-hours" title="我的志愿时长" description="累计时长、明细与时长证明" clickable onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.hours() })} />
        <Cell id="my-activities-browse" title="看看社区活动" clickable onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.list() })} />
      </View>
      <StateView
        idPrefix="my-activities"
        loading={regs.loading}
        error={regs.loaded ? undefined : regs.error}
        empty={regs.loaded && regs.items.length === 0}
        emptyText="还没有报名活动"
        emptyHint="去社区活动看看本周有什么"
        onRetry={() => void regs.reload()}
      >
        <View id="my-activities">
          {regs.items.map((r) => (
            <RegistrationRow key={r.id} r={r} busy={busy === r.id} onCancel={() => void cancel(r)} />
          ))}
          <LoadMore id="my-activities-more" hasMore={regs.hasMore} loading={regs.loadingMore} error={regs.error} onMore={() => void regs.loadMore()} count={regs.items.length} />
        </View>
      </StateView>
    </PageShell>
  );
}
