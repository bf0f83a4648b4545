import type { Slot } from '@shared/api/booking';
import {
  blackoutText,
  canCancel,
  canRate,
  checkInState,
  cstInstant,
  cstToday,
  dayStrip,
  formatDistance,
  formatDuration,
  groupByCommunity,
  groupByRoom,
  openingHoursLines,
  ruleLines,
  selectionTimes,
  sortSoonestFirst,
  tapSlot,
  upcomingBlackouts,
  validateBookingForm,
} from '../src/utils/booking';

/** 08:00–12:00 as eight half-hour slots with the given states (f free, t taken, c closed, p past). */
function grid(states: string): Slot[] {
  const map: Record<string, Slot['state']> = { f: 'free', t: 'taken', c: 'closed', p: 'past' };
  return [...states].map((ch, i) => {
    const m = 8 * 60 + i * 30;
    const hhmm = (x: number) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
    return { start: hhmm(m), end: hhmm(m + 30), state: map[ch] };
  });
}

describe('tapSlot: picking contiguous free slots', () => {
  const slots = grid('fffftfff');

  it('selects one free slot, then extends to a later tapped slot', () => {
    let r = tapSlot(slots, null, 1, 240);
    expect(r.selection).toEqual({ from: 1, to: 1 });
    r = tapSlot(slots, r.selection, 3, 240);
    expect(r.selection).toEqual({ from: 1, to: 3 });
    expect(r.message).toBeUndefined();
    expect(selectionTimes(slots, r.selection)).toEqual({ start: '08:30', end: '10:00', minutes: 90 });
  });

  it('extends backwards when the tapped slot is before the selection', () => {
    const r = tapSlot(slots, { from: 2, to: 3 }, 0, 240);
    expect(r.selection).toEqual({ from: 0, to: 3 });
  });

  it('refuses to span a taken slot and starts again at the tapped slot', () => {
    const r = tapSlot(slots, { from: 2, to: 3 }, 6, 240);
    expect(r.selection).toEqual({ from: 6, to: 6 });
    expect(r.message).toContain('连续');
  });

  it('refuses to span a closed slot (e.g. a lunch break)', () => {
    const s = grid('ffcfffff');
    expect(tapSlot(s, { from: 0, to: 1 }, 3, 240).selection).toEqual({ from: 3, to: 3 });
  });

  it('keeps the selection when extending would exceed maxMinutes, and says the limit', () => {
    const r = tapSlot(slots, { from: 0, to: 1 }, 3, 90);
    expect(r.selection).toEqual({ from: 0, to: 1 });
    expect(r.message).toBe('单次最长可预约 1 小时 30 分钟');
    // exactly at the limit is fine
    expect(tapSlot(slots, { from: 0, to: 1 }, 2, 90).selection).toEqual({ from: 0, to: 2 });
  });

  it('does not select taken, closed or past slots and names why', () => {
    const s = grid('ptcf');
    expect(tapSlot(s, null, 0, 240)).toEqual({ selection: null, message: '该时段已过' });
    expect(tapSlot(s, null, 1, 240)).toEqual({ selection: null, message: '该时段已被预约' });
    expect(tapSlot(s, { from: 3, to: 3 }, 2, 240)).toEqual({ selection: { from: 3, to: 3 }, message: '该时段不开放' });
  });

  it('tapping the only selected slot clears it; tapping inside shrinks the end', () => {
    expect(tapSlot(slots, { from: 1, to: 1 }, 1, 240).selection).toBeNull();
    expect(tapSlot(slots, { from: 0, to: 3 }, 1, 240).selection).toEqual({ from: 0, to: 1 });
  });

  it('a selection that is no longer free after a refresh is dropped', () => {
    const refreshed = grid('fftftfff');
    expect(selectionTimes(refreshed, { from: 1, to: 3 })).toBeNull();
    expect(tapSlot(refreshed, { from: 1, to: 3 }, 0, 240).selection).toEqual({ from: 0, to: 0 });
  });

  it('treats a gap in the times as not contiguous', () => {
    const s: Slot[] = [
      { start: '08:00', end: '08:30', state: 'free' },
      { start: '09:00', end: '09:30', state: 'free' },
    ];
    expect(tapSlot(s, { from: 0, to: 0 }, 1, 240).selection).toEqual({ from: 1, to: 1 });
  });
});

