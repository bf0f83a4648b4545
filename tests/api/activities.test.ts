import { PDFDocument } from 'pdf-lib';
import { call, devLogin } from '../support/http';
import { openWeekdayAfterToday } from '../support/dates';
import { pngBytes, uploadOverHttp } from '../support/uploads';
import { activityForm, dayAt, resident, seedEndedVolunteerActivity, STATION, staffActivity, uniq } from '../support/activities';

let staff: string;
let admin: string;
beforeAll(async () => {
  staff = await devLogin('demo-staff');
  admin = await devLogin('demo-admin');
});

const signUp = (token: string, activityId: string, companions = 0, clientToken = uniq('tok')) =>
  call('POST', `/activities/${activityId}/registrations`, { token, body: { companions, clientToken } });

/** Shanghai wall clock of the next half hour at least 3 minutes away (waits past a boundary that is too close). */
async function startingSoon(): Promise<{ start: string; end: string }> {
  for (;;) {
    const now = Date.now();
    const next = Math.ceil((now + 1) / 1_800_000) * 1_800_000;
    if (next - now >= 3 * 60_000) {
      const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
      return { start: local(next), end: local(next + 3_600_000) };
    }
    await new Promise((r) => setTimeout(r, next - now + 1000));
  }
}

describe('activities: create, edit, publish, list, detail', () => {
  it('staff create a draft that only staff see, publish it, and everyone then finds it', async () => {
    const draft = await staffActivity(staff, { title: '草稿里的讲座' }, { draft: true });
    expect(draft).toMatchObject({ status: 'draft', stationName: '幸福社区党群服务中心', placeName: '幸福路 88 号二楼', seatsLeft: 10, waitlistLength: 0, version: 1 });
    expect((await call('GET', `/activities/${draft.id}`)).status).toBe(404);
    expect((await call('GET', `/activities/${draft.id}`, { token: staff })).body).toMatchObject({ status: 'draft', canManage: true });
    const drafts = await call('GET', `/activities?stationId=${STATION}&includeDrafts=true&limit=50`, { token: staff });
    expect(drafts.body.items.map((a: any) => a.id)).toContain(draft.id);
    const { token } = await resident();
    expect((await call('GET', `/activities?stationId=${STATION}&includeDrafts=true`, { token })).status).toBe(403);
    const published = await call('POST', `/activities/${draft.id}/publish`, { token: staff, body: {} });
    expect(published.body).toMatchObject({ status: 'published', version: 2 });
    expect((await call('POST', `/activities/${draft.id}/publish`, { token: staff, body: {} })).body.error.code).toBe('STATUS_CHANGED');
    const pub = await call('GET', `/activities/${draft.id}`);
    expect(pub.body).toMatchObject({ title: '草稿里的讲座', status: 'published', seatsLeft: 10 });
    expect(pub.body).not.toHaveProperty('canManage');
  });

  it('photos are uploads of the organiser (purpose activity): shown as links, kept by key on edit; someone else\'s upload or a pasted link is refused with the field', async () => {
    const key = await uploadOverHttp(staff, 'activity', pngBytes(16));
    const draft = await staffActivity(staff, { title: '带图片的讲座', photos: [key] }, { draft: true });
    expect(draft.photoKeys).toHaveLength(1);
    expect(draft.photoKeys[0]).toMatch(/^activity\//);
    expect(draft.photos[0]).toMatch(/^https?:\/\//);
    const shown = await fetch(draft.photos[0]);
    expect([shown.status, shown.headers.get('content-type')]).toEqual([200, 'image/png']);
    // Editing sends the stored key back: kept as it is.
    const kept = await call('PUT', `/activities/${draft.id}`, { token: staff, body: { activity: activityForm({ title: '带图片的讲座', photos: draft.photoKeys }), version: draft.version } });
    expect([kept.status, kept.body.photoKeys]).toEqual([200, draft.photoKeys]);
    // A resident's upload is not the organiser's; an https link typed in is not an upload.
    const { token } = await resident();
    const theirs = await uploadOverHttp(token, 'activity');
    const refused = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ photos: [theirs] }) });
    expect([refused.status, refused.body.error.fields[0].path]).toEqual([422, 'photos.0']);
    const link = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ photos: ['https://example.com/a.jpg'] }) });
    expect([link.status, link.body.error.fields[0].path]).toEqual([422, 'photos.0']);
    // The public sees the links, never the keys' owner.
    await call('POST', `/activities/${draft.id}/publish`, { token: staff, body: {} });
    expect((await call('GET', `/activities/${draft.id}`)).body.photos[0]).toMatch(/^https?:\/\//);
  });

  it('lists upcoming first, filtered by community, station, kind and dates, in pages', async () => {
    const days = 20;
    const a = await staffActivity(staff, { title: '亲子手工', kind: 'family', start: dayAt(days, '15:00'), end: dayAt(days, '16:00'), signUpCloses: dayAt(days, '15:00') }, { days });
    const b = await staffActivity(staff, { title: '亲子阅读', kind: 'family', start: dayAt(days, '09:00'), end: dayAt(days, '10:00'), signUpCloses: dayAt(days, '09:00'), cancelDeadline: dayAt(days, '08:00') }, { days });
    const from = dayAt(days, '00:00').slice(0, 10);
    const range = `from=${from}&to=${from}`;
    const q = `${range}&kind=family`;
    for (const scope of ['communityId=cm-xingfu', `stationId=${STATION}`, '']) {
      const res = await call('GET', `/activities?${scope}&${q}`);
      expect(res.body.items.map((x: any) => x.id)).toEqual([b.id, a.id]);
    }
    const first = await call('GET', `/activities?communityId=cm-xingfu&${q}&limit=1`);
    expect(first.body.items.map((x: any) => x.id)).toEqual([b.id]);
    const second = await call('GET', `/activities?communityId=cm-xingfu&${q}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((x: any) => x.id)).toEqual([a.id]);
    expect((await call('GET', `/activities?communityId=cm-hexie&${q}`)).body.items).toEqual([]);
    expect((await call('GET', `/activities?${range}&kind=lecture`)).body.items.map((x: any) => x.id)).not.toContain(a.id);
    const bad = await call('GET', '/activities?limit=51&kind=party&from=2026-1-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual(['from', 'kind', 'limit']);
    expect((await call('GET', `/activities?from=${from}&to=2020-01-01`)).body.error.fields).toEqual([{ path: 'to', message: '不能早于开始日期' }]);
  });

  it('only staff of the station (or admins of its community) create and manage; bad input names its field', async () => {
    const { token } = await resident();
    expect((await call('POST', `/stations/${STATION}/activities`, { body: activityForm() })).status).toBe(401);
    expect((await call('POST', `/stations/${STATION}/activities`, { token, body: activityForm() })).status).toBe(403);
    expect((await call('POST', '/stations/sn-hexie-school/activities', { token: staff, body: activityForm() })).status).toBe(403);
    expect((await call('POST', `/stations/${STATION}/activities`, { token: admin, body: activityForm() })).status).toBe(201);
    expect((await call('POST', '/stations/nope/activities', { token: staff, body: activityForm() })).status).toBe(404);
    const bad = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ title: '', capacity: 0, end: dayAt(3, '09:00'), kind: 'volunteer' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'title', message: '活动名称至少 2 个字' },
        { path: 'capacity', message: '名额至少 1 人' },
      ]),
    );
    const other = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ place: { roomId: 'rm-school-gym' } }) });
    expect([other.status, other.body.error.fields]).toEqual([422, [{ path: 'place.roomId', message: '请选择本驿站的房间' }]]);
    const past = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ start: dayAt(-1, '10:00'), end: dayAt(-1, '11:00'), signUpCloses: dayAt(-1, '10:00'), cancelDeadline: dayAt(-1, '10:00'), signUpOpens: dayAt(-2, '10:00') }) });
    expect([past.status, past.body.error.code]).toEqual([422, 'PAST']);
    const a = await staffActivity(staff);
    expect((await call('POST', `/activities/${a.id}/publish`, { token, body: {} })).status).toBe(403);
    expect((await call('PUT', `/activities/${a.id}`, { token, body: { activity: activityForm(), version: a.version } })).status).toBe(403);
    expect((await call('POST', `/activities/${a.id}/cancel`, { token, body: { reason: '不想办了' } })).status).toBe(403);
    expect((await call('GET', `/activities/${a.id}/attendees`, { token })).status).toBe(403);
    expect((await call('GET', `/activities/${a.id}/check-in-code`, { token })).status).toBe(403);
    expect((await call('POST', `/activities/${a.id}/attendance`, { token, body: { userIds: [] } })).status).toBe(403);
    expect((await call('GET', '/activities/nope')).body.error).toEqual({ code: 'NOT_FOUND', message: '未找到该活动' });
  });

  it('edits are guarded by version; a published activity keeps its time and place and cannot shrink below the seats taken', async () => {
    const a = await staffActivity(staff, { capacity: 2 });
    const stale = await call('PUT', `/activities/${a.id}`, { token: staff, body: { activity: activityForm({ capacity: 2 }), version: 1 } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CHANGED']);
    const moved = await call('PUT', `/activities/${a.id}`, { token: staff, body: { activity: activityForm({ capacity: 2, start: dayAt(3, '10:30') }), version: a.version } });
    expect([moved.status, moved.body.error.code, moved.body.error.fields]).toEqual([422, 'FIXED_AFTER_PUBLISH', [{ path: 'activity.start', message: '发布后不能修改' }]]);
    const [x, y] = [await resident(), await resident()];
    expect((await signUp(x.token, a.id, 1)).body.status).toBe('confirmed');
    const shrink = await call('PUT', `/activities/${a.id}`, { token: staff, body: { activity: activityForm({ capacity: 1 }), version: a.version } });
    expect([shrink.status, shrink.body.error.code]).toEqual([422, 'CAPACITY_BELOW_TAKEN']);
    const waiting = await signUp(y.token, a.id);
    expect(waiting.body).toMatchObject({ status: 'waitlisted', position: 1 });
    // More seats: the waitlist's head is confirmed in the same change.
    const grown = await call('PUT', `/activities/${a.id}`, { token: staff, body: { activity: activityForm({ capacity: 3, title: '社区读书会（扩容）' }), version: a.version } });
    expect(grown.body).toMatchObject({ capacity: 3, seatsLeft: 0, waitlistLength: 0, title: '社区读书会（扩容）', version: a.version + 1 });
    expect((await call('GET', `/activities/${a.id}`, { token: y.token })).body.myRegistration).toMatchObject({ status: 'confirmed' });
  });
});

describe('publishing into a room takes the booking domain’s slot locks', () => {
  const ROOM = 'rm-centre-party';
  // A weekday the room is open all day: its 主题党日 (the first of next month) is often among the next few.
  let day: string;
  beforeAll(async () => {
    day = openWeekdayAfterToday(3, (await call('GET', `/rooms/${ROOM}`)).body.blackouts);
  });
  const inRoom = (start: string, end: string) => ({ place: { roomId: ROOM }, start: `${day}T${start}`, end: `${day}T${end}`, signUpCloses: `${day}T${start}`, cancelDeadline: `${day}T${start}` });

  it('a booked slot refuses the activity with a 409 naming the time; a published activity makes the room taken; cancelling frees it', async () => {
    const booker = await resident();
    const booking = await call('POST', '/bookings', { token: booker.token, body: { roomId: ROOM, date: day, start: '15:00', end: '15:30', purpose: '小组学习', attendees: 3 } });
    expect(booking.status).toBe(201);
    const draft = await staffActivity(staff, inRoom('14:00', '16:00'), { draft: true });
    expect(draft.placeName).toBe('幸福社区党群服务中心 · 党员活动室');
    const refused = await call('POST', `/activities/${draft.id}/publish`, { token: staff, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'SLOT_TAKEN', message: `幸福社区党群服务中心 · 党员活动室 在 ${day} 15:00–15:30 已被预约，请换个时间或房间`, details: { slot: { date: day, start: '15:00', end: '15:30' } } });
    const slots = (await call('GET', `/rooms/${ROOM}/availability?date=${day}`)).body.slots;
    expect(slots.filter((s: any) => s.state === 'taken').map((s: any) => s.start)).toEqual(['15:00']);

    const a = await staffActivity(staff, inRoom('16:00', '17:00'));
    const after = (await call('GET', `/rooms/${ROOM}/availability?date=${day}`)).body.slots;
    expect(after.filter((s: any) => s.state === 'taken').map((s: any) => s.start)).toEqual(['15:00', '16:00', '16:30']);
    const clash = await call('POST', '/bookings', { token: (await resident()).token, body: { roomId: ROOM, date: day, start: '16:30', end: '17:30', purpose: '小组学习', attendees: 3 } });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'SLOT_TAKEN']);
    const noReason = await call('POST', `/activities/${a.id}/cancel`, { token: staff, body: {} });
    expect([noReason.status, noReason.body.error.fields]).toEqual([400, [{ path: 'reason', message: '请填写取消原因' }]]);
    expect((await call('POST', `/activities/${a.id}/cancel`, { token: staff, body: { reason: '讲师临时有事' } })).body.status).toBe('cancelled');
    const freed = (await call('GET', `/rooms/${ROOM}/availability?date=${day}`)).body.slots;
    expect(freed.filter((s: any) => s.state === 'taken').map((s: any) => s.start)).toEqual(['15:00']);
    expect((await call('POST', `/activities/${a.id}/cancel`, { token: staff, body: { reason: '再取消一次' } })).status).toBe(409);
  });

  it('race: publishing into a slot while residents book it — exactly one wins each time', async () => {
    const slots = [['18:00', '18:30'], ['18:30', '19:00'], ['19:00', '19:30'], ['19:30', '20:00'], ['20:00', '20:30'], ['20:30', '21:00']];
    for (const [start, end] of slots) {
      const draft = await staffActivity(staff, inRoom(start, end), { draft: true });
      const people = await Promise.all([resident(), resident(), resident()]);
      const [publish, ...bookings] = await Promise.all([
        call('POST', `/activities/${draft.id}/publish`, { token: staff, body: {} }),
        ...people.map((p) => call('POST', '/bookings', { token: p.token, body: { roomId: ROOM, date: day, start, end, purpose: '抢时段', attendees: 2 } })),
      ]);
      const wins = [publish, ...bookings].filter((r) => r.status === 200 || r.status === 201);
      expect(wins).toHaveLength(1);
      expect([publish, ...bookings].filter((r) => r.status === 409)).toHaveLength(3);
    }
  });
});

describe('signing up, the waitlist and cancelling', () => {
  it('companions count as seats (all or nothing); a full activity waitlists in order; a cancellation promotes the heads that fit', async () => {
    const a = await staffActivity(staff, { capacity: 4 });
    const [p1, p2, p3, p4, p5] = await Promise.all([resident(), resident(), resident(), resident(), resident()]);
    expect((await signUp(p1.token, a.id, 4)).body.error.fields).toEqual([{ path: 'companions', message: '最多带 3 位同行人' }]);
    const first = await signUp(p1.token, a.id, 2);
    expect([first.status, first.body]).toEqual([201, expect.objectContaining({ status: 'confirmed', companions: 2, activityTitle: '社区读书会' })]);
    expect(first.body.ticket).toMatch(/\./);
    const second = await signUp(p2.token, a.id, 1);
    expect(second.body).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(second.body).not.toHaveProperty('ticket');
    // p3 would fit the one free seat, but p2 waits ahead: first come, first served.
    expect((await signUp(p3.token, a.id)).body).toMatchObject({ status: 'waitlisted', position: 2 });
    expect((await call('GET', `/activities/${a.id}`)).body).toMatchObject({ seatsLeft: 1, waitlistLength: 2 });
    expect((await signUp(p4.token, a.id, 2)).body).toMatchObject({ status: 'waitlisted', position: 3 });
    expect((await signUp(p5.token, a.id)).body).toMatchObject({ status: 'waitlisted', position: 4 });
    const attendees = await call('GET', `/activities/${a.id}/attendees`, { token: staff });
    expect(attendees.body.items.map((r: any) => r.userId)).toEqual([p1.id]);

    // p1 gives back 3 seats (4 free): p2 (2 seats) and p3 (1) are confirmed in that change; p4 (3) does not fit, so p5 waits behind it.
    const cancelled = await call('POST', `/registrations/${first.body.id}/cancel`, { token: p1.token, body: {} });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await call('GET', `/activities/${a.id}`, { token: p2.token })).body.myRegistration).toMatchObject({ status: 'confirmed' });
    expect((await call('GET', `/activities/${a.id}`, { token: p3.token })).body.myRegistration).toMatchObject({ status: 'confirmed' });
    expect((await call('GET', `/activities/${a.id}`, { token: p4.token })).body).toMatchObject({ seatsLeft: 1, waitlistLength: 2, myRegistration: { status: 'waitlisted', position: 1 } });
    expect((await call('GET', `/activities/${a.id}`, { token: p5.token })).body.myRegistration).toMatchObject({ status: 'waitlisted', position: 2 });
    expect((await call('POST', `/registrations/${first.body.id}/cancel`, { token: p1.token, body: {} })).body.error.code).toBe('STATUS_CHANGED');
    expect((await call('POST', `/registrations/${second.body.id}/cancel`, { token: p1.token, body: {} })).status).toBe(403);
    expect((await call('POST', '/registrations/nope/cancel', { token: p1.token, body: {} })).status).toBe(404);
  });

  it('the same clientToken answers with the same registration; another token is refused; signing up again after cancelling works', async () => {
    const a = await staffActivity(staff);
    const p = await resident();
    const once = await signUp(p.token, a.id, 1, 'token-abcdefgh');
    const twice = await signUp(p.token, a.id, 1, 'token-abcdefgh');
    expect([twice.status, twice.body.id, twice.headers.get('idempotent-replayed')]).toEqual([201, once.body.id, 'true']);
    expect((await signUp(p.token, a.id, 0, 'token-other-123')).body.error).toMatchObject({ code: 'ALREADY_REGISTERED', message: '您已报名该活动' });
    expect((await call('GET', `/activities/${a.id}`)).body.seatsLeft).toBe(8);
    await call('POST', `/registrations/${once.body.id}/cancel`, { token: p.token, body: {} });
    expect((await signUp(p.token, a.id, 0)).body).toMatchObject({ status: 'confirmed', id: once.body.id });
    const mine = await call('GET', '/registrations/mine?limit=1', { token: p.token });
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ activityId: a.id, status: 'confirmed', activityStatus: 'published' });
    expect((await call('GET', '/registrations/mine')).status).toBe(401);
    expect((await signUp(p.token, 'nope')).status).toBe(404);
  });

  it('members-only activities refuse residents; cancelled activities show as cancelled in 我的活动', async () => {
    const a = await staffActivity(staff, { audience: 'members' });
    const p = await resident();
    expect((await signUp(p.token, a.id)).body.error).toMatchObject({ code: 'MEMBERS_ONLY', message: '该活动仅限党员报名' });
    expect((await signUp(admin, a.id)).body.status).toBe('confirmed'); // 陈志强 is a party member
    await call('POST', `/activities/${a.id}/cancel`, { token: staff, body: { reason: '天气原因' } });
    const mine = await call('GET', '/registrations/mine', { token: admin });
    expect(mine.body.items.find((r: any) => r.activityId === a.id)).toMatchObject({ activityStatus: 'cancelled' });
    expect((await signUp(p.token, a.id)).body.error.message).toBe('活动已取消');
  });

  it('residents of chosen buildings: only buildings of the community in service (400 with the field path); others are told who may sign up', async () => {
    const bad = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ audience: 'buildings', buildingIds: ['bd-xingfu-2', 'bd-hexie-1', 'bd-nope'] }) });
    expect([bad.status, bad.body.error.code, bad.body.error.fields]).toEqual([
      400,
      'VALIDATION_FAILED',
      [
        { path: 'buildingIds.1', message: '不是本社区的楼栋' },
        { path: 'buildingIds.2', message: '楼栋不存在' },
      ],
    ]);
    const none = await call('POST', `/stations/${STATION}/activities`, { token: staff, body: activityForm({ audience: 'buildings' }) });
    expect([none.status, none.body.error.fields]).toEqual([400, [{ path: 'buildingIds', message: '请选择可以报名的楼栋' }]]);
    const a = await staffActivity(staff, { audience: 'buildings', buildingIds: ['bd-xingfu-2', 'bd-xingfu-3'], title: '楼栋议事会' });
    expect((await call('GET', `/activities/${a.id}`)).body).toMatchObject({
      audience: 'buildings',
      buildingIds: ['bd-xingfu-2', 'bd-xingfu-3'],
      audienceBuildings: [
        { id: 'bd-xingfu-2', name: '幸福家园 2 栋' },
        { id: 'bd-xingfu-3', name: '阳光花园 3 栋' },
      ],
    });
    const p = await resident();
    const refused = await signUp(p.token, a.id);
    expect([refused.status, refused.body.error]).toEqual([422, { code: 'NOT_IN_BUILDINGS', message: '该活动仅限 幸福家园 2 栋、阳光花园 3 栋 的居民报名。请先在“我的”中设置我家所在楼栋' }]);
  });

  it('race: 300 sign-ups for 50 seats — exactly 50 confirmed, waitlist positions 1–250 each held once', async () => {
    const a = await staffActivity(staff, { capacity: 50, title: '大型讲座' });
    const people: { token: string; id: string }[] = [];
    for (let i = 0; i < 300; i += 50) people.push(...(await Promise.all(Array.from({ length: 50 }, () => resident('race')))));
    const results = await Promise.all(people.map((p) => signUp(p.token, a.id)));
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    expect(results.filter((r) => r.body.status === 'confirmed')).toHaveLength(50);
    const detail = await call('GET', `/activities/${a.id}`);
    expect(detail.body).toMatchObject({ seatsLeft: 0, waitlistLength: 250 });
    const waiting = people.filter((_, i) => results[i].body.status === 'waitlisted');
    // Read back in small batches: the race is over, this only looks (and the test machine is small).
    const positions: number[] = [];
    for (let i = 0; i < waiting.length; i += 10) {
      const batch = await Promise.all(waiting.slice(i, i + 10).map((p) => call('GET', `/activities/${a.id}`, { token: p.token })));
      positions.push(...batch.map((r) => r.body.myRegistration.position));
    }
    expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    let attendees = 0;
    let cursor = '';
    do {
      const page = await call('GET', `/activities/${a.id}/attendees?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { token: staff });
      attendees += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(attendees).toBe(50);
  }, 180_000);

  it('race: 50 cancellations against 50 new sign-ups — never over capacity, the waitlist promoted in order', async () => {
    const a = await staffActivity(staff, { capacity: 50, title: '抢位讲座' });
    const confirmed: { token: string; id: string; reg: string }[] = [];
    const group = await Promise.all(Array.from({ length: 50 }, () => resident('hold')));
    for (const p of group) confirmed.push({ ...p, reg: (await signUp(p.token, a.id)).body.id });
    const queue = await Promise.all(Array.from({ length: 30 }, () => resident('queue')));
    for (const p of queue) expect((await signUp(p.token, a.id)).body.status).toBe('waitlisted');
    const newcomers = await Promise.all(Array.from({ length: 50 }, () => resident('late')));
    const outcomes = await Promise.all([
      ...confirmed.map((p) => call('POST', `/registrations/${p.reg}/cancel`, { token: p.token, body: {} })),
      ...newcomers.map((p) => signUp(p.token, a.id)),
    ]);
    // Every request did its change: no refusal, no timeout (serverless-offline reports one as 200 + errorMessage).
    expect(outcomes.filter((r) => r.status >= 300 || r.body?.errorMessage).map((r) => [r.status, r.body])).toEqual([]);
    expect(outcomes.slice(0, 50).map((r) => r.body.status)).toEqual(confirmed.map(() => 'cancelled'));
    const statusOf = async (people: { token: string }[]) => {
      const out = [];
      for (let i = 0; i < people.length; i += 10) {
        const batch = await Promise.all(people.slice(i, i + 10).map((p) => call('GET', `/activities/${a.id}`, { token: p.token })));
        out.push(...batch.map((r) => r.body.myRegistration));
      }
      return out;
    };
    const detail = (await call('GET', `/activities/${a.id}`)).body;
    const holders: any[] = [];
    let next = '';
    do {
      const page = await call('GET', `/activities/${a.id}/attendees?limit=50${next ? `&cursor=${next}` : ''}`, { token: staff });
      holders.push(...page.body.items);
      next = page.body.nextCursor;
    } while (next);
    expect((await statusOf(confirmed)).filter(Boolean)).toEqual([]);
    const queued = await statusOf(queue);
    const late = await statusOf(newcomers);
    // Never over capacity: the seats are full, each held by exactly one registration.
    expect(detail.seatsLeft).toBe(0);
    expect(holders.length).toBe(50);
    expect(new Set(holders.map((h) => h.userId)).size).toBe(50);
    // The 30 who queued first are all confirmed (before any newcomer); 20 newcomers took the other freed seats.
    expect(queued.map((r) => r.status)).toEqual(queue.map(() => 'confirmed'));
    expect(late.filter((r) => r.status === 'confirmed')).toHaveLength(20);
    // The other 30 newcomers wait in one unbroken line.
    const positions = late.filter((r) => r.status === 'waitlisted').map((r) => r.position).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(detail.waitlistLength).toBe(30);
  }, 360_000);
});

