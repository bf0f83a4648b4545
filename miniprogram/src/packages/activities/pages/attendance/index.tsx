import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { MAX_VOLUNTEER_CAPACITY } from '@shared/api/activities';
import { api, ApiError } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { fieldName } from '../../../../utils/a11y';
import { ACT_ROUTES, Field, param, timeRange } from '../../bits';

/**
 * After the end: who attended, for the volunteer hours. Everyone who checked in is
 * pre-selected; any change from the check-ins needs a reason (kept with the hours entry).
 * Confirming appends to each person's hours ledger, once.
 */
export default function AttendancePage() {
  const id = param(useRouter().params.id);
  const detail = useRequest(() => api('getActivity', undefined, { params: { activityId: id }, silent: true }), [id], { enabled: !!id });
  // Hour-crediting activities hold at most 49 places: one page holds every attendee.
  const people = useRequest(() => api('listAttendees', undefined, { params: { activityId: id }, query: { limit: MAX_VOLUNTEER_CAPACITY + 1 }, silent: true }), [id], { enabled: !!id });
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const list = people.data?.items ?? [];
  const checkedIn = list.filter((r) => r.status === 'checked_in').map((r) => r.userId);
  // The organiser's picks belong to the list they were made on; a fresh list starts from
  // the check-ins again. Derived during render, so no frame ever shows the boxes unticked.
  const [picked, setPicked] = useState<{ of: unknown; ids: Set<string> } | null>(null);
  const chosen = picked && picked.of === people.data ? picked.ids : new Set(checkedIn);
  const changed = chosen.size !== checkedIn.length || checkedIn.some((u) => !chosen.has(u));
  const toggle = (userId: string) => {
    const next = new Set(chosen);
    if (next.has(userId)) next.delete(userId);
    else next.add(userId);
    setPicked({ of: people.data, ids: next });
  };

  const a = detail.data;
  const confirm = async () => {
    if (!a || busy) return;
    if (changed && reason.trim().length < 2) {
      setError('出席名单与签到记录不同，请填写调整原因（至少 2 个字）');
      return;
    }
    const ok = await Taro.showModal({
      title: '确认志愿时长',
      content: `为 ${chosen.size} 人各记入 ${a.hours ?? 0} 小时志愿时长。确认后不能撤回（如有错误，另行更正）。确定吗？`,
      confirmText: '确认',
      cancelText: '取消',
    });
    if (!ok.confirm) return;
    setBusy(true);
    setError('');
    try {
      const res = await api('confirmAttendance', { userIds: [...chosen], ...(changed ? { reason: reason.trim() } : {}) }, { params: { activityId: id } });
      void Taro.showToast({ title: `已为 ${res.credited} 人记入时长`, icon: 'success' });
      void Taro.redirectTo({ url: ACT_ROUTES.staff(id) });
    } catch (err) {
      if (err instanceof ApiError) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell id="page-activity-attendance">
      <StateView idPrefix="attendance" loading={detail.loading || people.loading} error={id ? detail.error ?? people.error : new Error('缺少活动编号')} onRetry={() => void Promise.all([detail.reload(), people.reload()])}>
        {a && (
          <View className="section">
            <Text className="section__title">{a.title}</Text>
            <Text className="section__note">
              {timeRange(a.start, a.end)} · 每人 {a.hours ?? 0} 小时 · 已签到的人已预先勾选
            </Text>
            {a.status !== 'ended' ? (
              <Text className="section__note" id="attendance-not-ended">
                {a.status === 'settled' ? '该活动的志愿时长已确认。' : '活动结束后才能确认出席与志愿时长。'}
              </Text>
            ) : list.length === 0 ? (
              <Text className="section__note" id="attendance-empty">
                没有获得名额的报名人。
              </Text>
            ) : (
              <View id="attendance-list">
                {list.map((r) => {
                  const on = chosen.has(r.userId);
                  return (
                    <View
                      key={r.id}
                      id={`attendance-${r.userId}`}
                      className={`act-check${on ? ' act-check--on' : ''}`}
                      role="checkbox"
                      aria-checked={on}
                      onClick={() => toggle(r.userId)}
                    >
                      <Text className="act-check__box">{on ? '✓' : ''}</Text>
                      <Text className="act-check__text">{r.userName}</Text>
                      <Text className={`act-tag${r.status === 'checked_in' ? '' : ' act-tag--muted'}`}>{r.status === 'checked_in' ? '已签到' : '未签到'}</Text>
                    </View>
                  );
                })}
                {changed && (
                  <Field label="调整原因（与签到记录不同时必填）">
                    <Input {...fieldName('调整原因')} id="attendance-reason" className="act-input" value={reason} maxlength={100} placeholder="例如 忘记签到，现场确认到场" onInput={(e) => setReason(e.detail.value)} />
                  </Field>
                )}
                {error && (
                  <Text className="act-error" id="attendance-error" style={{ padding: `0 ${Taro.pxTransform(28)}` }}>
                    {error}
                  </Text>
                )}
                <View className="act-actions">
                  <Button id="attendance-confirm" type="primary" block loading={busy} onClick={() => void confirm()}>
                    确认 {chosen.size} 人出席并记入时长
                  </Button>
                </View>
              </View>
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