describe('Asia/Shanghai calendar', () => {
  it('today is the Shanghai date, also when UTC is still on the day before', () => {
    expect(cstToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(cstToday(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
  });

  it('day strip: 今天, 明天, then weekdays, up to maxDaysAhead', () => {
    const strip = dayStrip(7, new Date('2026-03-02T02:00:00Z')); // Monday 10:00 in Shanghai
    expect(strip).toHaveLength(8);
    expect(strip.map((d) => d.label)).toEqual(['今天', '明天', '周三', '周四', '周五', '周六', '周日', '周一']);
    expect(strip[0]).toEqual({ date: '2026-03-02', label: '今天', short: '3/2' });
  });

  it('instants of local times are UTC+8', () => {
    expect(new Date(cstInstant('2026-03-02', '16:00')).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(new Date(cstInstant('2026-03-02', '24:00')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });
});

describe('texts', () => {
  it('durations and rules in plain Chinese', () => {
    expect(formatDuration(30)).toBe('30 分钟');
    expect(formatDuration(120)).toBe('2 小时');
    expect(formatDuration(1440)).toBe('1 天');
    expect(ruleLines({ slotMinutes: 30, minNoticeMinutes: 120, maxDaysAhead: 14, maxMinutes: 240, weeklyQuota: 3 }, true)).toEqual([
      '需提前 2 小时预约',
      '最多提前 14 天预约',
      '单次最长 4 小时',
      '每人每周最多 3 次',
      '需工作人员审核',
    ]);
    expect(ruleLines({ slotMinutes: 30, minNoticeMinutes: 0, maxDaysAhead: 7, maxMinutes: 90, weeklyQuota: 1 }, false)[4]).toBe('无需审核，提交即预约成功');
  });

  it('opening hours Monday first, closed days as 休息', () => {
    const day = [{ open: '08:30', close: '12:00' }, { open: '14:00', close: '21:00' }];
    const lines = openingHoursLines({ '0': [], '1': day, '2': day, '3': day, '4': day, '5': day, '6': [{ open: '09:00', close: '17:00' }] });
    expect(lines[0]).toEqual({ day: '周一', text: '08:30–12:00、14:00–21:00' });
    expect(lines[5]).toEqual({ day: '周六', text: '09:00–17:00' });
    expect(lines[6]).toEqual({ day: '周日', text: '休息' });
  });

  it('blackouts: whole days, ranges, only upcoming ones', () => {
    expect(blackoutText({ id: 'a', start: '2026-04-01T00:00', end: '2026-04-01T24:00', reason: '主题党日活动' })).toBe('4月1日 全天');
    expect(blackoutText({ id: 'b', start: '2026-04-01T14:00', end: '2026-04-01T16:00', reason: '维修' })).toBe('4月1日 14:00–16:00');
    const now = new Date('2026-04-01T07:00:00Z'); // 15:00 Shanghai
    const list = upcomingBlackouts(
      [
        { id: 'old', start: '2026-03-01T00:00', end: '2026-03-01T24:00', reason: 'x' },
        { id: 'now', start: '2026-04-01T14:00', end: '2026-04-01T16:00', reason: 'y' },
        { id: 'ended', start: '2026-04-01T09:00', end: '2026-04-01T10:00', reason: 'z' },
      ],
      now,
    );
    expect(list.map((b) => b.id)).toEqual(['now']);
  });

  it('distances', () => {
    expect(formatDistance(350.4)).toBe('350 米');
    expect(formatDistance(1234)).toBe('1.2 公里');
    expect(formatDistance(undefined)).toBe('');
  });
});

describe('booking form', () => {
  const ok = { purpose: '楼栋议事会', attendees: '10', contactPhone: '' };
  it('accepts a valid form', () => {
    expect(validateBookingForm(ok, 15)).toEqual({});
    expect(validateBookingForm({ ...ok, contactPhone: '13800138000' }, 15)).toEqual({});
  });
  it('names each broken field', () => {
    expect(validateBookingForm({ ...ok, purpose: ' 会 ' }, 15).purpose).toBe('请填写用途（至少 2 个字）');
    expect(validateBookingForm({ ...ok, attendees: '16' }, 15).attendees).toBe('该房间最多容纳 15 人');
    expect(validateBookingForm({ ...ok, attendees: '0' }, 15).attendees).toContain('至少 1 人');
    expect(validateBookingForm({ ...ok, attendees: '2.5' }, 15).attendees).toContain('参加人数');
    expect(validateBookingForm({ ...ok, contactPhone: '12345' }, 15).contactPhone).toBe('请填写正确的 11 位手机号');
  });
});

describe('booking actions and lists', () => {
  const b = { date: '2026-03-02', start: '16:00', end: '17:00' };
  const at = (hhmm: string) => new Date(cstInstant('2026-03-02', hhmm));

  it('cancel while live and not ended', () => {
    expect(canCancel({ ...b, status: 'pending' }, at('16:30'))).toBe(true);
    expect(canCancel({ ...b, status: 'approved' }, at('17:00'))).toBe(false);
    expect(canCancel({ ...b, status: 'rejected' }, at('10:00'))).toBe(false);
  });

  it('check-in from 15 min before start to 15 min after, approved only', () => {
    expect(checkInState({ ...b, status: 'approved' }, at('15:44'))).toBe('early');
    expect(checkInState({ ...b, status: 'approved' }, at('15:45'))).toBe('open');
    expect(checkInState({ ...b, status: 'approved' }, at('16:15'))).toBe('open');
    expect(checkInState({ ...b, status: 'approved' }, at('16:16'))).toBe('closed');
    expect(checkInState({ ...b, status: 'pending' }, at('16:00'))).toBe('closed');
  });

  it('rating once, after the end, when checked in', () => {
    expect(canRate({ ...b, status: 'checked_in' }, at('16:59'))).toBe(false);
    expect(canRate({ ...b, status: 'checked_in' }, at('17:00'))).toBe(true);
    expect(canRate({ ...b, status: 'checked_in', rating: { stars: 5, at: 'x' } }, at('18:00'))).toBe(false);
    expect(canRate({ ...b, status: 'no_show' }, at('18:00'))).toBe(false);
  });

  it('sorts and groups by room and time', () => {
    const items = [
      { id: '1', roomId: 'r2', roomName: '阅览室', date: '2026-03-02', start: '14:00' },
      { id: '2', roomId: 'r1', roomName: '多功能会议室', date: '2026-03-02', start: '16:00' },
      { id: '3', roomId: 'r1', roomName: '多功能会议室', date: '2026-03-02', start: '09:00' },
      { id: '4', roomId: 'r1', roomName: '多功能会议室', date: '2026-03-01', start: '20:00' },
    ];
    expect(sortSoonestFirst(items).map((x) => x.id)).toEqual(['4', '3', '1', '2']);
    const groups = groupByRoom(items.slice(0, 3));
    expect(groups.map((g) => g.roomId)).toEqual(['r1', 'r2']);
    expect(groups[0].items.map((x) => x.id)).toEqual(['3', '2']);
  });

  it('groups stations by community', () => {
    const s = (id: string, communityId: string, communityName: string, name: string) =>
      ({ id, communityId, communityName, name }) as unknown as Parameters<typeof groupByCommunity>[0][number];
    const groups = groupByCommunity([s('a', 'c2', '幸福社区', '幸福家园红色驿站'), s('b', 'c1', '和谐社区', '小学'), s('c', 'c2', '幸福社区', '党群服务中心')]);
    expect(groups.map((g) => g.communityId)).toEqual(['c1', 'c2']);
    expect(groups[1].stations.map((x) => x.id)).toEqual(['c', 'a']);
  });
});
