import type { Room } from '@shared/api/venues';
import { HALF_HOURS, openingHoursError, parseBlackoutForm, parseRoomForm, roomToForm } from '../src/packages/staff/settings';

const room = {
  id: 'rm-centre-hall',
  capacity: 40,
  facilities: ['投影仪', '音响'],
  requiresApproval: true,
  rules: { slotMinutes: 30, minNoticeMinutes: 120, maxDaysAhead: 14, maxMinutes: 240, weeklyQuota: 3 },
} as unknown as Room;

describe('room settings form', () => {
  it('round-trips a room into the PUT body', () => {
    const form = roomToForm(room);
    expect(form.facilities).toBe('投影仪、音响');
    expect([form.minNoticeHours, form.maxHours]).toEqual(['2', '4']);
    expect(parseRoomForm({ ...form, facilities: '投影仪，音响, 白板' })).toEqual({
      errors: {},
      update: {
        capacity: 40,
        facilities: ['投影仪', '音响', '白板'],
        requiresApproval: true,
        rules: { minNoticeMinutes: 120, maxDaysAhead: 14, maxMinutes: 240, weeklyQuota: 3 },
      },
    });
  });

  it('rejects bad numbers field by field', () => {
    const form = roomToForm(room);
    const r = parseRoomForm({ ...form, capacity: '0', maxHours: '0.75', weeklyQuota: 'x', maxDaysAhead: '91' });
    expect(r.update).toBeUndefined();
    expect(Object.keys(r.errors).sort()).toEqual(['capacity', 'maxDaysAhead', 'maxHours', 'weeklyQuota']);
    expect(r.errors.maxHours).toContain('半小时的整数倍');
  });

  it('takes hours, half hours included, and sends minutes', () => {
    const r = parseRoomForm({ ...roomToForm(room), minNoticeHours: '1.5', maxHours: '3' });
    expect(r.update?.rules).toMatchObject({ minNoticeMinutes: 90, maxMinutes: 180 });
  });
});

describe('opening hours editor', () => {
  const closed = { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] };
  it('offers the half hours of a day', () => {
    expect([HALF_HOURS[0], HALF_HOURS[19], HALF_HOURS.at(-1), HALF_HOURS.length]).toEqual(['00:00', '09:30', '24:00', 49]);
  });
  it('names the day of an inverted or overlapping interval', () => {
    expect(openingHoursError({ ...closed, '1': [{ open: '09:00', close: '12:00' }] })).toBeUndefined();
    expect(openingHoursError({ ...closed, '2': [{ open: '12:00', close: '09:00' }] })).toBe('周二：结束时间须晚于开始时间');
    expect(openingHoursError({ ...closed, '0': [{ open: '09:00', close: '12:00' }, { open: '11:00', close: '13:00' }] })).toBe('周日：时段有重叠');
  });
});

describe('blackout form', () => {
  it('builds local date-times for one day', () => {
    expect(parseBlackoutForm({ date: '2026-04-01', start: '00:00', end: '24:00', reason: ' 维修 ' })).toEqual({
      body: { start: '2026-04-01T00:00', end: '2026-04-01T24:00', reason: '维修' },
    });
  });
  it('explains what is wrong', () => {
    expect(parseBlackoutForm({ date: '', start: '00:00', end: '24:00', reason: '维修' }).error).toBe('请选择日期');
    expect(parseBlackoutForm({ date: '2026-04-01', start: '09:15', end: '10:00', reason: '维修' }).error).toContain('整点或半点');
    expect(parseBlackoutForm({ date: '2026-04-01', start: '10:00', end: '09:00', reason: '维修' }).error).toBe('结束时间须晚于开始时间');
    expect(parseBlackoutForm({ date: '2026-04-01', start: '09:00', end: '10:00', reason: ' ' }).error).toContain('请填写原因');
  });
});
