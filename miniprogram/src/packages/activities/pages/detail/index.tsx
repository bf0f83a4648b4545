import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { MAX_COMPANIONS, type Activity } from '@shared/api/activities';
import { api, requestLogin } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useAction } from '../../../../hooks/useAction';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { PhotoGallery } from '../../../../components/PhotoGallery';
import { ChoiceChips } from '../../../../components/Chips';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import {
  ACT_ROUTES,
  ACTIVITY_KIND_LABELS,
  AUDIENCE_LABELS,
  checkInOpen,
  instantOf,
  localLabel,
  newClientToken,
  param,
  registrationText,
  seatsText,
  StatusText,
  timeRange,
} from '../../bits';

/** Why the 报名 button is not offered, or '' when it is. */
function signUpBlocker(a: Activity, now = Date.now()): string {
  if (a.status === 'cancelled') return '活动已取消';
  if (a.status !== 'published') return '活动已开始或已结束，不能报名';
  if (now < instantOf(a.signUpOpens)) return `${localLabel(a.signUpOpens)} 开始报名`;
  if (now >= instantOf(a.signUpCloses)) return '报名已截止';
  return '';
}

/** The sign-up sheet: companions 0–3 (none for volunteer activities), then one tap. */
function SignUpSheet({ a, onClose, onDone }: { a: Activity; onClose: () => void; onDone: () => void }) {
  const [companions, setCompanions] = useState('0');
  const [clientToken] = useState(newClientToken);
  const [busy, setBusy] = useState(false);
  const volunteer = a.hours !== undefined;
  const submit = async () => {
    setBusy(true);
    try {
      const r = await api('signUp', { companions: Number(companions), clientToken }, { params: { activityId: a.id } });
      void Taro.showModal({
        title: r.status === 'waitlisted' ? '已进入候补' : '报名成功',
        content:
          r.status === 'waitlisted'
            ? `名额已满，你在候补第 ${r.position ?? '?'} 位。有人取消时按顺序自动递补，届时在“我的活动”可见。`
            : `请于 ${localLabel(a.start)} 前到场，开始前 30 分钟起可扫码签到。`,
        showCancel: false,
        confirmText: '知道了',
      });
      onDone();
    } catch {
      // api() showed the server's message.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="act-sheet" id="signup-sheet">
      <View className="act-sheet__mask" onClick={onClose} />
      <View className="act-sheet__panel">
        <Text className="section__title">报名：{a.title}</Text>
        <Text className="section__note">{seatsText(a)}</Text>
        {volunteer ? (
          <Text className="section__note">志愿服务须本人报名，不能带同行人。</Text>
        ) : (
          <View className="act-field">
            <Text className="act-field__label">同行人数（最多 {MAX_COMPANIONS} 人，与你一起占用名额）</Text>
            <ChoiceChips
              idPrefix="signup-companions"
              options={Array.from({ length: MAX_COMPANIONS + 1 }, (_, i) => ({ value: String(i), label: i === 0 ? '仅本人' : `${i} 人` }))}
              value={companions}
              onChange={setCompanions}
            />
          </View>
        )}
        <View className="act-actions">
          <Button id="signup-cancel" fill="outline" onClick={onClose}>
            取消
          </Button>
          <Button id="signup-submit" type="primary" loading={busy} onClick={() => void submit()}>
            {a.seatsLeft >= 1 + Number(companions) && a.waitlistLength === 0 ? '确认报名' : '加入候补'}
          </Button>
        </View>
      </View>
    </View>
  );
}

/** 活动详情: time, place, audience, seats or my waitlist position, sign-up and my registration. */
export default function ActivityDetailPage() {
  const id = param(useRouter().params.id);
  const session = useSession();
  const detail = useRequest(() => api('getActivity', undefined, { params: { activityId: id }, silent: true }), [id, session?.token], { enabled: !!id });
  const [sheet, setSheet] = useState(false);
  const { busy, run } = useAction();

  useDidShow(() => {
    if (detail.data && !detail.loading) void detail.reload();
  });
  usePullDownRefresh(() => void detail.reload().finally(() => Taro.stopPullDownRefresh()));

  const a = detail.data;
  const mine = a?.myRegistration;
  const cancelRegistration = () =>
    mine &&
    run('cancel', () => api('cancelRegistration', {}, { params: { registrationId: mine.id } }), {
      confirm: {
        title: '取消报名',
        content: mine.status === 'waitlisted' ? '确定放弃候补吗？' : `确定取消报名“${a!.title}”吗？名额将按顺序递补给候补的人。`,
        confirmText: '取消报名',
        confirmColor: THEME_RED,
        cancelText: '再想想',
      },
      toast: '已取消报名',
      reload: detail.reload,
    });

  const openSheet = async () => {
    if (!session) {
      await requestLogin().catch(() => undefined);
      return;
    }
    setSheet(true);
  };

  return (
    <PageShell id="page-activity-detail">
      <StateView idPrefix="activity" loading={detail.loading} error={id ? detail.error : new Error('缺少活动编号，请从活动列表进入')} onRetry={id ? () => void detail.reload() : undefined}>
        {a && (
          <View>
            <PhotoGallery id="activity-photos" photos={a.photos} />
            <View className="section">
              <View className="act-card__head act-body" style={{ paddingTop: Taro.pxTransform(28) }}>
                <Text className="act-card__title" id="activity-title">
                  {a.title}
                </Text>
                <StatusText id="activity-status" status={a.status} />
              </View>
              <View className="act-body">
                <Text className="act-line">类型：{ACTIVITY_KIND_LABELS[a.kind]}</Text>
                <Text className="act-line" id="activity-time">
                  时间：{timeRange(a.start, a.end)}（北京时间）
                </Text>
                <Text className="act-line" id="activity-place">
                  地点：{a.placeName}
                </Text>
                <Text className="act-line">主办：{a.stationName} · {a.organiserName}</Text>
                <Text className="act-line" id="activity-audience">
                  报名范围：{AUDIENCE_LABELS[a.audience]}
                  {a.audienceBuildings?.length ? `（${a.audienceBuildings.map((b) => b.name).join('、')}）` : ''}
                </Text>
                {a.hours !== undefined && <Text className="act-line">志愿时长：每人 {a.hours} 小时（到场签到、组织者确认后记入）</Text>}
                <Text className="act-line">
                  报名时间：{localLabel(a.signUpOpens)} 至 {localLabel(a.signUpCloses)}；{localLabel(a.cancelDeadline)} 前可取消
                </Text>
                <Text className="act-line" id="activity-seats">
                  名额：{seatsText(a)}
                </Text>
              </View>
            </View>

            {mine && (
              <View className="section" id="my-registration">
                <Text className="section__title">我的报名</Text>
                <View className="act-body">
                  <Text className="act-strong" id="my-registration-status">
                    {registrationText(mine)}
                  </Text>
                  {mine.companions > 0 && <Text className="act-line">同行 {mine.companions} 人</Text>}
                  {mine.status === 'waitlisted' && <Text className="act-line">有人取消时按候补顺序自动递补，递补后这里显示“已报名”。</Text>}
                  {mine.checkedInAt && <Text className="act-line">签到时间：{mine.checkedInAt.slice(11, 16)}</Text>}
                </View>
                <View className="act-actions">
                  {mine.status === 'confirmed' && checkInOpen(a) && (
                    <Button id="my-registration-check-in" type="primary" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.checkIn(a.id) })}>
                      扫码签到
                    </Button>
                  )}
                  {(mine.status === 'confirmed' || mine.status === 'waitlisted') && (
                    <Button id="my-registration-cancel" fill="outline" loading={busy === 'cancel'} onClick={() => void cancelRegistration()}>
                      取消报名
                    </Button>
                  )}
                  <Button id="my-registration-mine" fill="outline" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.mine() })}>
                    我的活动与签到码
                  </Button>
                </View>
              </View>
            )}

            {a.description && (
              <View className="section">
                <Text className="section__title">活动介绍</Text>
                <View className="act-body">
                  <Text className="act-line" userSelect>
                    {a.description}
                  </Text>
                </View>
              </View>
            )}

            {a.canManage && (
              <View className="section" id="activity-manage">
                <Text className="section__title">组织者</Text>
                <View className="act-actions">
                  <Button id="activity-manage-link" type="primary" onClick={() => void Taro.navigateTo({ url: ACT_ROUTES.staff(a.id) })}>
                    报名名单与签到
                  </Button>
                </View>
              </View>
            )}

            {!mine && (
              <View className="block-button">
                {signUpBlocker(a) ? (
                  <Text className="section__note" id="activity-signup-closed">
                    {signUpBlocker(a)}
                  </Text>
                ) : (
                  <Button id="activity-signup" type="primary" block onClick={() => void openSheet()}>
                    {a.seatsLeft > 0 && a.waitlistLength === 0 ? '我要报名' : '名额已满，加入候补'}
                  </Button>
                )}
              </View>
            )}
            {sheet && (
              <SignUpSheet
                a={a}
                onClose={() => setSheet(false)}
                onDone={() => {
                  setSheet(false);
                  void detail.reload();
                }}
              />
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
