/**
 * What the 活动 pages share: routes, times (activities carry Asia/Shanghai wall-clock
 * `YYYY-MM-DDTHH:mm`, shown as they are), labels, the activity card, a QR drawn as a grid
 * of cells (the same in WeChat and H5, no canvas), a form field and the PDF download.
 */
import { useMemo, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { create } from 'qrcode/lib/core/qrcode';
import type { Activity, ActivityStatus, Registration } from '@shared/api/activities';
import { ACTIVITY_KIND_LABELS, ACTIVITY_STATUS_LABELS, REGISTRATION_STATUS_LABELS } from '@shared/labels';
import { API_BASE_URL, IS_WEAPP } from '../../config';
import { ApiError } from '../../api/client';
import { getToken } from '../../auth/session';
import { cstInstant, WEEKDAY_LABELS, weekdayOf } from '../../utils/booking';
import './activities.css';

export { ACTIVITY_KIND_LABELS, ACTIVITY_STATUS_LABELS, REGISTRATION_STATUS_LABELS };

const ROOT = '/packages/activities/pages';
const enc = encodeURIComponent;
export const ACT_ROUTES = {
  list: () => `${ROOT}/list/index`,
  detail: (id: string) => `${ROOT}/detail/index?id=${enc(id)}`,
  mine: () => `${ROOT}/mine/index`,
  checkIn: (id: string) => `${ROOT}/check-in/index?id=${enc(id)}`,
  hours: () => `${ROOT}/hours/index`,
  manage: (stationId: string, name: string) => `${ROOT}/manage/index?stationId=${enc(stationId)}&name=${enc(name)}`,
  edit: (stationId: string, id?: string) => `${ROOT}/edit/index?stationId=${enc(stationId)}${id ? `&id=${enc(id)}` : ''}`,
  staff: (id: string) => `${ROOT}/attendees/index?id=${enc(id)}`,
  code: (id: string) => `${ROOT}/code/index?id=${enc(id)}`,
  attendance: (id: string) => `${ROOT}/attendance/index?id=${enc(id)}`,
};

/** Router params arrive URL-encoded on some platforms. */
export function param(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The instant (ms) of a local `YYYY-MM-DDTHH:mm`. */
export const instantOf = (local: string): number => cstInstant(local.slice(0, 10), local.slice(11, 16));

/** `M月D日 周X HH:mm` of a local `YYYY-MM-DDTHH:mm`. */
export function localLabel(local: string): string {
  const date = local.slice(0, 10);
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日 ${WEEKDAY_LABELS[weekdayOf(date)]} ${local.slice(11, 16)}`;
}

/** `M月D日 周X HH:mm–HH:mm` (the end's date too when it differs). */
export function timeRange(start: string, end: string): string {
  return start.slice(0, 10) === end.slice(0, 10) ? `${localLabel(start)}–${end.slice(11, 16)}` : `${localLabel(start)} 至 ${localLabel(end)}`;
}

export const AUDIENCE_LABELS = { everyone: '所有居民', members: '仅限党员', buildings: '指定楼栋居民' } as const;

/** Seats in words: 余 N 个名额 / 已满，N 人候补. */
export function seatsText(a: Pick<Activity, 'capacity' | 'seatsLeft' | 'waitlistLength'>): string {
  if (a.seatsLeft > 0) return `余 ${a.seatsLeft} 个名额（共 ${a.capacity} 个）`;
  return `名额已满${a.waitlistLength > 0 ? `，${a.waitlistLength} 人候补` : '，可候补'}`;
}

/** A registration's state in words, with the waitlist position. */
export function registrationText(r: Pick<Registration, 'status' | 'position'>): string {
  if (r.status === 'waitlisted') return r.position ? `候补第 ${r.position} 位` : '候补中';
  return REGISTRATION_STATUS_LABELS[r.status];
}

/** Check-in is open from 30 minutes before the start to the end. */
export function checkInOpen(a: { start: string; end: string }, now = Date.now()): boolean {
  return now >= instantOf(a.start) - 30 * 60_000 && now <= instantOf(a.end);
}

export function StatusText({ id, status }: { id?: string; status: ActivityStatus }) {
  const muted = status === 'cancelled' || status === 'ended' || status === 'settled' || status === 'draft';
  return (
    <Text id={id} className={`act-tag${muted ? ' act-tag--muted' : ''}`}>
      {ACTIVITY_STATUS_LABELS[status]}
    </Text>
  );
}

export function ActivityCard({ a, onClick }: { a: Activity; onClick: () => void }) {
  return (
    <View className="act-card" id={`activity-${a.id}`} hoverClass="act-card--hover" onClick={onClick}>
      <View className="act-card__head">
        <Text className="act-card__title">{a.title}</Text>
        <StatusText status={a.status} />
      </View>
      <Text className="act-card__line">
        {ACTIVITY_KIND_LABELS[a.kind]} · {timeRange(a.start, a.end)}
      </Text>
      <Text className="act-card__line">{a.placeName}</Text>
      {(a.status === 'published' || a.status === 'draft') && (
        <Text className="act-card__line" id={`activity-${a.id}-seats`}>
          {seatsText(a)}
          {a.hours !== undefined ? ` · 计 ${a.hours} 小时志愿时长` : ''}
        </Text>
      )}
    </View>
  );
}

/** A QR code as a grid of cells; `cell` is the size of one module in design px. */
export function QrGrid({ id, text, cell = 8 }: { id: string; text: string; cell?: number }) {
  const rows = useMemo(() => {
    const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
    return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => data[y * size + x] === 1));
  }, [text]);
  const px = Taro.pxTransform(cell);
  return (
    <View className="act-qr" id={id} data-qr={text} aria-label="二维码">
      {rows.map((row, y) => (
        <View key={y} className="act-qr__row">
          {row.map((dark, x) => (
            <View key={x} className={dark ? 'act-qr__cell act-qr__cell--dark' : 'act-qr__cell'} style={{ width: px, height: px }} />
          ))}
        </View>
      ))}
    </View>
  );
}

export function Field({ label, error, errorId, children }: { label: string; error?: string; errorId?: string; children: ReactNode }) {
  return (
    <View className="act-field">
      <Text className="act-field__label">{label}</Text>
      <View className="act-field__control">{children}</View>
      {error && (
        <Text className="act-error" id={errorId}>
          {error}
        </Text>
      )}
    </View>
  );
}

/** The person's certificate PDF needs their token: weapp downloads and opens it, H5 saves it. */
export async function downloadCertificate(): Promise<void> {
  const url = `${API_BASE_URL}/me/volunteer-hours/certificate.pdf`;
  const token = getToken();
  if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录');
  const failed = (status: number, message?: string) => new ApiError(status, 'DOWNLOAD_FAILED', message || '证明下载失败，请稍后重试');
  if (IS_WEAPP) {
    const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw failed(res.statusCode);
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true });
    return;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw failed(0, '网络异常，请检查网络后重试');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw failed(res.status, body?.error?.message);
  }
  const blobUrl = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = blobUrl;
  a.download = '志愿服务时长证明.pdf';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

/** A fresh idempotency token for one sign-up (a retried tap sends the same one). */
export const newClientToken = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

/** What the organiser's screen encodes: the activity and its current code. */
export const checkInQrText = (activityId: string, code: string) => `RSACT:${activityId}:${code}`;

/** The check-in code out of a scan or what was typed: `RSACT:<id>:<code>` (of this activity) or the bare code. */
export function readCheckInCode(activityId: string, raw: string): string | undefined {
  const qr = /^RSACT:([^:]+):([A-Za-z0-9_-]{4,64})$/.exec(raw);
  if (qr) return qr[1] === activityId ? qr[2] : undefined;
  return /^[A-Za-z0-9_-]{4,64}$/.test(raw) ? raw : undefined;
}