describe('check-in', () => {
  it('the organiser’s rotating code checks a confirmed person in; wrong codes, the waitlist and the early are refused', async () => {
    const { start, end } = await startingSoon();
    const a = await staffActivity(staff, { capacity: 2, start, end, signUpCloses: start, cancelDeadline: start });
    const [p1, p2, p3] = await Promise.all([resident(), resident(), resident()]);
    const r1 = (await signUp(p1.token, a.id)).body;
    const r2 = (await signUp(p2.token, a.id)).body;
    await signUp(p3.token, a.id);
    const code = await call('GET', `/activities/${a.id}/check-in-code`, { token: staff });
    expect(code.body).toMatchObject({ periodSeconds: 30, code: expect.stringMatching(/^[A-Za-z0-9_-]{10}$/) });
    expect(code.headers.get('cache-control')).toBe('no-store');
    const wrong = await call('POST', `/activities/${a.id}/check-in`, { token: p1.token, body: { code: 'AAAAAAAAAA' } });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'WRONG_CODE']);
    const ok = await call('POST', `/activities/${a.id}/check-in`, { token: p1.token, body: { code: code.body.code } });
    expect(ok.body).toMatchObject({ status: 'checked_in', userId: p1.id });
    expect((await call('POST', `/activities/${a.id}/check-in`, { token: p1.token, body: { code: code.body.code } })).body.error.code).toBe('ALREADY_CHECKED_IN');
    expect((await call('POST', `/activities/${a.id}/check-in`, { token: p3.token, body: { code: code.body.code } })).body.error.code).toBe('WAITLISTED');

    // The organiser scans p2's own QR (its ticket); a forged or foreign ticket is refused.
    expect((await call('POST', `/activities/${a.id}/scan-ticket`, { token: staff, body: { ticket: `${r2.id}.forged` } })).body.error.code).toBe('WRONG_TICKET');
    expect((await call('POST', `/activities/${a.id}/scan-ticket`, { token: p1.token, body: { ticket: r2.ticket } })).status).toBe(403);
    const scanned = await call('POST', `/activities/${a.id}/scan-ticket`, { token: staff, body: { ticket: r2.ticket } });
    expect(scanned.body).toMatchObject({ status: 'checked_in', userId: p2.id });
    const list = await call('GET', `/activities/${a.id}/attendees`, { token: staff });
    expect(list.body.items.map((r: any) => r.status)).toEqual(['checked_in', 'checked_in']);
    expect(r1.ticket).not.toBe(r2.ticket);

    const later = await staffActivity(staff);
    const early = await call('GET', `/activities/${later.id}/check-in-code`, { token: staff });
    expect([early.status, early.body.error.code]).toEqual([422, 'CHECK_IN_TOO_EARLY']);
  }, 240_000);
});

