import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Registration } from '@shared/api/activities';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useAction } from '../../../../hooks/useAction';
import { useSession } from '../../../../hooks/useSession';
import { usePrompt } from '../../../../components/PromptDialog';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { LoadMore } from '../../../../components/LoadMore';
import { ScanBox } from '../../../../components/ScanBox';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { ACT_ROUTES, ACTIVITY_KIND_LABELS, checkInOpen, param, REGISTRATION_STATUS_LABELS, seatsText, StatusText, timeRange } from '../../bits';

function AttendeeRow({ r }: { r: Registration }) {
  return (
    <View className="act-check" id={`attendee-${r.userId}`}>
      <View className="act-check__text">
        <Text className="act-line" style={{ marginTop: 0 }}>
          {r.userName}
          {r.companions > 0 ? `（另 ${r.companions} 位同行）` : ''}
        </Text>
      </View>
      <Text className={`act-tag${r.status === 'checked_in' ? '' : ' act-tag--muted'}`} id={`attendee-${r.userId}-status`}>
        {r.status === 'checked_in' ? `已签到 ${r.checkedInAt?.slice(11, 16) ?? ''}` : r.status === 'confirmed' ? '待签到' : REGISTRATION_STATUS_LABELS[r.status]}
      </Text>
    </View>
  );
}

/** Organiser's view of one activity: state, publish / edit / cancel, the check-in code, and who holds a place (never the waitlist). */
export default function ActivityStaffPage() {
  const id = param(useRouter().params.id);
  const session = useSession();
  const enabled = !!id && session !== null;
  const detail = useRequest(() => api('getActivity', undefined, { params: { activityId: id }, silent: true }), [id, session?.token], { enabled });
  const people = usePagedRequest((cursor) => api('listAttendees', undefined, { params: { activityId: id }, query: { cursor }, silent: true }), [id, session?.token], { enabled });
  const { busy, run } = useAction();
  const reason = usePrompt('activity-cancel-reason');

  const reloadAll = () => Promise.all([detail.reload(), people.reload()]);
  useDidShow(() => {
    if (detail.data && !detail.loading) void reloadAll();
  });
  usePullDownRefresh(() => void reloadAll().finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => void people.loadMore());

  const a = detail.data;
  const publish = () =>
    run('publish', () => api('publishActivity', {}, { params: { activityId: id } }), {
      confirm: { title: '发布活动', content: '发布后居民即可看到并报名，房间时段同时占用。确定发布吗？', confirmText: '发布', cancelText: '取消' },
      toast: { title: '已发布', icon: 'success' },
      reload: detail.reload,
    });
  const cancel = async () => {
    const why = await reason.ask({ title: '取消活动的原因（会告知已报名的人）', placeholder: '例如 天气原因改期', minLength: 2, confirmText: '下一步' });
    if (!why) return;
    await run('cancel', () => api('cancelActivity', { reason: why }, { params: { activityId: id } }), {
      confirm: { title: '取消活动', content: `确定取消“${a?.title ?? ''}”吗？已报名和候补的人都将看到活动已取消，房间时段随即释放。`, confirmText: '取消活动', confirmColor: THEME_RED, cancelText: '再想想' },
      toast: '活动已取消',
      reload: reloadAll,
    });
  };
  const scanTicket = (ticket: string) =>
    run('ticket', () => api('activityScanTicket', { ticket }, { params: { activityId: id } }), { toast: { title: '签到成功', icon: 'success' }, reload: people.reload });

  const live = a && (a.status === 'published' || a.status === 'ongoing');
  return (
    <PageShell id="page-activity-staff">
      <StateView idPrefix="staff-activity" loading={detail.loading && !a} error={id ? detail.error : new Error('缺少活动编号')} onRetry={id ? () => void detail.reload() : undefined}>
        {a && (
          <View>
            <View className="section">
              <View className="act-card__head act-body" style={{ paddingTop: Taro.pxTransform(28) }}>
                <Text className="act-card__title" id="staff-activity-title">
                  {a.title}
                </Text>
                <StatusText id="staff-activity-status" status={a.status} />
              </View>
              <View className="act-body">
                <Text className="act-line">
                  {ACTIVITY_KIND_LABELS[a.kind]} · {timeRange(a.start, a.end)}
                </Text>
                <Text className="act-line" id="staff-activity-place">
                  {a.placeName}
                </Text>
                <Text className="act-line" id="staff-activity-seats">
                  {seatsText(a)}
                </Text>
              </View>
              <View className="act-actions">
                {a.status === 'draft' && (
                  <Button id="staff-publish" type="primary" loading={busy === 'publish'} onClick={() => void publish()}>
                    发布
                  </Button>
                )}
                {live && checkInOpen(a) && (
                  <Button id="staff-code" type="primary" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.code(a.id) })}>
                    出示签到码
                  </Button>
                )}
                {a.status === 'ended' && a.hours !== undefined && (
                  <Button id="staff-attendance" type="primary" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.attendance(a.id) })}>
                    确认出席与志愿时长
                  </Button>
                )}
                {(a.status === 'draft' || a.status === 'published') && (
                  <Button id="staff-edit" fill="outline" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.edit(a.stationId, a.id) })}>
                    编辑
                  </Button>
                )}
                {(a.status === 'draft' || live) && (
                  <Button id="staff-cancel" fill="outline" loading={busy === 'cancel'} onClick={() => void cancel()}>
                    取消活动
                  </Button>
                )}
              </View>
              {a.status === 'published' && !checkInOpen(a) && <Text className="section__note">开始前 30 分钟起可出示签到码。</Text>}
            </View>
            {live && checkInOpen(a) && (
              <View className="section">
                <Text className="section__title">扫报名人的签到码</Text>
                <View className="act-body">
                  <ScanBox
                    id="staff-ticket"
                    recognise={(raw) => (/^[\w-]+\.[\w-]+$/.test(raw) ? raw : undefined)}
                    onToken={(t) => void scanTicket(t)}
                    placeholder="粘贴报名人的签到码内容"
                    submitText="签到"
                    h5Hint="网页版无法调用摄像头：请报名人扫你手机上的活动签到码"
                  />
                </View>
              </View>
            )}
            <View className="section" id="staff-attendees">
              <Text className="section__title">报名名单（{people.items.length}{people.hasMore ? '+' : ''} 人）</Text>
              <Text className="section__note">只列出已获得名额的人；候补 {a.waitlistLength} 人，递补后出现在名单中。</Text>
              <StateView
                idPrefix="staff-attendees"
                loading={people.loading}
                error={people.loaded ? undefined : people.error}
                empty={people.loaded && people.items.length === 0}
                emptyText="还没有人报名"
                onRetry={() => void people.reload()}
              >
                {people.items.map((r) => (
                  <AttendeeRow key={r.id} r={r} />
                ))}
                <LoadMore id="staff-attendees-more" hasMore={people.hasMore} loading={people.loadingMore} error={people.error} onMore={() => void people.loadMore()} count={people.items.length} />
              </StateView>
            </View>
          </View>
        )}
      </StateView>
      {reason.dialog}
    </PageShell>
  );
}
