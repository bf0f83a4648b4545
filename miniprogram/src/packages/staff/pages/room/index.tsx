import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Switch, Text, View } from '@tarojs/components';
import type { OpeningHours, Room } from '@shared/api/venues';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { addDays, blackoutText, cstToday, dateLabel, upcomingBlackouts } from '../../../../utils/booking';
import { HalfHourPicker, OpeningHoursEditor } from '../../components/OpeningHoursEditor';
import { parseBlackoutForm, parseRoomForm, roomToForm, type BlackoutForm, type RoomSettingsForm } from '../../settings';
import { param } from '../../urls';
import '../../../../components/booking.css';
import { fieldName } from '../../../../utils/a11y';

const FIELDS: Array<{ key: Exclude<keyof RoomSettingsForm, 'requiresApproval'>; label: string; type: 'text' | 'number' }> = [
  { key: 'capacity', label: '容纳人数', type: 'number' },
  { key: 'facilities', label: '设施（用顿号或逗号分隔）', type: 'text' },
  { key: 'minNoticeHours', label: '需提前预约（小时，可填 0.5）', type: 'text' },
  { key: 'maxDaysAhead', label: '最多提前预约（天）', type: 'number' },
  { key: 'maxHours', label: '单次最长（小时，可填 0.5）', type: 'text' },
  { key: 'weeklyQuota', label: '每人每周最多（次）', type: 'number' },
];

/**
 * Room settings (PUT /rooms/{roomId}), blackouts (POST/DELETE /rooms/{roomId}/blackouts) with
 * date and half-hour pickers, and the station's opening hours (PUT /stations/{id}/opening-hours).
 */
