import { WISH_STATUSES, WishInput, type WishStatus } from '../../shared/src/api/wishes';
import { assertNotMoney, assertTransition, autoConfirmAt, canTransition, claimDeadline, detailView, publicView, reopenedUntil, TRANSITIONS } from '../../functions/src/wishes/domain';
import type { WishRecord } from '../../functions/src/wishes/model';

const wish = (over: Partial<WishRecord> = {}): WishRecord => ({
  id: 'wi-1',
  communityId: 'cm-1',
  buildingId: 'bd-1',
  buildingLabel: '幸福家园 2 栋',
  kind: 'goods',
  title: '一台收音机',
  reason: '独居老人想听戏曲',
  value: 8000,
  photos: [],
  status: 'claimed',
  version: 3,
  posterId: 'u-poster',
  posterName: '王阿姨',
  forSelf: true,
  beneficiaryUserId: 'u-poster',
  createdAt: '2027-03-01T10:00:00+08:00',
  updatedAt: '2027-03-01T10:00:00+08:00',
  claimantId: 'u-claimant',
  claimantName: '李建国',
  claimantKind: 'member',
  claimedAt: '2027-03-02T10:00:00+08:00',
  claimDeadline: '2027-03-16T10:00:00+08:00',
  ...over,
});

describe('the wish status machine', () => {
  const edges: [WishStatus, WishStatus][] = [
    ['submitted', 'open'],
    ['submitted', 'taken_down'],
    ['submitted', 'withdrawn'],
    ['open', 'claimed'],
    ['open', 'withdrawn'],
    ['open', 'taken_down'],
    ['open', 'expired'],
    ['claimed', 'delivered'],
    ['claimed', 'open'],
    ['claimed', 'taken_down'],
    ['delivered', 'confirmed'],
    ['confirmed', 'thanked'],
  ];

  it('allows exactly the listed edges', () => {
    const allowed = WISH_STATUSES.flatMap((from) => WISH_STATUSES.filter((to) => canTransition(from, to)).map((to) => [from, to]));
    expect(allowed.sort()).toEqual([...edges].sort());
  });

  it('needs screening before a wish is public: submitted cannot be claimed', () => {
    expect(() => assertTransition('submitted', 'claimed')).toThrow(expect.objectContaining({ status: 409, code: 'INVALID_STATUS', message: '心愿当前为“待审核”，不能变为“已认领”' }));
  });

  it('a claimed wish cannot be claimed again, a delivered one not withdrawn, ended ones not moved', () => {
    expect(canTransition('claimed', 'claimed')).toBe(false);
    expect(canTransition('delivered', 'withdrawn')).toBe(false);
    for (const end of ['withdrawn', 'expired', 'taken_down', 'thanked'] as const) expect(Object.keys(TRANSITIONS[end])).toEqual([]);
  });

  it('only the job expires an open wish; the claimant or the job reopens a claimed one; three movers confirm', () => {
    expect(canTransition('open', 'expired', 'system')).toBe(true);
    expect(canTransition('open', 'expired', 'staff')).toBe(false);
    expect(canTransition('claimed', 'open', 'claimant')).toBe(true);
    expect(canTransition('claimed', 'open', 'system')).toBe(true);
    expect(['beneficiary', 'staff', 'system'].every((m) => canTransition('delivered', 'confirmed', m as never))).toBe(true);
    expect(canTransition('delivered', 'confirmed', 'claimant')).toBe(false);
  });
});

describe('due times (Asia/Shanghai)', () => {
  it('a claim lapses 14 days after it was made unless fewer are chosen; delivery auto-confirms 7 days later', () => {
    expect(claimDeadline('2027-03-02T10:00:00+08:00')).toBe('2027-03-16T10:00:00+08:00');
    expect(claimDeadline('2027-03-02T10:00:00+08:00', 3)).toBe('2027-03-05T10:00:00+08:00');
    expect(autoConfirmAt('2027-03-30T23:30:00+08:00')).toBe('2027-04-06T23:30:00+08:00');
  });

  it('a reopened wish keeps its expiry but stays on the wall at least a week', () => {
    expect(reopenedUntil({ expiresAt: '2027-05-01T00:00:00+08:00' }, '2027-03-16T10:00:00+08:00')).toBe('2027-05-01T00:00:00+08:00');
    expect(reopenedUntil({ expiresAt: '2027-03-17T00:00:00+08:00' }, '2027-03-16T10:00:00+08:00')).toBe('2027-03-23T10:00:00+08:00');
  });
});

describe('what a wish may be', () => {
  const input = { communityId: 'cm-1', buildingId: 'bd-1', kind: 'goods', title: '一台收音机', reason: '独居老人想听戏曲', value: 30_000, beneficiary: { name: '王秀英', phone: '13800138000', address: '2 单元 301' } };

  it('is worth at most ¥300 (30,000 fen), and is goods or a service', () => {
    expect(WishInput.safeParse(input).success).toBe(true);
    const over = WishInput.safeParse({ ...input, value: 30_001 });
    expect(over.success || over.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['value', '心愿价值不能超过 300 元']]);
    const money = WishInput.safeParse({ ...input, kind: 'money' });
    expect(money.success || money.error.issues[0].path).toEqual(['kind']);
  });

  it('is never money, even in words', () => {
    expect(() => assertNotMoney('给孩子交学费的现金', '家里困难')).toThrow(expect.objectContaining({ status: 422, code: 'MONEY_NOT_ALLOWED', fields: [{ path: 'title', message: '微心愿只接受物品或服务，不能是钱款' }] }));
    expect(() => assertNotMoney('一个书包', '孩子上学用')).not.toThrow();
  });
});

describe('what each viewer sees', () => {
  const b = { wishId: 'wi-1', name: '王秀英', phone: '13800138000', address: '2 单元 301' };
  const nobody = { poster: false, beneficiary: false, claimant: false, staff: false };

  it('the public sees the building but no beneficiary and no claimant identity (membership is sensitive)', () => {
    const text = JSON.stringify(detailView(wish(), nobody, b));
    for (const secret of ['王秀英', '13800138000', '2 单元 301', '李建国', 'u-claimant', 'member']) expect(text).not.toContain(secret);
    expect(publicView(wish()).claim).toEqual({ kind: 'person', label: '爱心人士', claimedAt: '2027-03-02T10:00:00+08:00', deadline: '2027-03-16T10:00:00+08:00' });
    expect(publicView(wish({ claimantKind: 'unit', unitName: '区供电局党支部' })).claim?.label).toBe('区供电局党支部');
  });

  it('the claimant and staff see the beneficiary; the claimant their own claim', () => {
    expect(detailView(wish(), { ...nobody, claimant: true }, b).beneficiary).toEqual({ name: '王秀英', phone: '13800138000', address: '2 单元 301' });
    expect(detailView(wish(), { ...nobody, staff: true }, b).claimant).toEqual({ id: 'u-claimant', name: '李建国', kind: 'member' });
  });
});
