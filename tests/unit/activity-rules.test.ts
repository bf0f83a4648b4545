import { ActivityInput } from '../../shared/src/api/activities';
import type { ActivityRecord } from '../../functions/src/activities/model';
import {
  checkInCode,
  checkSignUp,
  confirmsAtOnce,
  effectiveStatus,
  isCurrentCode,
  maskName,
  planPromotion,
  registrationOfTicket,
  ticketFor,
  assertCheckInOpen,
} from '../../functions/src/activities/rules';

const SECRET = 'unit-test-secret-0123456789abcdefghijklmnop';
const at = (local: string) => new Date(`${local}:00+08:00`);
const activity = (over: Partial<ActivityRecord> = {}): ActivityRecord => ({
  id: 'act-1',
  stationId: 'sn-1',
  stationName: '驿站',
  communityId: 'cm-1',
  placeName: '阅览室',
  organiserId: 'u-staff',
  organiserName: '张丽',
  title: '读书会',
  description: '',
  photos: [],
  kind: 'lecture',
  start: '2027-03-10T14:00',
  end: '2027-03-10T16:00',
  place: { address: '幸福路 1 号' },
  capacity: 10,
  signUpOpens: '2027-03-01T09:00',
  signUpCloses: '2027-03-10T12:00',
  cancelDeadline: '2027-03-10T12:00',
  audience: 'everyone',
  status: 'published',
  taken: 0,
  waitCount: 0,
  version: 2,
  createdAt: '2027-03-01T08:00:00+08:00',
  ...over,
});
const broken = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; status: number; message: string; fields?: unknown };
  }
  throw new Error('expected a broken rule');
};
const wait = (userId: string, seats: number, order = userId) => ({ order, registrationId: `r-${userId}`, userId, seats });

describe('activity status follows the clock (Asia/Shanghai)', () => {
  it('published → ongoing at the start → ended at the end; the stored statuses stay as they are', () => {
    const a = activity();
    expect(effectiveStatus(a, at('2027-03-10T13:59'))).toBe('published');
    expect(effectiveStatus(a, at('2027-03-10T14:00'))).toBe('ongoing');
    expect(effectiveStatus(a, at('2027-03-10T16:00'))).toBe('ended');
    expect(effectiveStatus(activity({ status: 'cancelled' }), at('2027-03-10T15:00'))).toBe('cancelled');
    expect(effectiveStatus(activity({ status: 'settled' }), at('2027-03-11T15:00'))).toBe('settled');
  });
});

describe('the activity form', () => {
  const input = (over: Record<string, unknown> = {}) => ({
    title: '垃圾分类宣传',
    kind: 'volunteer',
    hours: 2,
    start: '2027-03-10T14:00',
    end: '2027-03-10T16:00',
    place: { roomId: 'rm-1' },
    capacity: 20,
    signUpOpens: '2027-03-01T09:00',
    signUpCloses: '2027-03-10T12:00',
    cancelDeadline: '2027-03-10T12:00',
    ...over,
  });
  const paths = (over: Record<string, unknown>) => (ActivityInput.safeParse(input(over)).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts a sensible activity and names the field of each mistake in Chinese', () => {
    expect(ActivityInput.safeParse(input()).success).toBe(true);
    expect(paths({ end: '2027-03-10T13:00' })).toEqual(['end: 结束时间须晚于开始时间']);
    expect(paths({ signUpCloses: '2027-03-10T15:00' })).toEqual(['signUpCloses: 报名截止不能晚于活动开始']);
    expect(paths({ end: '2027-03-11T10:00' })).toEqual(['end: 在驿站房间举办的活动须在同一天内结束']);
    expect(paths({ hours: undefined })).toEqual(['hours: 志愿服务须填写志愿时长']);
    expect(paths({ kind: 'lecture' })).toEqual(['hours: 只有志愿服务活动计志愿时长']);
    expect(paths({ hours: 1.25 })).toEqual(['hours: 志愿时长以 0.5 小时为单位']);
    expect(paths({ capacity: 50 })).toEqual(['capacity: 计志愿时长的活动名额不超过 49 人']);
    expect(paths({ place: { roomId: 'rm-1', address: '幸福路' } })).toEqual(['place.roomId: 请选择驿站的房间，或填写活动地址（二选一）']);
    expect(paths({ start: '2027-03-10T14:15' })[0]).toContain('start: 时间格式');
    expect(paths({ title: 'x'.repeat(41) })).toEqual(['title: 活动名称不超过 40 个字']);
    expect(paths({ audience: 'buildings' })).toEqual(['buildingIds: 请选择可以报名的楼栋']);
    expect(paths({ audience: 'buildings', buildingIds: [] })).toEqual(['buildingIds: 请选择可以报名的楼栋', 'buildingIds: 请选择可以报名的楼栋']);
    expect(paths({ audience: 'buildings', buildingIds: ['bd-1', 'bd-1'] })).toEqual(['buildingIds: 楼栋不能重复']);
    expect(paths({ audience: 'buildings', buildingIds: Array.from({ length: 21 }, (_, i) => `bd-${i}`) })).toEqual(['buildingIds: 最多选择 20 个楼栋']);
    expect(paths({ buildingIds: ['bd-1'] })).toEqual(['buildingIds: 只有“指定楼栋居民”的活动才选择楼栋']);
  });
});