export default function StaffRoomPage() {
  const roomId = param(useRouter().params.roomId);
  const req = useRequest(() => api('getRoom', undefined, { params: { roomId } }), [roomId]);
  const [room, setRoom] = useState<Room | undefined>();
  const [form, setForm] = useState<RoomSettingsForm | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof RoomSettingsForm, string>>>({});
  const [saving, setSaving] = useState(false);
  const [blackout, setBlackout] = useState<BlackoutForm>(() => ({ date: cstToday(), start: '00:00', end: '24:00', reason: '' }));
  const [blackoutError, setBlackoutError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (req.data) {
      setRoom(req.data);
      setForm(roomToForm(req.data));
    }
  }, [req.data]);

  const save = async () => {
    if (!form || saving) return;
    const parsed = parseRoomForm(form);
    setErrors(parsed.errors);
    if (!parsed.update) return;
    setSaving(true);
    try {
      const updated = await api('updateRoom', parsed.update, { params: { roomId } });
      setRoom(updated);
      setForm(roomToForm(updated));
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch {
      // Toasted by the client.
    } finally {
      setSaving(false);
    }
  };

  const addBlackout = async () => {
    if (busy) return;
    const parsed = parseBlackoutForm(blackout);
    setBlackoutError(parsed.error);
    if (!parsed.body) return;
    setBusy('add');
    try {
      setRoom(await api('createBlackout', parsed.body, { params: { roomId } }));
      setBlackout((b) => ({ ...b, reason: '' }));
      void Taro.showToast({ title: '已添加', icon: 'success' });
    } catch {
      // Toasted by the client.
    } finally {
      setBusy(null);
    }
  };

  const removeBlackout = async (id: string, text: string) => {
    if (busy) return;
    const sure = await Taro.showModal({
      title: '删除停用时段',
      content: `确定删除「${text}」吗？删除后该时段恢复开放预约。`,
      confirmText: '删除',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!sure.confirm) return;
    setBusy(id);
    try {
      setRoom(await api('deleteBlackout', undefined, { params: { roomId, blackoutId: id } }));
      void Taro.showToast({ title: '已删除', icon: 'success' });
    } catch {
      // Toasted by the client.
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageShell id="page-staff-room">
      <StateView idPrefix="staff-room" loading={req.loading && !room} error={room ? undefined : req.error} onRetry={() => void req.reload()}>
        {room && form && (
          <View>
            <View className="section" id="room-settings">
              <Text className="section__title">{room.name}</Text>
              <Text className="section__note">{room.stationName}</Text>
              {FIELDS.map((f) => (
                <View className="bk-field" key={f.key}>
                  <Text className="bk-field__label">{f.label}</Text>
                  <Input
                    {...fieldName(f.label)}
                    id={`settings-${f.key}`}
                    className="bk-field__input"
                    type={f.type}
                    value={form[f.key]}
                    onInput={(e) => {
                      const value = e.detail.value;
                      setForm((old) => (old ? { ...old, [f.key]: value } : old));
                      setErrors((old) => ({ ...old, [f.key]: undefined }));
                    }}
                  />
                  {errors[f.key] && <Text className="bk-field__error">{errors[f.key]}</Text>}
                </View>
              ))}
              <View className="bk-field bk-card__head">
                <Text className="bk-field__label">预约需审核</Text>
                <Switch
                  {...fieldName('预约需审核')}
                  id="settings-requiresApproval"
                  checked={form.requiresApproval}
                  color={THEME_RED}
                  onChange={(e) => setForm((old) => (old ? { ...old, requiresApproval: e.detail.value } : old))}
                />
              </View>
              <View className="bk-actions">
                <Button id="settings-save" type="primary" block loading={saving} onClick={() => void save()}>
                  保存设置
                </Button>
              </View>
            </View>

            <View className="section" id="blackouts">
              <Text className="section__title">停用时段</Text>
              <Text className="section__note">停用期间不可预约，如 党员活动日、维修</Text>
              {upcomingBlackouts(room.blackouts).length === 0 && (
                <Text className="bk-note" id="blackouts-empty">
                  暂无停用时段
                </Text>
              )}
              {upcomingBlackouts(room.blackouts).map((b) => (
                <View key={b.id} className="bk-field bk-card__head" id={`blackout-${b.id}`}>
                  <Text className="bk-kv__v">
                    {blackoutText(b)}（{b.reason}）
                  </Text>
                  <Button
                    id={`blackout-delete-${b.id}`}
                    size="small"
                    fill="outline"
                    loading={busy === b.id}
                    onClick={() => void removeBlackout(b.id, `${blackoutText(b)} ${b.reason}`)}
                  >
                    删除
                  </Button>
                </View>
              ))}
              <Text className="section__title">新增停用时段</Text>
              <View className="bk-field">
                <Text className="bk-field__label">日期</Text>
                <Picker
                  mode="date"
                  value={blackout.date}
                  start={cstToday()}
                  end={addDays(cstToday(), 365)}
                  onChange={(e) => {
                    const value = String(e.detail.value);
                    setBlackout((old) => ({ ...old, date: value }));
                    setBlackoutError(undefined);
                  }}
                >
                  <Text className="s-picker s-picker--wide" id="blackout-date">
                    {dateLabel(blackout.date)}
                  </Text>
                </Picker>
              </View>
              <View className="bk-field">
                <Text className="bk-field__label">时段（全天为 00:00 至 24:00）</Text>
                <View className="s-interval">
                  {(['start', 'end'] as const).map((key, i) => (
                    <View key={key} className="s-interval">
                      {i > 0 && <Text className="s-interval__dash">至</Text>}
                      <HalfHourPicker
                        id={`blackout-${key}`}
                        value={blackout[key]}
                        onChange={(value) => {
                          setBlackout((old) => ({ ...old, [key]: value }));
                          setBlackoutError(undefined);
                        }}
                      />
                    </View>
                  ))}
                </View>
              </View>
              <View className="bk-field">
                <Text className="bk-field__label">原因</Text>
                <Input
                  {...fieldName('原因')}
                  id="blackout-reason"
                  className="bk-field__input"
                  value={blackout.reason}
                  maxlength={50}
                  placeholder="如 党员活动日、设备维修"
                  onInput={(e) => {
                    const value = e.detail.value;
                    setBlackout((old) => ({ ...old, reason: value }));
                    setBlackoutError(undefined);
                  }}
                />
              </View>
              {blackoutError && (
                <Text className="bk-error-banner" id="blackout-error">
                  {blackoutError}
                </Text>
              )}
              <View className="bk-actions">
                <Button id="blackout-add" type="primary" block loading={busy === 'add'} onClick={() => void addBlackout()}>
                  添加停用时段
                </Button>
              </View>
            </View>

            <OpeningHoursEditor
              stationId={room.stationId}
              hours={room.openingHours}
              onSaved={(openingHours: OpeningHours) => setRoom((r) => (r ? { ...r, openingHours } : r))}
            />
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
