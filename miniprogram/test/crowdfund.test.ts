/** Crowdfund helpers: yuan ↔ fen, progress per kind, countdown, pledge and form validation. */
import { PledgeRequest, CrowdfundInput, ExpenseRequest } from '@shared/api/crowdfund';
import {
  buildCrowdfundInput,
  buildExpense,
  checkReason,
  countdown,
  cstDate,
  emptyLine,
  fenToYuan,
  formatYuan,
  lineIsFull,
  lineProgressText,
  lineToDraft,
  newClientToken,
  percentOf,
  pledgeFieldsFor,
  progressByKind,
  tokenAfterFailure,
  yuanToFen,
  type CrowdfundDraft,
} from '../src/utils/crowdfund';

describe('yuan ↔ fen', () => {
  test('yuanToFen is exact for amounts floats get wrong', () => {
    expect(yuanToFen('50')).toBe(5000);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('1.005')).toBeNull(); // three decimals
    expect(yuanToFen('4.35')).toBe(435); // 4.35 * 100 = 434.99999999999994 in floats
    expect(yuanToFen(' ¥1,234.5 ')).toBe(123450);
    expect(yuanToFen('.5')).toBe(50);
    expect(yuanToFen('50.')).toBe(5000);
  });

  test('yuanToFen refuses zero, negatives and text', () => {
    for (const bad of ['', '0', '0.00', '-5', 'abc', '1e3', '5元', '1.2.3']) expect(yuanToFen(bad)).toBeNull();
  });

  test('fenToYuan always shows two decimals and round-trips', () => {
    expect(fenToYuan(5000)).toBe('50.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-123450)).toBe('-1234.50');
    expect(formatYuan(4_800_000)).toBe('¥48,000.00');
    expect(formatYuan(-1999)).toBe('-¥19.99');
    for (const fen of [1, 99, 100, 435, 123456789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('progress', () => {
  const money = { kind: 'money' as const, unit: '分', pledged: 5000, target: 4_800_000 };
  test('percentOf floors and caps at 100', () => {
    expect(percentOf(0, 100)).toBe(0);
    expect(percentOf(99, 100)).toBe(99);
    expect(percentOf(999, 1000)).toBe(99); // not rounded up to "done"
    expect(percentOf(150, 100)).toBe(100);
    expect(percentOf(5, undefined)).toBe(0);
  });

  test('line texts by kind', () => {
    expect(lineProgressText(money)).toBe('¥50.00 / ¥48,000.00');
    expect(lineProgressText({ kind: 'labour', unit: '小时', pledged: 6, target: 80 })).toBe('6 / 80 小时');
    expect(lineProgressText({ kind: 'materials', unit: '块', pledged: 20, target: 120 })).toBe('20 / 120 块');
    expect(lineProgressText({ kind: 'ideas', unit: '条', pledged: 3, target: undefined })).toBe('3 条建议');
  });

  test('progressByKind sums the lines of each kind in a fixed order', () => {
    const result = progressByKind([
      { kind: 'ideas', unit: '条', pledged: 2, target: undefined },
      { kind: 'materials', unit: '块', pledged: 20, target: 120 },
      { kind: 'money', unit: '分', pledged: 10_000, target: 40_000 },
      { kind: 'money', unit: '分', pledged: 10_000, target: 60_000 },
      { kind: 'labour', unit: '小时', pledged: 4.5, target: 80 },
    ]);
    expect(result.map((r) => r.kind)).toEqual(['money', 'labour', 'materials', 'ideas']);
    expect(result[0]).toMatchObject({ pledged: 20_000, target: 100_000, hasTarget: true, percent: 20, text: '¥200.00 / ¥1,000.00' });
    expect(result[1]).toMatchObject({ pledged: 4.5, target: 80, percent: 5, text: '4.5/80 小时' });
    expect(result[2].text).toBe('20/120 块');
    expect(result[3]).toMatchObject({ pledged: 2, target: 0, hasTarget: false, text: '2 条建议' });
    expect(result.map((r) => r.text).join(' ')).not.toContain('%');
  });

  test('materials with different units are summarised as a percentage', () => {
    const [m] = progressByKind([
      { kind: 'materials', unit: '块', pledged: 10, target: 20 },
      { kind: 'materials', unit: '袋', pledged: 0, target: 20 },
    ]);
    expect(m.text).toBe('2 项物资 25%');
  });

  test('a small pledge against a large target shows both amounts, not "0%"', () => {
    const [m] = progressByKind([{ kind: 'money', unit: '分', pledged: 20_050, target: 4_800_000 }]);
    expect(m.text).toBe('¥200.50 / ¥48,000.00');
  });

  test('only a line with a target met is 已筹满; an ideas line never is', () => {
    expect(lineIsFull({ pledged: 1, target: undefined })).toBe(false);
    expect(lineIsFull({ pledged: 120, target: 120 })).toBe(true);
    expect(lineIsFull({ pledged: 119, target: 120 })).toBe(false);
  });
});

describe('time', () => {
  const now = Date.parse('2025-06-01T12:00:00+08:00');
  test('countdown', () => {
    expect(countdown('2025-06-04T16:30:00+08:00', now)).toBe('还剩 3 天 4 小时');
    expect(countdown('2025-06-03T12:00:00+08:00', now)).toBe('还剩 2 天');
    expect(countdown('2025-06-01T17:20:00+08:00', now)).toBe('还剩 5 小时 20 分');
    expect(countdown('2025-06-01T12:10:30+08:00', now)).toBe('还剩 10 分钟');
    expect(countdown('2025-06-01T11:00:00+08:00', now)).toBe('已截止');
    expect(countdown('not a date', now)).toBe('');
  });
  test('the deadline date is the Asia/Shanghai calendar day', () => {
    expect(cstDate('2025-06-30T16:30:00Z')).toBe('2025-07-01');
    expect(cstDate('2025-06-30T23:59:59+08:00')).toBe('2025-06-30');
  });
});

describe('pledge sheet', () => {
  test('fields by line kind, accepted by the shared PledgeRequest schema', () => {
    const cases = [
      [{ kind: 'money' as const, unit: '分', remaining: 100 }, '50', { amount: 5000 }],
      [{ kind: 'labour' as const, unit: '小时', remaining: 10 }, '2.5', { hours: 2.5 }],
      [{ kind: 'materials' as const, unit: '块', remaining: 10 }, '3', { quantity: 3 }],
      [{ kind: 'ideas' as const, unit: '条', remaining: undefined }, ' 加装遮阳棚 ', { text: '加装遮阳棚' }],
    ] as const;
    for (const [line, input, fields] of cases) {
      const r = pledgeFieldsFor(line, input);
      expect(r).toEqual({ ok: true, fields });
      expect(PledgeRequest.safeParse({ lineId: 'ln-1', ...fields, clientToken: newClientToken() }).success).toBe(true);
    }
  });

  test('refuses what the server would refuse', () => {
    expect(pledgeFieldsFor({ kind: 'money', unit: '分' }, '0')).toMatchObject({ ok: false });
    expect(pledgeFieldsFor({ kind: 'money', unit: '分' }, '1.234')).toMatchObject({ ok: false });
    expect(pledgeFieldsFor({ kind: 'labour', unit: '小时' }, '1.2')).toEqual({ ok: false, message: '时长须大于 0，以半小时为单位' });
    expect(pledgeFieldsFor({ kind: 'materials', unit: '块' }, '2.5')).toEqual({ ok: false, message: '数量须为正整数' });
    expect(pledgeFieldsFor({ kind: 'ideas', unit: '条' }, '   ')).toEqual({ ok: false, message: '请填写您的建议' });
    expect(pledgeFieldsFor({ kind: 'money', unit: '分' }, '')).toEqual({ ok: false, message: '请填写金额' });
  });

  test('a note travels as text on non-idea lines', () => {
    expect(pledgeFieldsFor({ kind: 'money', unit: '分' }, '10', ' 加油 ')).toEqual({ ok: true, fields: { amount: 1000, text: '加油' } });
  });

  test('client tokens match the server pattern and differ', () => {
    const a = newClientToken();
    const b = newClientToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(a).not.toBe(b);
  });

  test('retry keeps the token when the outcome is unknown, a refusal gets a fresh one', () => {
    const fresh = () => 'fresh-token';
    expect(tokenAfterFailure(0, 'tok-12345678', fresh)).toBe('tok-12345678'); // network error
    expect(tokenAfterFailure(502, 'tok-12345678', fresh)).toBe('tok-12345678');
    expect(tokenAfterFailure(409, 'tok-12345678', fresh)).toBe('fresh-token'); // OVER_TARGET
    expect(tokenAfterFailure(400, 'tok-12345678', fresh)).toBe('fresh-token');
  });
});

describe('organiser form', () => {
  const now = Date.parse('2025-06-01T12:00:00+08:00');
  const valid = (): CrowdfundDraft => ({
    communityId: 'cm-xingfu',
    title: '3 号楼加装电梯',
    story: '3 号楼住着 12 户老人，上下楼非常不便，经楼栋议事会同意加装电梯。',
    deadlineDate: '2025-07-01',
    estates: '幸福家园、 阳光小区',
    photos: [],
    lines: [
      { ...emptyLine('money'), title: '电梯资金', target: '48000.5' },
      { ...emptyLine('labour'), title: '清运', target: '20', skill: '搬运', required: false },
      { ...emptyLine('materials'), title: '地垫', target: '120', item: '塑胶地垫', unit: '块' },
      { ...emptyLine('ideas'), title: '设计建议' },
    ],
  });

  test('builds a body the shared CrowdfundInput schema accepts, money in fen', () => {
    const r = buildCrowdfundInput(valid(), now);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.body.deadline).toBe('2025-07-01T23:59:59+08:00');
    expect(r.body.estates).toEqual(['幸福家园', '阳光小区']);
    expect(r.body.lines[0]).toEqual({ kind: 'money', title: '电梯资金', required: true, target: 4_800_050 });
    expect(r.body.lines[1]).toMatchObject({ kind: 'labour', target: 20, skill: '搬运', required: false });
    expect(r.body.lines[3]).toEqual({ kind: 'ideas', title: '设计建议', required: false });
    expect(CrowdfundInput.safeParse(r.body).success).toBe(true);
  });

  test('reports each problem at its field path', () => {
    const d = valid();
    d.communityId = '';
    d.title = '电';
    d.story = '太短';
    d.deadlineDate = '2025-05-31';
    d.lines[0].target = '0';
    d.lines[1].skill = ' ';
    d.lines[1].target = '1.3';
    d.lines[2].unit = '';
    d.lines[2].target = '2.5';
    const r = buildCrowdfundInput(d, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      ['communityId', 'title', 'story', 'deadline', 'lines.0.target', 'lines.1.skill', 'lines.1.target', 'lines.2.unit', 'lines.2.target'].sort(),
    );
    expect(r.errors.deadline).toBe('截止时间须晚于现在');
  });

  test('needs at least one line', () => {
    const r = buildCrowdfundInput({ ...valid(), lines: [] }, now);
    expect(r.ok ? {} : r.errors).toHaveProperty('lines', '请至少添加一个预算项');
  });

  test('a saved line comes back into the form in yuan', () => {
    const draft = lineToDraft({
      id: 'ln-1', kind: 'money', title: '改造资金', required: true, target: 4_800_050, unit: '分',
      pledged: 0, fulfilled: 0, pledgeCount: 0, remaining: 4_800_050, percent: 0, reached: false,
    });
    expect(draft.target).toBe('48000.50');
    expect(yuanToFen(draft.target)).toBe(4_800_050);
  });
});

describe('admin forms', () => {
  test('expense: yuan → fen, receipts required, accepted by ExpenseRequest', () => {
    const r = buildExpense({ amount: '1200.5', payee: '某某建材店', purpose: '购买塑胶地垫', receiptPhotos: ['https://example.com/r1.jpg', ' '] });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.body).toEqual({ amount: 120050, payee: '某某建材店', purpose: '购买塑胶地垫', receiptPhotos: ['https://example.com/r1.jpg'] });
    expect(ExpenseRequest.safeParse(r.body).success).toBe(true);

    const bad = buildExpense({ amount: 'abc', payee: '', purpose: '买', receiptPhotos: [] });
    expect(bad.ok ? [] : Object.keys(bad.errors).sort()).toEqual(['amount', 'payee', 'purpose', 'receiptPhotos']);
  });

  test('reasons need two characters', () => {
    expect(checkReason(' 错 ', '冲正原因', 200)).toBe('请填写冲正原因（至少 2 个字）');
    expect(checkReason('金额录错', '冲正原因', 200)).toBeNull();
    expect(checkReason('x'.repeat(201), '冲正原因', 200)).toBe('冲正原因不能超过 200 个字');
  });
});
