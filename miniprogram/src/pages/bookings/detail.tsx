import { useState } from 'react';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { Booking } from '@shared/api/booking';
import { api } from '../../api/client';
import { useRequest } from '../../hooks/useRequest';
import { PageShell } from '../../components/PageShell';
import { StateView } from '../../components/StateView';
import { StatusTag } from '../../components/StatusTag';
import { usePrompt } from '../../components/PromptDialog';
import { Button } from '../../components/ui';
import { ScanBox } from '../../components/ScanBox';
import { THEME_RED } from '../../config';
import { STATUS_LABELS, canCancel, canRate, checkInOpensText, checkInState, dateLabel, roomUrl } from '../../utils/booking';
import { formatCst } from '../../utils/time';
import '../../components/booking.css';
import './detail.css';

function Stars({ value, onChange }: { value: number; onChange?: (v: number) => void }) {
  return (
    // Filled ★ and hollow ☆ (not colour alone); each star is named for screen readers.
    <View className="stars" id="rating-stars" role={onChange ? 'radiogroup' : 'img'} aria-label={onChange ? '评分' : `${value} 星`}>
      {[1, 2, 3, 4, 5].map((n) => (
        <View
          key={n}
          id={`rating-star-${n}`}
          className={`stars__star ${n <= value ? 'stars__star--on' : ''}`}
          role={onChange ? 'radio' : undefined}
          aria-checked={onChange ? n === value : undefined}
          aria-label={onChange ? `${n} 星` : undefined}
          aria-hidden={onChange ? undefined : true}
          onClick={() => onChange?.(n)}
        >
          {n <= value ? '★' : '☆'}
        </View>
      ))}
    </View>
  );
}

