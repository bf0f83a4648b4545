import { calendarYears, isWorkingDay, resolveDue, respondDue, type WorkDays } from '../../functions/src/requests/due';
import { chinaDate } from '../../functions/src/lib/time';
import { MOVES, RESPOND_BUCKETS, bucketOf, confirmBy, dueKind, mayAct, mayRate, medianFromBuckets, nextStatus, TERMINAL, withinConfirmWindow, type RequestAction } from '../../functions/src/requests/rules';
import { REQUEST_STATUSES, RequestInput, SaveRequestCategories, type RequestStatus } from '../../shared/src/api/requests';

const cal = (holidays: string[] = [], makeupDays: string[] = []): WorkDays => ({ holidays: new Set(holidays), makeupDays: new Set(makeupDays) });
/** The instant of a Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);
/** A due time as the Shanghai wall clock (24:00 of a day reads as 00:00 of the next). */
const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

describe('working days on a street calendar (Asia/Shanghai)', () => {
  it('Monday to Friday work, weekends rest, holidays rest, make-up days 调休 work', () => {
    expect(isWorkingDay('2026-12-04', cal())).toBe(true); // Friday
    expect(isWorkingDay('2026-12-05', cal())).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-06', cal())).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-07', cal(['2026-12-07']))).toBe(false); // a Monday holiday
    expect(isWorkingDay('2026-12-05', cal([], ['2026-12-05']))).toBe(true); // a Saturday make-up day
  });

  it('the date of an instant is the Shanghai date, not the UTC one', () => {
    expect(chinaDate(sh('2026-12-04T00:30:00'))).toBe('2026-12-04');
    expect(chinaDate(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
  });
});

describe('resolve due time: M working days after acceptance, due at 24:00 of the last', () => {
  it('the day of acceptance does not count: Tuesday + 1 is Wednesday 24:00', () => {
    expect(local(resolveDue(sh('2026-12-01T09:00:00'), 1, cal()))).toBe('2026-12-03T00:00');
  });
  it('over a weekend: Friday + 1 is Monday 24:00, Friday + 3 is Wednesday 24:00', () => {
    expect(local(resolveDue(sh('2026-12-04T15:00:00'), 1, cal()))).toBe('2026-12-08T00:00');
    expect(local(resolveDue(sh('2026-12-04T15:00:00'), 3, cal()))).toBe('2026-12-10T00:00');
  });
  it('accepted on a Saturday: the next working day is day 1', () => {
    expect(local(resolveDue(sh('2026-12-05T10:00:00'), 1, cal()))).toBe('2026-12-08T00:00');
  });
  it('a Monday holiday pushes Friday + 1 to Tuesday', () => {
    expect(local(resolveDue(sh('2026-12-04T15:00:00'), 1, cal(['2026-12-07'])))).toBe('2026-12-09T00:00');
  });
  it('a Saturday make-up day counts: Friday + 1 is that Saturday', () => {
    expect(local(resolveDue(sh('2026-12-04T15:00:00'), 1, cal([], ['2026-12-05'])))).toBe('2026-12-06T00:00');
  });
  it('accepted on a make-up day, that day itself does not count', () => {
    expect(local(resolveDue(sh('2026-12-05T10:00:00'), 1, cal([], ['2026-12-05'])))).toBe('2026-12-08T00:00');
  });
  it('a holiday week (国庆) with make-up days around it', () => {
    // 2026: 1–7 October off (the weekdays among them are holidays), Sunday 27 September and Saturday 10 October worked.
    const national = cal(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], ['2026-09-27', '2026-10-10']);
    expect(local(resolveDue(sh('2026-09-26T10:00:00'), 1, national))).toBe('2026-09-28T00:00'); // Saturday → the make-up Sunday
    expect(local(resolveDue(sh('2026-09-30T10:00:00'), 1, national))).toBe('2026-10-09T00:00'); // → Thursday 8 October
    expect(local(resolveDue(sh('2026-09-30T10:00:00'), 3, national))).toBe('2026-10-11T00:00'); // 8, 9, Saturday 10 October
  });
  it('across the new year with a holiday on 1 January', () => {
    expect(local(resolveDue(sh('2026-12-31T18:00:00'), 2, cal(['2027-01-01'])))).toBe('2027-01-06T00:00');
    expect(calendarYears(sh('2026-12-31T18:00:00'))).toEqual([2026, 2027]);
  });
  it('just after midnight Shanghai (still the day before in UTC) counts from the Shanghai day', () => {
    // 00:30 Friday in Shanghai is Thursday 16:30 UTC: Friday + 1 = Monday.
    expect(local(resolveDue(sh('2026-12-04T00:30:00'), 1, cal()))).toBe('2026-12-08T00:00');
  });
  it('a calendar without working days is refused rather than looping', () => {
    const all = Array.from({ length: 420 }, (_, i) => new Date(Date.UTC(2026, 11, 2 + i)).toISOString().slice(0, 10));
    expect(() => resolveDue(sh('2026-12-01T10:00:00'), 1, cal(all))).toThrow();
  });
});

describe('respond due time: N clock hours', () => {
  it('runs through nights and weekends', () => {
    expect(local(respondDue(sh('2026-12-04T20:00:00'), 24))).toBe('2026-12-05T20:00');
    expect(local(respondDue(sh('2026-12-04T23:00:00'), 2))).toBe('2026-12-05T01:00');
  });
});

