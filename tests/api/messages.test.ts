import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';

// The hall needs approval (2 h notice, 14 days ahead; weekdays 14:00–21:00 among others).
const HALL = 'rm-centre-hall';
const DAY = nthWeekdayAfterToday(4);
const HOURS = ['20:00', '19:00', '18:00', '17:00', '16:00'];
const end = (start: string) => `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`;

describe('messages 消息 over HTTP', () => {
  // In full runs demo-staff's inbox also holds messages of integration suites, dated by their
  // injected clocks (2027): inbox order is by arrival, so this booking's message is still on top.
  it('a booking tells demo-staff; the approval tells the resident; the badge counts and mark-read clears it', async () => {
    const resident = await devLogin(`api-msg-${Date.now().toString(36)}`);
    const staff = await devLogin('demo-staff');

    let booking: any;
    for (const start of HOURS) {
      const res = await call('POST', '/bookings', { token: resident, body: { roomId: HALL, date: DAY, start, end: end(start), purpose: '消息测试议事会', attendees: 6 } });
      if (res.status === 201) {
        booking = res.body;
        break;
      }
      expect(res.body.error.code).toBe('SLOT_TAKEN');
    }
    expect(booking).toBeDefined();

    const staffInbox = await call('GET', '/me/messages?limit=50', { token: staff });
    expect(staffInbox.status).toBe(200);
    const told = staffInbox.body.items.find((m: any) => m.kind === 'booking_submitted' && m.body.includes(`${DAY} ${booking.start}`) && m.body.includes('消息测试议事会'));
    // demo-staff's read flags are shared with the browser tests running at the same time: only this message is ours.
    expect(told).toMatchObject({ title: '新的场地预约待审核', link: expect.stringContaining('/packages/staff/') });

    expect((await call('GET', '/me/messages/unread-count', { token: resident })).body).toEqual({ unread: 0 });
    expect((await call('POST', `/bookings/${booking.id}/approve`, { token: staff, body: {} })).status).toBe(200);
    expect((await call('GET', '/me/messages/unread-count', { token: resident })).body).toEqual({ unread: 1 });
    const mine = await call('GET', '/me/messages', { token: resident });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ kind: 'booking_approved', title: '预约已通过', link: `/pages/bookings/detail?id=${booking.id}`, read: false }),
    ]);

    const read = await call('POST', '/me/messages/read', { token: resident, body: { ids: [mine.body.items[0].id] } });
    expect(read).toMatchObject({ status: 200, body: { unread: 0 } });
    expect((await call('GET', '/me/messages', { token: resident })).body.items[0].read).toBe(true);
    expect((await call('POST', '/me/messages/read', { token: staff, body: { ids: [told.id] } })).status).toBe(200);
  });

  it('needs a login, and answers bad input with 400 and the field', async () => {
    expect((await call('GET', '/me/messages')).status).toBe(401);
    expect((await call('GET', '/me/messages/unread-count')).status).toBe(401);
    const token = await devLogin('demo-resident');
    for (const body of [{ ids: [] }, { ids: ['a b'] }, { all: false }, { all: true, ids: ['x'] }, {}, { ids: Array.from({ length: 51 }, (_, i) => `m${i}`) }]) {
      const res = await call('POST', '/me/messages/read', { token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call('GET', '/me/messages?limit=0', { token })).status).toBe(400);
    const badCursor = await call('GET', '/me/messages?cursor=not-a-cursor', { token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.fields).toContainEqual({ path: 'cursor', message: '分页参数无效' });
  });
});