/** 预约详情: room, station's address and phone, time, purpose, history; cancel, check-in (scan the room's code), rating. */
export default function BookingDetailPage() {
  const id = useRouter().params.id ?? '';
  const req = useRequest(() => api('getBooking', undefined, { params: { bookingId: id } }), [id]);
  const [local, setLocal] = useState<Booking | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const cancelPrompt = usePrompt('cancel-reason');
  usePullDownRefresh(() => {
    setLocal(null);
    void req.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const b = local && local.id === id ? local : req.data;
  const stationId = b?.stationId;
  const station = useRequest(() => api('getStation', undefined, { params: { stationId: stationId ?? '' } }), [stationId], { enabled: Boolean(stationId) });

  const act = async (name: string, fn: () => Promise<Booking>, done: string) => {
    if (busy) return;
    setBusy(name);
    try {
      setLocal(await fn());
      void Taro.showToast({ title: done, icon: 'success' });
    } catch {
      // The API client has shown the reason; show the fresh state.
      setLocal(null);
      void req.reload();
    } finally {
      setBusy(null);
    }
  };

  const onCancel = async () => {
    if (!b) return;
    const sure = await Taro.showModal({
      title: '取消预约',
      content: `确定取消 ${dateLabel(b.date)} ${b.start}–${b.end} 的预约吗？`,
      confirmText: '取消预约',
      confirmColor: THEME_RED,
      cancelText: '不取消',
    });
    if (!sure.confirm) return;
    const reason = await cancelPrompt.ask({ title: '取消原因（选填）', placeholder: '可不填', minLength: 0, confirmText: '确认取消' });
    if (reason === null) return;
    await act('cancel', () => api('cancelBooking', reason ? { reason } : {}, { params: { bookingId: b.id } }), '已取消');
  };

  /** The room's own code (its door poster), scanned or pasted: the check-in. */
  const onRoomCode = async (token: string) => {
    if (!b) return;
    await act('checkin', () => api('checkIn', { code: token }, { params: { bookingId: b.id } }), '签到成功');
  };

  const onRate = async () => {
    if (!b) return;
    if (stars < 1) {
      void Taro.showToast({ title: '请选择星级', icon: 'none' });
      return;
    }
    const c = comment.trim();
    await act('rate', () => api('rateBooking', { stars, ...(c ? { comment: c } : {}) }, { params: { bookingId: b.id } }), '感谢评价');
  };

  const checkIn = b ? checkInState(b) : 'closed';

  return (
    <PageShell id="page-booking-detail">
      <StateView idPrefix="booking-detail" loading={req.loading && !b} error={b ? undefined : req.error} onRetry={() => void req.reload()}>
        {b && (
          <View>
            <View className="section">
              <View className="bk-card__head detail-head">
                <Text className="section__title detail-head__title" id="booking-detail-room" onClick={() => void Taro.navigateTo({ url: roomUrl(b.roomId) })}>
                  {b.roomName}
                </Text>
                <StatusTag id="booking-detail-status" status={b.status} />
              </View>
              <View className="bk-kv">
                <Text className="bk-kv__k">驿站</Text>
                <Text className="bk-kv__v">{b.stationName}</Text>
              </View>
              {station.data && (
                <View className="bk-kv">
                  <Text className="bk-kv__k">地址</Text>
                  <Text className="bk-kv__v" id="booking-detail-address">
                    {station.data.address}
                  </Text>
                </View>
              )}
              {station.data?.phone && (
                <View className="bk-kv">
                  <Text className="bk-kv__k">驿站电话</Text>
                  <Text
                    className="bk-kv__v bk-link"
                    id="booking-detail-phone"
                    onClick={() => void Taro.makePhoneCall({ phoneNumber: station.data?.phone ?? '' }).catch(() => undefined)}
                  >
                    {station.data.phone}（拨打）
                  </Text>
                </View>
              )}
              <View className="bk-kv">
                <Text className="bk-kv__k">时间</Text>
                <Text className="bk-kv__v" id="booking-detail-time">
                  {dateLabel(b.date)} {b.start}–{b.end}
                </Text>
              </View>
              <View className="bk-kv">
                <Text className="bk-kv__k">用途</Text>
                <Text className="bk-kv__v">{b.purpose}</Text>
              </View>
              <View className="bk-kv">
                <Text className="bk-kv__k">人数</Text>
                <Text className="bk-kv__v">{b.attendees} 人</Text>
              </View>
              {b.contactPhone && (
                <View className="bk-kv">
                  <Text className="bk-kv__k">联系电话</Text>
                  <Text className="bk-kv__v">{b.contactPhone}</Text>
                </View>
              )}
              <View className="bk-note" />
            </View>

            {checkIn !== 'closed' && (
              <View className="section" id="checkin-section">
                <Text className="section__title">到场签到</Text>
                {checkIn === 'early' ? (
                  <View>
                    <Text className="bk-list-item" id="checkin-opens">
                      {checkInOpensText(b)} 起可签到
                    </Text>
                    <Text className="section__note">到场后扫描房间门口海报上的二维码签到，开始后 15 分钟内有效；也可请驿站工作人员核销。</Text>
                    <View className="bk-note" />
                  </View>
                ) : (
                  <View>
                    <Text className="section__note">请扫描房间门口海报上的二维码完成签到（开始后 15 分钟内有效）。</Text>
                    <ScanBox id="checkin-scan" onToken={(t) => void onRoomCode(t)} hint="用手机相机扫描房间门口的二维码即可签到，也可在此粘贴二维码的链接" />
                  </View>
                )}
              </View>
            )}

            {canRate(b) && (
              <View className="section" id="rating-section">
                <Text className="section__title">评价本次服务</Text>
                <View className="bk-field">
                  <Stars value={stars} onChange={setStars} />
                  <Textarea
                    id="rating-comment"
                    className="detail-comment"
                    value={comment}
                    maxlength={200}
                    placeholder="说说场地和服务（选填）"
                    onInput={(e) => setComment(e.detail.value)}
                  />
                </View>
                <View className="bk-actions">
                  <Button id="rating-submit" type="primary" loading={busy === 'rate'} onClick={() => void onRate()}>
                    提交评价
                  </Button>
                </View>
              </View>
            )}
            {b.rating && (
              <View className="section" id="rating-done">
                <Text className="section__title">我的评价</Text>
                <View className="bk-field">
                  <Stars value={b.rating.stars} />
                  {b.rating.comment && <Text className="bk-list-item">{b.rating.comment}</Text>}
                </View>
              </View>
            )}

            <View className="section" id="booking-history">
              <Text className="section__title">办理记录</Text>
              {[...b.history].reverse().map((e, i) => (
                <View key={`${e.at}-${i}`} className="history-item">
                  <Text className="history-item__status">{STATUS_LABELS[e.status]}</Text>
                  <Text className="history-item__meta">
                    {e.byName} · {formatCst(e.at, 'M月D日 HH:mm')}
                  </Text>
                  {e.reason && <Text className="history-item__reason">原因：{e.reason}</Text>}
                </View>
              ))}
              <View className="bk-note" />
            </View>

            {canCancel(b) && (
              <View className="block-button">
                <Button id="booking-cancel" block fill="outline" loading={busy === 'cancel'} onClick={() => void onCancel()}>
                  取消预约
                </Button>
              </View>
            )}
          </View>
        )}
      </StateView>
      {cancelPrompt.dialog}
    </PageShell>
  );
}
