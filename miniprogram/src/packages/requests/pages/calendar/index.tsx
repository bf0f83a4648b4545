import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { api, ApiError } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useStreetAdmin } from '../../useStreetAdmin';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { ChoiceChips } from '../../../../components/Chips';
import { Button } from '../../../../components/ui';
import { formatCst } from '../../../../utils/time';
import '../../requests.css';

type Kind = 'holidays' | 'makeupDays';
const KIND_LABELS: Record<Kind, string> = { holidays: '节假日（工作日放假）', makeupDays: '调休上班日（周末上班）' };
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekday = (d: string) => WEEKDAYS[new Date(`${d}T12:00:00Z`).getUTCDay()];
const CONFLICT = '这一年的日历刚刚被其他管理员修改过，已为你载入最新内容，请核对后重新操作';

/**
 * 工作日日历 (street admin): per year the weekdays off (法定节假日) and the weekends worked
 * (调休上班日) that the resolve due times of requests are counted on. Adding or removing a day
 * saves the year under the version read; the server's reasons show under the date field.
 */
export default function WorkCalendarPage() {
  const { params } = useRouter();
  const streetId = params.streetId ?? '';
  const streetName = params.name ? decodeURIComponent(params.name) : '';
  const thisYear = Number(formatCst(new Date().toISOString(), 'YYYY'));
  const [year, setYear] = useState(String(params.year ?? thisYear));
  const cal = useRequest(() => api('getWorkCalendar', undefined, { params: { streetId, year }, silent: true }), [streetId, year], { enabled: Boolean(streetId) });
  const [kind, setKind] = useState<Kind>('holidays');
  const [date, setDate] = useState('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [saving, setSaving] = useState(false);
  const canEdit = useStreetAdmin(streetId);
  const shownDate = date.startsWith(`${year}-`) ? date : `${year}-01-01`;

  const save = async (next: Record<Kind, string[]>, done: string, added?: { kind: Kind; date: string }) => {
    setSaving(true);
    setError('');
    setNotice('');
    try {
      await api('saveWorkCalendar', { ...next, version: cal.data?.version ?? 0 }, { params: { streetId, year }, silent: true });
      void Taro.showToast({ title: done, icon: 'success' });
      await cal.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setNotice(CONFLICT);
        await cal.reload();
      } else if (err instanceof ApiError && err.fields.length > 0) {
        // The reason about the day just added goes under the date field; others above the lists.
        const at = added ? `${added.kind}.${next[added.kind].indexOf(added.date)}` : '';
        const mine = err.fields.find((f) => f.path === at);
        if (mine) setError(mine.message);
        else setNotice(err.fields[0].message);
      } else {
        setNotice(err instanceof ApiError ? err.message : '保存失败，请检查网络后重试');
      }
    } finally {
      setSaving(false);
    }
  };

  const current = { holidays: cal.data?.holidays ?? [], makeupDays: cal.data?.makeupDays ?? [] };
  const add = () => {
    if (current[kind].includes(shownDate)) {
      setError('这一天已在列表中');
      return;
    }
    void save({ ...current, [kind]: [...current[kind], shownDate].sort() }, '已添加', { kind, date: shownDate });
  };
  const remove = async (k: Kind, d: string) => {
    const ok = await Taro.showModal({ title: '请确认', content: `确定把 ${d}（${weekday(d)}）从${k === 'holidays' ? '节假日' : '调休上班日'}中删除吗？之后受理的诉求将按新日历计算期限。`, confirmText: '删除', cancelText: '再想想' });
    if (ok.confirm) await save({ ...current, [k]: current[k].filter((x) => x !== d) }, '已删除');
  };

  return (
    <PageShell id="page-work-calendar">
      <View className="hero">
        <Text className="hero__title">{streetName ? `${streetName}工作日日历` : '工作日日历'}</Text>
        <Text className="hero__text">诉求的办结期限按工作日计算：周一至周五上班，节假日放假，调休的周末上班</Text>
      </View>
      <View className="rq-form">
        <ChoiceChips
          idPrefix="calendar-year"
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: String(y), label: `${y} 年` }))}
          value={year}
          onChange={(y) => {
            setYear(y);
            setError('');
            setNotice('');
          }}
        />
      </View>
      {notice && (
        <Text className="rq-error rq-form" id="calendar-notice">
          {notice}
        </Text>
      )}
      <StateView idPrefix="calendar" loading={cal.loading && !cal.data} error={cal.error} empty={!streetId} emptyText="请从工作台选择街道" onRetry={() => void cal.reload()}>
        {(['holidays', 'makeupDays'] as Kind[]).map((k) => (
          <View key={k} className="section" id={`calendar-${k}`}>
            <Text className="section__title">{KIND_LABELS[k]}</Text>
            {current[k].length === 0 && <Text className="rq-note rq-form">{year} 年还没有设置</Text>}
            {current[k].map((d) => (
              <View key={d} className="rq-item" id={`calendar-${k}-${d}`}>
                <Text className="rq-row__title">
                  {d}（{weekday(d)}）
                </Text>
                {canEdit && (
                  <View className="rq-item__buttons">
                    <Button id={`calendar-remove-${k}-${d}`} size="small" fill="outline" disabled={saving} onClick={() => void remove(k, d)}>
                      删除
                    </Button>
                  </View>
                )}
              </View>
            ))}
          </View>
        ))}
        {!canEdit && <Text className="rq-note rq-form" id="calendar-readonly">只有本街道的街道管理员可以修改日历</Text>}
        {canEdit && (
          <View className="rq-form" id="calendar-add">
            <Text className="section__title">添加日期</Text>
            <ChoiceChips idPrefix="calendar-kind" options={(['holidays', 'makeupDays'] as Kind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} value={kind} onChange={(k) => { setKind(k); setError(''); }} />
            <Text className="rq-label">日期</Text>
            <Picker mode="date" value={shownDate} start={`${year}-01-01`} end={`${year}-12-31`} onChange={(e) => { setDate(String(e.detail.value)); setError(''); }}>
              <Text className="rq-input rq-picker" id="calendar-date">
                {shownDate}（{weekday(shownDate)}）▾
              </Text>
            </Picker>
            {error && (
              <Text className="rq-error" id="calendar-date-error">
                {error}
              </Text>
            )}
            <View className="rq-actions">
              <Button id="calendar-add-submit" type="primary" loading={saving} onClick={add}>
                添加
              </Button>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
