import { call, devLogin } from '../support/http';
import { nthWeekdayAfterToday } from '../support/dates';

// The hall needs approval (2 h notice, 14 days ahead, 3 a week): its bookings wait in the staff queue.
const HALL = 'rm-centre-hall';
const DAY = nthWeekdayAfterToday(7);
const uniq = () => `page-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** Every item of a paged list, following `nextCursor` (at most `maxPages` requests). */
async function allPages(path: string, token: string, maxPages = 100): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(2);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < maxPages);
  expect(cursor).toBeUndefined();
  return { items, pages };
}

describe('booking lists page (limit ≤ 50, opaque cursor)', () => {
  let resident: string;
  let staff: string;
  const ids: string[] = [];
  beforeAll(async () => {
    resident = await devLogin(uniq());
    staff = await devLogin('demo-staff');
    for (const start of ['14:00', '15:00', '16:00']) {
      // createdAt (the order of 我的预约) is to the second: bookings made within one second tie
      // and then sort by their random id. Each one here is made in a later second than the last.
      if (ids.length > 0) await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
      const end = `${Number(start.slice(0, 2)) + 1}:00`;
      const res = await call('POST', '/bookings', { token: resident, body: { roomId: HALL, date: DAY, start, end, purpose: '分页测试', attendees: 5 } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
  });

  it('我的预约: newest first, page by page, nothing twice', async () => {
    const first = await call('GET', '/bookings/mine?limit=2', { token: resident });
    expect(first.body.items.map((b: any) => b.id)).toEqual([ids[2], ids[1]]);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await call('GET', `/bookings/mine?limit=2&cursor=${first.body.nextCursor}`, { token: resident });
    expect(second.body.items.map((b: any) => b.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('the staff approval queue pages through pending bookings only, and an approved one leaves it', async () => {
    const queue = await allPages('/stations/sn-xingfu-centre/bookings?status=pending', staff);
    expect(queue.items.every((b) => b.status === 'pending')).toBe(true);
    expect(queue.items.map((b) => b.id)).toEqual(expect.arrayContaining(ids));
    expect(new Set(queue.items.map((b) => b.id)).size).toBe(queue.items.length);
    expect((await call('POST', `/bookings/${ids[0]}/approve`, { token: staff })).status).toBe(200);
    const after = await allPages('/stations/sn-xingfu-centre/bookings?status=pending', staff);
    expect(after.items.map((b) => b.id)).not.toContain(ids[0]);
    expect(after.items.map((b) => b.id)).toEqual(expect.arrayContaining(ids.slice(1)));
    const day = await allPages(`/stations/sn-xingfu-centre/bookings?date=${DAY}`, staff);
    expect(day.items.map((b) => b.id)).toEqual(expect.arrayContaining(ids));
  });

  it('refuses a page over 50 and a cursor that is not ours with 400 and the field', async () => {
    const big = await call('GET', '/bookings/mine?limit=51', { token: resident });
    expect([big.status, big.body.error.fields[0]]).toEqual([400, { path: 'limit', message: '每页最多 50 条' }]);
    const forged = await call('GET', `/bookings/mine?cursor=${Buffer.from('[1,2]').toString('base64url')}`, { token: resident });
    expect([forged.status, forged.body.error.fields[0].path]).toEqual([400, 'cursor']);
    const stations = await call('GET', '/stations?communityId=cm-xingfu&limit=1');
    expect(stations.body.items).toHaveLength(1);
    const next = await call('GET', `/stations?communityId=cm-xingfu&limit=1&cursor=${stations.body.nextCursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(stations.body.items[0].id);
  });
});
