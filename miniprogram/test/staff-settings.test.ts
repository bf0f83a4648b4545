import type { Room } from '@shared/api/venues';
import { parseBlackoutForm, parseRoomForm, roomToForm } from '../src/packages/staff/settings';

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
    const r = parseRoomForm({ ...form, capacity: '0', maxMinutes: '45', weeklyQuota: 'x', maxDaysAhead: '91' });
    expect(r.update).toBeUndefined();
    expect(Object.keys(r.errors).sort()).toEqual(['capacity', 'maxDaysAhead', 'maxMinutes', 'weeklyQuota']);
    expect(r.errors.maxMinutes).toContain('30 分钟的整数倍');
  });
});

describe('blackout form', () => {
  it('builds local date-times for one day', () => {
    expect(parseBlackoutForm({ date: '2026-04-01', start: '00:00', end: '24:00', reason: ' 维修 ' })).toEqual({
      body: { start: '2026-04-01T00:00', end: '2026-04-01T24:00', reason: '维修' },
    });
  });
  it('explains what is wrong', () => {
    expect(parseBlackoutForm({ date: '2026/04/01', start: '00:00', end: '24:00', reason: '维修' }).error).toContain('YYYY-MM-DD');
    expect(parseBlackoutForm({ date: '2026-04-01', start: '09:15', end: '10:00', reason: '维修' }).error).toContain('整点或半点');
    expect(parseBlackoutForm({ date: '2026-04-01', start: '10:00', end: '09:00', reason: '维修' }).error).toBe('结束时间须晚于开始时间');
    expect(parseBlackoutForm({ date: '2026-04-01', start: '09:00', end: '10:00', reason: ' ' }).error).toContain('请填写原因');
  });
});
