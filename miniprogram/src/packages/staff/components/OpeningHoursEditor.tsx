import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Picker, Switch, Text, View } from '@tarojs/components';
import type { OpeningHours } from '@shared/api/venues';
import { api } from '../../../api/client';
import { Button } from '../../../components/ui';
import { THEME_RED } from '../../../config';
import { WEEKDAY_LABELS } from '../../../utils/booking';
import { HALF_HOURS, WEEK_KEYS, openingHoursError } from '../settings';
import './OpeningHoursEditor.css';
import { fieldName } from '../../../utils/a11y';

/** A half-hour time chosen from a list (`<id>`), shown as the time itself. */
export function HalfHourPicker({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const index = Math.max(0, HALF_HOURS.indexOf(value));
  return (
    <Picker mode="selector" range={HALF_HOURS} value={index} onChange={(e) => onChange(HALF_HOURS[Number(e.detail.value)] ?? value)}>
      <Text className="s-picker" id={id}>
        {value}
      </Text>
    </Picker>
  );
}

/**
 * 开放时间 of a station (PUT /stations/{id}/opening-hours), per weekday: 开放 or 休息, and its
 * time ranges. Applies to every room of the station.
 */
export function OpeningHoursEditor({ stationId, hours, onSaved }: { stationId: string; hours: OpeningHours; onSaved: (h: OpeningHours) => void }) {
  const [draft, setDraft] = useState<OpeningHours>(hours);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(hours), [hours]);

  const setDay = (key: keyof OpeningHours, list: OpeningHours[keyof OpeningHours]) => {
    setDraft((d) => ({ ...d, [key]: list }));
    setError(undefined);
  };

  const save = async () => {
    if (saving) return;
    const problem = openingHoursError(draft);
    setError(problem);
    if (problem) return;
    const sure = await Taro.showModal({
      title: '保存开放时间',
      content: '开放时间对本驿站所有房间生效，已有的预约不受影响。',
      confirmText: '保存',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!sure.confirm) return;
    setSaving(true);
    try {
      const station = await api('updateOpeningHours', { openingHours: draft }, { params: { stationId } });
      onSaved(station.openingHours);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch {
      // Toasted by the client.
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="section" id="opening-hours">
      <Text className="section__title">驿站开放时间</Text>
      <Text className="section__note">对本驿站所有房间生效；休息日不可预约</Text>
      {WEEK_KEYS.map((key) => {
        const list = draft[key];
        return (
          <View className="bk-field" key={key} id={`hours-day-${key}`}>
            <View className="bk-card__head">
              <Text className="bk-field__label">{WEEKDAY_LABELS[Number(key)]}</Text>
              <View className="s-open-toggle">
                <Text className="s-open-toggle__text" id={`hours-day-${key}-state`}>
                  {list.length > 0 ? '开放' : '休息'}
                </Text>
                <Switch
                  {...fieldName(`${WEEKDAY_LABELS[Number(key)]}开放`)}
                  id={`hours-day-${key}-open`}
                  checked={list.length > 0}
                  color={THEME_RED}
                  onChange={(e) => setDay(key, e.detail.value ? [{ open: '09:00', close: '17:00' }] : [])}
                />
              </View>
            </View>
            {list.map((interval, i) => (
              <View className="s-interval" key={i} id={`hours-day-${key}-${i}`}>
                <HalfHourPicker id={`hours-day-${key}-${i}-open`} value={interval.open} onChange={(v) => setDay(key, list.map((x, j) => (j === i ? { ...x, open: v } : x)))} />
                <Text className="s-interval__dash">至</Text>
                <HalfHourPicker id={`hours-day-${key}-${i}-close`} value={interval.close} onChange={(v) => setDay(key, list.map((x, j) => (j === i ? { ...x, close: v } : x)))} />
                {list.length > 1 && (
                  <Text className="s-interval__remove bk-link" id={`hours-day-${key}-${i}-remove`} onClick={() => setDay(key, list.filter((_, j) => j !== i))}>
                    删除
                  </Text>
                )}
              </View>
            ))}
            {list.length > 0 && list.length < 3 && (
              <Text
                className="bk-link s-interval__add"
                id={`hours-day-${key}-add`}
                onClick={() => setDay(key, [...list, { open: list[list.length - 1].close < '21:00' ? list[list.length - 1].close : '19:00', close: '21:00' }])}
              >
                + 添加时段
              </Text>
            )}
          </View>
        );
      })}
      {error && (
        <Text className="bk-error-banner" id="opening-hours-error">
          {error}
        </Text>
      )}
      <View className="bk-actions">
        <Button id="opening-hours-save" type="primary" block loading={saving} onClick={() => void save()}>
          保存开放时间
        </Button>
      </View>
    </View>
  );
}