describe('request status machine', () => {
  const allowed: [RequestStatus, RequestAction, RequestStatus][] = [
    ['submitted', 'accept', 'accepted'],
    ['submitted', 'reject', 'rejected'],
    ['submitted', 'refer', 'referred'],
    ['submitted', 'duplicate', 'duplicate'],
    ['submitted', 'notOurs', 'not_ours'],
    ['accepted', 'dispatch', 'dispatched'],
    ['accepted', 'duplicate', 'duplicate'],
    ['accepted', 'notOurs', 'not_ours'],
    ['accepted', 'unable', 'unable_to_fix'],
    ['dispatched', 'return', 'accepted'],
    ['dispatched', 'start', 'in_progress'],
    ['dispatched', 'resolve', 'resolved'],
    ['dispatched', 'unable', 'unable_to_fix'],
    ['in_progress', 'return', 'accepted'],
    ['in_progress', 'resolve', 'resolved'],
    ['in_progress', 'unable', 'unable_to_fix'],
    ['resolved', 'confirm', 'closed'],
    ['resolved', 'reopen', 'in_progress'],
    ['resolved', 'autoClose', 'closed'],
  ];
  it('allows exactly the listed moves', () => {
    const actions = Object.keys(MOVES) as RequestAction[];
    for (const from of REQUEST_STATUSES) {
      for (const action of actions) {
        const expected = allowed.find(([f, a]) => f === from && a === action)?.[2];
        expect([from, action, nextStatus(from, action)]).toEqual([from, action, expected]);
      }
    }
  });
  it('terminal statuses have no way out', () => {
    for (const s of TERMINAL) for (const a of Object.keys(MOVES) as RequestAction[]) expect(nextStatus(s, a)).toBeUndefined();
  });
  it('who may act: staff handle, the assignee works, the reporter confirms, only the job auto-closes', () => {
    expect(mayAct('accept', ['staff'])).toBe(true);
    expect(mayAct('accept', ['reporter', 'assignee'])).toBe(false);
    expect(mayAct('dispatch', ['assignee'])).toBe(false);
    expect(mayAct('return', ['assignee'])).toBe(true);
    expect(mayAct('return', ['staff'])).toBe(false);
    expect(mayAct('resolve', ['assignee'])).toBe(true);
    expect(mayAct('confirm', ['reporter'])).toBe(true);
    expect(mayAct('confirm', ['staff'])).toBe(false);
    expect(mayAct('reopen', ['staff', 'assignee'])).toBe(false);
    expect(mayAct('autoClose', ['staff'])).toBe(false);
    expect(mayAct('autoClose', ['job'])).toBe(true);
  });
  it('what is due: the response while submitted, the resolution while handled, nothing once resolved or ended', () => {
    expect(dueKind('submitted')).toBe('respond');
    for (const s of ['accepted', 'dispatched', 'in_progress'] as const) expect(dueKind(s)).toBe('resolve');
    for (const s of ['resolved', ...TERMINAL]) expect(dueKind(s as RequestStatus)).toBeUndefined();
  });
  it('the reporter may reopen within 7 days of the resolution, not after', () => {
    const resolvedAt = '2026-12-01T10:00:00.000+08:00';
    expect(confirmBy(resolvedAt).toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(withinConfirmWindow(resolvedAt, sh('2026-12-08T09:59:59'))).toBe(true);
    expect(withinConfirmWindow(resolvedAt, sh('2026-12-08T10:00:00'))).toBe(false);
  });
  it('satisfaction is given once the request is resolved or ended, never while it is handled', () => {
    expect(mayRate('resolved')).toBe(true);
    expect(mayRate('closed')).toBe(true);
    expect(mayRate('rejected')).toBe(true);
    expect(mayRate('in_progress')).toBe(false);
    expect(mayRate('submitted')).toBe(false);
  });
  it('medians come from histogram buckets', () => {
    expect(bucketOf(10, RESPOND_BUCKETS)).toBe(0);
    expect(bucketOf(61, RESPOND_BUCKETS)).toBe(3);
    expect(bucketOf(99999, RESPOND_BUCKETS)).toBe(RESPOND_BUCKETS.length - 1);
    expect(medianFromBuckets([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], RESPOND_BUCKETS)).toBeNull();
    // 1 within 15 min, 2 within an hour, 1 within 2 hours: the 2nd of 4 sits in the one-hour bucket.
    expect(medianFromBuckets([1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0], RESPOND_BUCKETS)).toBe(60);
  });
});

describe('request schemas', () => {
  it('a report needs a building or a location, at most 6 photos, and text of 5 characters or more', () => {
    const r = RequestInput.safeParse({ communityId: 'cm-1', categoryId: 'repair', text: '坏', photos: Array(7).fill('https://x.cn/a.png') });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(expect.arrayContaining(['photos', 'text']));
    const noPlace = RequestInput.safeParse({ communityId: 'cm-1', categoryId: 'repair', text: '路灯坏了三天了' });
    expect(noPlace.error!.issues.map((i) => i.path.join('.'))).toEqual(['location']);
  });
  it('categories must be unique by id and name', () => {
    const c = { id: 'a', name: '环境卫生', respondHours: 24, resolveDays: 3 };
    const r = SaveRequestCategories.safeParse({ categories: [c, { ...c, respondHours: 2 }], version: 0 });
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['categories.1.id', 'categories.1.name']);
  });
});