describe('volunteer hours', () => {
  it('staff confirm attendance after the end (adjusted with a reason); people see their hours, print a certificate, anyone verifies it', async () => {
    const [v1, v2, v3] = await Promise.all([resident('vol'), resident('vol'), resident('vol')]);
    const a = await seedEndedVolunteerActivity([
      { id: v1.id, name: '王秀兰', status: 'checked_in' },
      { id: v2.id, name: '李四', status: 'checked_in' },
      { id: v3.id, name: '赵五', status: 'confirmed' },
    ]);
    const live = await staffActivity(staff, { kind: 'volunteer', hours: 2, capacity: 10 });
    expect((await call('POST', `/activities/${live.id}/attendance`, { token: staff, body: { userIds: [] } })).body.error.code).toBe('NOT_ENDED');
    const stranger = await call('POST', `/activities/${a.id}/attendance`, { token: staff, body: { userIds: [v1.id, 'u-nobody'] } });
    expect([stranger.status, stranger.body.error.fields]).toEqual([422, [{ path: 'userIds.1', message: '不在报名名单中' }]]);
    const noReason = await call('POST', `/activities/${a.id}/attendance`, { token: staff, body: { userIds: [v1.id, v3.id] } });
    expect([noReason.status, noReason.body.error.code]).toEqual([422, 'REASON_REQUIRED']);
    const done = await call('POST', `/activities/${a.id}/attendance`, { token: staff, body: { userIds: [v1.id, v3.id], reason: '赵五到场但未扫码' } });
    expect(done.body).toMatchObject({ credited: 2, hours: 2, activity: { status: 'settled' } });
    expect((await call('POST', `/activities/${a.id}/attendance`, { token: staff, body: { userIds: [v1.id] } })).body.error.code).toBe('ALREADY_SETTLED');

    const hours1 = await call('GET', '/me/volunteer-hours', { token: v1.token });
    expect(hours1.body).toMatchObject({ totalHours: 2, entryCount: 1, items: [{ activityTitle: '清洁家园志愿服务', hours: 2, kind: 'credit', stationName: '幸福社区党群服务中心' }] });
    expect((await call('GET', '/me/volunteer-hours', { token: v3.token })).body.items[0]).toMatchObject({ reason: '赵五到场但未扫码' });
    expect((await call('GET', '/me/volunteer-hours', { token: v2.token })).body).toMatchObject({ totalHours: 0, items: [] });
    expect((await call('GET', '/me/volunteer-hours/certificate.pdf', { token: v2.token })).body.error.code).toBe('NO_HOURS');

    const res = await fetch(`${process.env.RS_API_URL}/me/volunteer-hours/certificate.pdf`, { headers: { authorization: `Bearer ${v1.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const number = /filename="(VH\d{8}[A-Z0-9]{8})\.pdf"/.exec(res.headers.get('content-disposition') ?? '')![1];
    const parsed = await PDFDocument.load(pdf);
    expect([parsed.getPageCount(), parsed.getTitle()]).toEqual([1, `志愿服务时长证明 ${number}`]);
    const verified = await call('GET', `/certificates/${number}`);
    expect(verified.body).toMatchObject({ number, totalHours: 2, activityCount: 1, stations: ['幸福社区党群服务中心'] });
    expect(verified.body.name).toMatch(/^.\*+$/);
    expect((await call('GET', '/certificates/VH00000000NOPE0000')).status).toBe(404);
    expect((await call('GET', '/me/volunteer-hours?limit=0', { token: v1.token })).status).toBe(400);
  });
});
