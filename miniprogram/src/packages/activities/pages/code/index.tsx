import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { IS_WEAPP } from '../../../../config';
import { checkInQrText, param, QrGrid, timeRange } from '../../bits';

/**
 * The full-screen check-in code the organiser holds up at the door. It changes every 30
 * seconds (the server's window), so a photo of an old one does not work: the page fetches
 * the new one when the current one expires.
 */
export default function CheckInCodePage() {
  const id = param(useRouter().params.id);
  const detail = useRequest(() => api('getActivity', undefined, { params: { activityId: id }, silent: true }), [id], { enabled: !!id });
  const code = useRequest(() => api('activityCheckInCode', undefined, { params: { activityId: id }, silent: true }), [id], { enabled: !!id });
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (IS_WEAPP) void Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const expiresAt = code.data ? Date.parse(code.data.expiresAt) : 0;
  useEffect(() => {
    if (!expiresAt) return;
    // The next code: just after this one expires (and again every 30 s should a fetch fail).
    const timer = setTimeout(() => void code.reload(), Math.max(1000, expiresAt - Date.now() + 300));
    return () => clearTimeout(timer);
  }, [expiresAt, code.data]);
  const left = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  const a = detail.data;

  return (
    <PageShell id="page-activity-code">
      <StateView idPrefix="code" loading={!code.data && code.loading} error={!id ? new Error('缺少活动编号') : code.error} onRetry={() => void code.reload()}>
        {code.data && (
          <View className="act-code-screen" id="code-screen">
            <Text className="act-code-screen__title">{a ? a.title : '活动签到'}</Text>
            {a && <Text className="act-line">{timeRange(a.start, a.end)}</Text>}
            <QrGrid id="code-qr" text={checkInQrText(id, code.data.code)} cell={14} />
            <Text className="act-line">请报名的居民在“我的活动”中点“扫码签到”扫此码</Text>
            <Text className="act-line">网页版请输入下方签到码</Text>
            <Text className="act-code-screen__code" id="code-text" userSelect>
              {code.data.code}
            </Text>
            <Text className="act-line" id="code-countdown">
              {left > 0 ? `${left} 秒后更换` : '正在更换…'}
            </Text>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
