import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Registration } from '@shared/api/activities';
import { api, requestLogin } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { ScanBox } from '../../../../components/ScanBox';
import { Button } from '../../../../components/ui';
import { ACT_ROUTES, param, readCheckInCode, registrationText, timeRange } from '../../bits';

/** 活动签到: scan the code on the organiser's phone (WeChat camera; on H5 type or paste the code shown under it). */
export default function ActivityCheckInPage() {
  const id = param(useRouter().params.id);
  const session = useSession();
  const detail = useRequest(() => api('getActivity', undefined, { params: { activityId: id }, silent: true }), [id, session?.token], { enabled: !!id && session !== null });
  const [done, setDone] = useState<Registration | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const checkIn = async (code: string) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      setDone(await api('activityCheckIn', { code }, { params: { activityId: id }, silent: true }));
    } catch (err) {
      setError(err instanceof Error ? err.message : '签到失败，请重试');
    } finally {
      setBusy(false);
    }
  };

  if (!session) {
    return (
      <PageShell id="page-activity-check-in">
        <View className="section" id="check-in-logged-out">
          <Text className="section__title">登录后签到</Text>
          <View className="act-actions">
            <Button id="check-in-login" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
              登录
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }

  const a = detail.data;
  const mine = a?.myRegistration;
  return (
    <PageShell id="page-activity-check-in">
      <StateView idPrefix="check-in" loading={detail.loading} error={id ? detail.error : new Error('缺少活动编号，请从“我的活动”进入')} onRetry={id ? () => void detail.reload() : undefined}>
        {a && (
          <View className="section">
            <Text className="section__title" id="check-in-title">
              {a.title}
            </Text>
            <Text className="section__note">
              {timeRange(a.start, a.end)} · {a.placeName}
            </Text>
            {done || mine?.status === 'checked_in' ? (
              <View className="act-body" id="check-in-done">
                <Text className="act-strong">签到成功</Text>
                <Text className="act-line">签到时间 {(done?.checkedInAt ?? mine?.checkedInAt ?? '').slice(11, 16)}，祝活动愉快。</Text>
              </View>
            ) : !mine ? (
              <View className="act-body" id="check-in-not-registered">
                <Text className="act-line">你没有报名这个活动，报名并获得名额后才能签到。</Text>
              </View>
            ) : mine.status !== 'confirmed' ? (
              <View className="act-body" id="check-in-not-confirmed">
                <Text className="act-line">你的报名状态：{registrationText(mine)}，获得名额后才能签到。</Text>
              </View>
            ) : (
              <View className="act-body">
                <Text className="act-line">请扫描工作人员手机上的签到码（每 30 秒更换）。开始前 30 分钟至活动结束可签到。</Text>
                <ScanBox
                  id="check-in-scan"
                  recognise={(raw) => readCheckInCode(a.id, raw)}
                  onToken={(code) => void checkIn(code)}
                  placeholder="输入签到码"
                  submitText="签到"
                  h5Hint="网页版无法调用摄像头：请输入工作人员手机上二维码下方的签到码"
                />
                {busy && <Text className="act-line">签到中…</Text>}
                {error && (
                  <Text className="act-error" id="check-in-error">
                    {error}
                  </Text>
                )}
              </View>
            )}
            <View className="act-actions">
              <Button id="check-in-mine" fill="outline" onClick={() => void Taro.redirectTo({ url: ACT_ROUTES.mine() })}>
                我的活动
              </Button>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