describe('sign-up rules', () => {
  const now = at('2027-03-05T10:00');
  it('refuses outside the sign-up window, members-only activities to non-members, and companions over the cap', () => {
    expect(broken(() => checkSignUp(activity(), { member: false }, 0, at('2027-03-01T08:00')))).toMatchObject({ status: 422, code: 'SIGN_UP_NOT_OPEN', message: '3月1日 09:00 开始报名' });
    expect(broken(() => checkSignUp(activity(), { member: false }, 0, at('2027-03-10T12:00')))).toMatchObject({ code: 'SIGN_UP_CLOSED' });
    expect(broken(() => checkSignUp(activity({ audience: 'members' }), { member: false }, 0, now))).toMatchObject({ code: 'MEMBERS_ONLY', message: '该活动仅限党员报名' });
    expect(() => checkSignUp(activity({ audience: 'members' }), { member: true }, 0, now)).not.toThrow();
    expect(broken(() => checkSignUp(activity({ kind: 'volunteer', hours: 2 }), { member: false }, 1, now))).toMatchObject({ code: 'NO_COMPANIONS' });
    expect(broken(() => checkSignUp(activity({ capacity: 2 }), { member: false }, 2, now))).toMatchObject({ code: 'OVER_CAPACITY' });
    expect(broken(() => checkSignUp(activity({ status: 'cancelled' }), { member: false }, 0, now))).toMatchObject({ message: '活动已取消' });
  });

  it('an activity for residents of chosen buildings takes those who live in one of them (report-in or home), and says who may', () => {
    const forBuildings = activity({ audience: 'buildings', buildingIds: ['bd-2', 'bd-3'], audienceBuildings: [{ id: 'bd-2', name: '幸福家园 2 栋' }, { id: 'bd-3', name: '阳光花园 3 栋' }] });
    expect(() => checkSignUp(forBuildings, { member: false, buildingIds: ['bd-1', 'bd-3'] }, 0, now)).not.toThrow();
    expect(broken(() => checkSignUp(forBuildings, { member: true, buildingIds: ['bd-1'] }, 0, now))).toMatchObject({ status: 422, code: 'NOT_IN_BUILDINGS', message: '该活动仅限 幸福家园 2 栋、阳光花园 3 栋 的居民报名' });
    expect(broken(() => checkSignUp(forBuildings, { member: false, buildingIds: [] }, 0, now)).message).toBe('该活动仅限 幸福家园 2 栋、阳光花园 3 栋 的居民报名。请先在“我的”中设置我家所在楼栋');
    expect(() => checkSignUp(activity(), { member: false }, 0, now)).not.toThrow();
  });

  it('confirms at once only while the seats fit and nobody waits (FIFO)', () => {
    expect(confirmsAtOnce({ capacity: 10, taken: 6, waitCount: 0 }, 4)).toBe(true);
    expect(confirmsAtOnce({ capacity: 10, taken: 7, waitCount: 0 }, 4)).toBe(false);
    expect(confirmsAtOnce({ capacity: 10, taken: 2, waitCount: 1 }, 1)).toBe(false);
  });
});

