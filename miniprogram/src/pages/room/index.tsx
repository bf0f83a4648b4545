import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { ApiError, api } from '../../api/client';
import { useRequest } from '../../hooks/useRequest';
import { useSession } from '../../hooks/useSession';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { Button } from '../../components/ui';
import { THEME_RED } from '../../config';
import { PhotoGallery } from '../../components/PhotoGallery';
import {
  MY_BOOKINGS_URL,
  SLOT_STATE_LABELS,
  blackoutText,
  closedDayMark,
  cstToday,
  dateLabel,
  dayStrip,
  formatDuration,
  ruleLines,
  selectionTimes,
  slotReasons,
  stationUrl,
  tapSlot,
  upcomingBlackouts,
  validateBookingForm,
  type BookingFormValues,
  type SlotRange,
} from '../../utils/booking';
import { askSubscribe } from '../../utils/subscribe';
import '../../components/booking.css';
import './index.css';

const EMPTY_FORM: BookingFormValues = { purpose: '', attendees: '', contactPhone: '' };

/** Room page: photos, facilities, rules, blackouts, the day strip, the slot grid and the booking form. */
export default function RoomPage() {
  const id = useRouter().params.id ?? '';
  const room = useRequest(() => api('getRoom', undefined, { params: { roomId: id } }), [id]);
  const [date, setDate] = useState(() => cstToday());
  // With a token the grid knows the caller: 我的预约 and a used-up weekly quota show.
  const session = useSession();
  const availability = useRequest(() => api('getAvailability', undefined, { params: { roomId: id }, query: { date } }), [id, date, session?.token]);
  const [selection, setSelection] = useState<SlotRange | null>(null);
  const [form, setForm] = useState<BookingFormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<Partial<Record<keyof BookingFormValues, string>>>({});
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | undefined>();
  const [created, setCreated] = useState<Booking | null>(null);

  const reloadAll = () => Promise.all([room.reload(), availability.reload()]);
  usePullDownRefresh(() => {
    void reloadAll().finally(() => Taro.stopPullDownRefresh());
  });

  const r = room.data;
  const day = availability.data?.date === date ? availability.data : undefined;
  const slots = day?.slots ?? [];
  const reasons = day?.closedReason ? [] : slotReasons(slots);
  const picked = selectionTimes(slots, selection);

  const pickDate = (d: string) => {
    if (d === date) return;
    setDate(d);
    setSelection(null);
  };

  const onTap = (index: number) => {
    if (!r) return;
    const res = tapSlot(slots, selection, index, r.rules.maxMinutes, r.rules.slotMinutes);
    setSelection(res.selection);
    setSubmitError(undefined);
    if (res.message) void Taro.showToast({ title: res.message, icon: 'none' });
  };

  const setField = (key: keyof BookingFormValues, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const submit = async () => {
    if (!r || submitting) return;
    if (!picked) {
      void Taro.showToast({ title: '请先在上方选择时段', icon: 'none' });
      return;
    }
    const found = validateBookingForm(form, r.capacity);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // 订阅消息 (审核结果、开始提醒): asked in the tap itself, before any await, as WeChat requires.
    await askSubscribe('booking');
    const confirm = await Taro.showModal({
      title: '确认预约',
      // One fact a line: the modal keeps line breaks (app.css, .taro-modal__content).
      content: [
        `${r.stationName} · ${r.name}`,
        `${dateLabel(date)} ${picked.start}–${picked.end}（${formatDuration(picked.minutes)}）`,
        `用途：${form.purpose.trim()}`,
        `人数：${form.attendees.trim()} 人`,
        ...(r.requiresApproval ? ['提交后需工作人员审核'] : []),
      ].join('\n'),
      confirmText: '提交',
      confirmColor: THEME_RED,
      cancelText: '再想想',
    });
    if (!confirm.confirm) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const phone = form.contactPhone.trim();
      const booking = await api('createBooking', {
        roomId: r.id,
        date,
        start: picked.start,
        end: picked.end,
        purpose: form.purpose.trim(),
        attendees: Number(form.attendees.trim()),
        ...(phone ? { contactPhone: phone } : {}),
      });
      setCreated(booking);
      setSelection(null);
      setForm(EMPTY_FORM);
      void availability.reload();
    } catch (err) {
      // The client has toasted the server's message; keep it on the page too and refresh the
      // grid so a slot someone else took (409 SLOT_TAKEN) shows as taken.
      setSubmitError(err instanceof ApiError ? err.message : '预约失败，请稍后重试');
      if (err instanceof ApiError && err.code === 'SLOT_TAKEN') setSelection(null);
      void availability.reload();
    } finally {
      setSubmitting(false);
    }
  };

  if (created) {
    const pending = created.status === 'pending';
    return (
      <PageShell id="page-room">
        <View className="room-success" id="booking-success">
          <View className={`room-success__icon ${pending ? 'room-success__icon--pending' : ''}`} aria-hidden>
            <Text>{pending ? '…' : '✓'}</Text>
          </View>
          <Text className="room-success__title" id="booking-success-status">
            {pending ? '已提交，待审核' : '预约成功'}
          </Text>
          <Text className="room-success__text">
            {created.stationName} · {created.roomName}
            {'\n'}
            {dateLabel(created.date)} {created.start}–{created.end}
          </Text>
          <Text className="room-success__text">{pending ? '工作人员审核后会更新预约状态，请留意“我的预约”。' : '请按时到场，开始前后 15 分钟内扫码签到。'}</Text>
          <View className="bk-actions room-success__actions">
            <Button id="booking-success-mine" type="primary" onClick={() => void Taro.navigateTo({ url: MY_BOOKINGS_URL })}>
              查看我的预约
            </Button>
            <Button id="booking-success-again" fill="outline" onClick={() => setCreated(null)}>
              继续预约
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell id="page-room">
      <StateView idPrefix="room" loading={room.loading} error={room.error} onRetry={() => void room.reload()}>
        {r && (
          <View>
            <PhotoGallery id="room-photos" photos={r.photos} />
            <View className="section">
              <Text className="section__title" id="room-name">
                {r.name}
              </Text>
              <Text className="section__note bk-link" onClick={() => void Taro.navigateTo({ url: stationUrl(r.stationId) })}>
                {r.stationName} ›
              </Text>
              <View className="bk-kv">
                <Text className="bk-kv__k">可容纳</Text>
                <Text className="bk-kv__v" id="room-capacity">
                  {r.capacity} 人
                </Text>
              </View>
              {r.facilities.length > 0 && (
                <View className="bk-tags" id="room-facilities">
                  {r.facilities.map((f) => (
                    <Text key={f} className="bk-chip">
                      {f}
                    </Text>
                  ))}
                </View>
              )}
            </View>
            <View className="section" id="room-rules">
              <Text className="section__title">预约须知</Text>
              {ruleLines(r.rules, r.requiresApproval).map((line) => (
                <Text key={line} className="bk-list-item">
                  · {line}
                </Text>
              ))}
              {upcomingBlackouts(r.blackouts).length > 0 && (
                <View id="room-blackouts">
                  <Text className="bk-list-item room-blackouts__title">暂停开放：</Text>
                  {upcomingBlackouts(r.blackouts).map((b) => (
                    <Text key={b.id} className="bk-list-item">
                      · {blackoutText(b)}（{b.reason}）
                    </Text>
                  ))}
                </View>
              )}
              <View className="bk-note" />
            </View>

            <View className="section">
              <Text className="section__title">选择时段</Text>
              {/* Focusable (H5 tabindex; not in Taro's types) so a keyboard can scroll the days. */}
              <ScrollView scrollX className="room-days" id="room-days" aria-label="选择日期" {...({ tabIndex: 0 } as object)}>
                {dayStrip(r.rules.maxDaysAhead).map((d) => {
                  const mark = closedDayMark(d.date, r.openingHours, r.blackouts);
                  return (
                    <View
                      key={d.date}
                      id={`day-${d.date}`}
                      className={`room-day ${mark ? 'room-day--closed' : ''} ${d.date === date ? 'room-day--active' : ''}`}
                      onClick={() => pickDate(d.date)}
                    >
                      <Text className="room-day__label">{d.label}</Text>
                      <Text className="room-day__date">{d.short}</Text>
                      {mark && (
                        <Text className="room-day__mark" id={`day-${d.date}-mark`}>
                          {mark}
                        </Text>
                      )}
                    </View>
                  );
                })}
              </ScrollView>
              <View className="room-legend">
                <Text className="room-legend__item room-legend__item--free">可约</Text>
                <Text className="room-legend__item room-legend__item--selected">已选</Text>
                <Text className="room-legend__item room-legend__item--mine">我的预约</Text>
                <Text className="room-legend__item room-legend__item--taken">已约</Text>
                <Text className="room-legend__item room-legend__item--closed">不开放</Text>
                <Text className="room-legend__item room-legend__item--past">已过</Text>
              </View>
              <StateView
                idPrefix="slots"
                loading={availability.loading}
                error={availability.error}
                empty={availability.data !== undefined && slots.length === 0}
                emptyText="当天不开放"
                onRetry={() => void availability.reload()}
              >
                {day?.closedReason && (
                  <Text className="bk-error-banner room-closed-reason" id="slots-closed-reason">
                    {day.closedReason}，当天不可预约
                  </Text>
                )}
                {slots.length > 0 && !day?.closedReason && (
                  <View className="room-slots" id="slot-grid">
                    {slots.map((s, i) => {
                      const selected = selection !== null && i >= selection.from && i <= selection.to && picked !== null;
                      return (
                        <View
                          key={s.start}
                          id={`slot-${s.start.replace(':', '')}`}
                          className={`room-slot room-slot--${s.state} ${selected ? 'room-slot--selected' : ''}`}
                          onClick={() => onTap(i)}
                        >
                          <Text className="room-slot__time">{s.start}</Text>
                          <Text className="room-slot__state">{selected ? '已选' : SLOT_STATE_LABELS[s.state]}</Text>
                        </View>
                      );
                    })}
                  </View>
                )}
              </StateView>
              {reasons.length > 0 && (
                <View id="slots-reasons">
                  {reasons.map((reason) => (
                    <Text key={reason} className="bk-note room-slot-reason">
                      · {reason}
                    </Text>
                  ))}
                </View>
              )}
              <Text className="bk-note" id="booking-selection">
                {picked
                  ? `已选 ${dateLabel(date)} ${picked.start}–${picked.end}，共 ${formatDuration(picked.minutes)}`
                  : `点选开始时段，再点结束时段；单次最长 ${formatDuration(r.rules.maxMinutes)}`}
              </Text>
            </View>

            <View className="section" id="booking-form">
              <Text className="section__title">填写信息</Text>
              <View className="bk-field">
                <Text className="bk-field__label">用途</Text>
                <Input
                  id="booking-purpose"
                  className="bk-field__input"
                  value={form.purpose}
                  maxlength={100}
                  placeholder="如：楼栋议事会、读书分享会"
                  onInput={(e) => setField('purpose', e.detail.value)}
                />
                {errors.purpose && <Text className="bk-field__error">{errors.purpose}</Text>}
              </View>
              <View className="bk-field">
                <Text className="bk-field__label">人数（最多 {r.capacity} 人）</Text>
                <Input
                  id="booking-attendees"
                  className="bk-field__input"
                  type="number"
                  value={form.attendees}
                  placeholder="参加人数"
                  onInput={(e) => setField('attendees', e.detail.value)}
                />
                {errors.attendees && <Text className="bk-field__error">{errors.attendees}</Text>}
              </View>
              <View className="bk-field">
                <Text className="bk-field__label">联系电话（选填）</Text>
                <Input
                  id="booking-phone"
                  className="bk-field__input"
                  type="number"
                  maxlength={11}
                  value={form.contactPhone}
                  placeholder="11 位手机号"
                  onInput={(e) => setField('contactPhone', e.detail.value)}
                />
                {errors.contactPhone && <Text className="bk-field__error">{errors.contactPhone}</Text>}
              </View>
              {submitError && (
                <Text className="bk-error-banner room-submit-error" id="booking-submit-error">
                  {submitError}
                </Text>
              )}
              <View className="bk-actions">
                <Button id="booking-submit" type="primary" block loading={submitting} disabled={!picked} onClick={() => void submit()}>
                  {r.requiresApproval ? '提交预约申请' : '立即预约'}
                </Button>
              </View>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