describe('promotion from the waitlist', () => {
  it('confirms the heads in order while each fits, and stops at a head that does not (nobody skips ahead)', () => {
    const heads = [wait('a', 1), wait('b', 2), wait('c', 4), wait('d', 1)];
    expect(planPromotion(3, heads).map((h) => h.userId)).toEqual(['a', 'b']);
    expect(planPromotion(4, heads).map((h) => h.userId)).toEqual(['a', 'b']);
    expect(planPromotion(0, heads)).toEqual([]);
    expect(planPromotion(3, [wait('c', 4), wait('d', 1)])).toEqual([]);
  });
});

describe('check-in codes and tickets', () => {
  const t = Date.parse('2027-03-10T14:00:10+08:00');
  it('the organiser’s code changes every 30 seconds; the previous one still works, an older one does not', () => {
    const w = Math.floor(t / 30_000);
    const code = checkInCode(SECRET, 'act-1', w);
    expect(code).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(checkInCode(SECRET, 'act-1', w + 1)).not.toBe(code);
    expect(checkInCode(SECRET, 'act-2', w)).not.toBe(code);
    expect(isCurrentCode(SECRET, 'act-1', code, t)).toBe(true);
    expect(isCurrentCode(SECRET, 'act-1', code, t + 30_000)).toBe(true);
    expect(isCurrentCode(SECRET, 'act-1', code, t + 60_000)).toBe(false);
    expect(isCurrentCode(SECRET, 'act-2', code, t)).toBe(false);
    expect(isCurrentCode('another-secret-0123456789abcdefghijklmn', 'act-1', code, t)).toBe(false);
  });

  it('a personal ticket names its registration only with a valid signature', () => {
    const ticket = ticketFor(SECRET, 'reg-1');
    expect(registrationOfTicket(SECRET, ticket)).toBe('reg-1');
    expect(registrationOfTicket(SECRET, ticket.replace('reg-1', 'reg-2'))).toBeUndefined();
    expect(registrationOfTicket(SECRET, `${ticket}.x`)).toBeUndefined();
    expect(registrationOfTicket(SECRET, 'reg-1')).toBeUndefined();
  });

  it('check-in is open from 30 minutes before the start to the end, for confirmed people only', () => {
    const a = activity();
    const r = { id: 'r', activityId: 'act-1', userId: 'u', userName: 'x', companions: 0, status: 'confirmed' as const, clientToken: 'tok', createdAt: '', activityTitle: '', activityStart: '', activityEnd: '', placeName: '' };
    expect(broken(() => assertCheckInOpen(a, r, at('2027-03-10T13:29')))).toMatchObject({ code: 'CHECK_IN_TOO_EARLY', message: '3月10日 13:30 起可签到（开始前 30 分钟）' });
    expect(assertCheckInOpen(a, r, at('2027-03-10T13:30'))).toBe(r);
    expect(assertCheckInOpen(a, r, at('2027-03-10T16:00'))).toBe(r);
    expect(broken(() => assertCheckInOpen(a, r, at('2027-03-10T16:01')))).toMatchObject({ code: 'CHECK_IN_CLOSED' });
    expect(broken(() => assertCheckInOpen(a, { ...r, status: 'waitlisted' }, at('2027-03-10T14:00')))).toMatchObject({ code: 'WAITLISTED' });
    expect(broken(() => assertCheckInOpen(a, undefined, at('2027-03-10T14:00')))).toMatchObject({ code: 'NOT_REGISTERED' });
  });
});

describe('public names', () => {
  it('masks all but the first character', () => {
    expect(maskName('王秀兰')).toBe('王**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜很长')).toBe('欧***');
  });
});
