import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  assertTransition,
  canTransition,
  closeOutcome,
  ledgerCsv,
  ledgerTotals,
  lineView,
  newLines,
  overTarget,
  pledgeFingerprint,
  pledgeValue,
  backerName,
  TRANSITIONS,
  yuan,
} from '../../functions/src/crowdfund/domain';
import { CROWDFUND_STATUSES, CrowdfundInput, PledgeRequest, type CrowdfundStatus } from '../../shared/src/api/crowdfund';

describe('crowdfund status machine', () => {
  const allowed: [CrowdfundStatus, CrowdfundStatus][] = [
    ['draft', 'submitted'],
    ['draft', 'cancelled'],
    ['submitted', 'open'],
    ['submitted', 'rejected'],
    ['submitted', 'cancelled'],
    ['open', 'funded'],
    ['open', 'failed'],
    ['open', 'cancelled'],
    ['funded', 'in_progress'],
    ['funded', 'cancelled'],
    ['in_progress', 'completed'],
  ];

  it('allows exactly the edges of the issue, nothing else', () => {
    const edges: string[] = [];
    for (const from of CROWDFUND_STATUSES) for (const to of CROWDFUND_STATUSES) if (canTransition(from, to)) edges.push(`${from}→${to}`);
    expect(edges.sort()).toEqual(allowed.map(([a, b]) => `${a}→${b}`).sort());
  });

  it.each([
    ['draft', 'open'],
    ['submitted', 'funded'],
    ['open', 'completed'],
    ['failed', 'open'],
    ['rejected', 'submitted'],
    ['completed', 'cancelled'],
    ['in_progress', 'cancelled'],
    ['cancelled', 'draft'],
  ] as [CrowdfundStatus, CrowdfundStatus][])('refuses %s → %s with 409 INVALID_STATUS and a Chinese message', (from, to) => {
    expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ status: 409, code: 'INVALID_STATUS', message: expect.stringMatching(/不能变为/) }));
  });

  it('only the closer moves an open crowdfund to funded or failed; admins review; organisers submit', () => {
    expect(canTransition('open', 'funded', 'admin')).toBe(false);
    expect(canTransition('open', 'funded', 'system')).toBe(true);
    expect(canTransition('submitted', 'open', 'organiser')).toBe(false);
    expect(canTransition('submitted', 'open', 'admin')).toBe(true);
    expect(canTransition('draft', 'submitted', 'organiser')).toBe(true);
  });

  it('terminal states have no way out', () => {
    for (const s of ['rejected', 'failed', 'completed', 'cancelled'] as const) expect(TRANSITIONS[s]).toEqual({});
  });

  it('is funded only when every required line reached its target; optional and ideas lines never decide', () => {
    const line = (required: boolean, target: number | undefined, pledged: number) => ({ required, target, pledged });
    expect(closeOutcome([line(true, 100, 100), line(true, 5, 7), line(false, 50, 0), line(false, undefined, 0)])).toBe('funded');
    expect(closeOutcome([line(true, 100, 99), line(true, 5, 5)])).toBe('failed');
    expect(closeOutcome([line(true, 100, 0), line(false, 50, 50)])).toBe('failed');
  });
});

describe('budget lines and pledges', () => {
  const lines = newLines('cf-1', [
    { kind: 'money', title: '资金', required: true, target: 10_000 },
    { kind: 'labour', title: '劳动', required: false, skill: '木工', target: 10 },
    { kind: 'materials', title: '地垫', required: true, item: '地垫', unit: '块', target: 30 },
    { kind: 'ideas', title: '建议', required: false },
  ]);

  it('numbers lines, starts totals at zero and keeps kind-specific fields', () => {
    expect(lines.map((l) => [l.id, l.kind, l.unit, l.pledged, l.required])).toEqual([
      ['ln-1', 'money', '分', 0, true],
      ['ln-2', 'labour', '小时', 0, false],
      ['ln-3', 'materials', '块', 0, true],
      ['ln-4', 'ideas', '条', 0, false],
    ]);
    expect(lines[1].skill).toBe('木工');
    expect(lines[2].item).toBe('地垫');
  });

  it('shows progress: remaining, percent (capped at 100) and reached', () => {
    expect(lineView({ ...lines[0], pledged: 2_550 })).toMatchObject({ remaining: 7_450, percent: 25, reached: false });
    expect(lineView({ ...lines[2], pledged: 30 })).toMatchObject({ remaining: 0, percent: 100, reached: true });
    const ideas = lineView({ ...lines[3], pledged: 2, pledgeCount: 2 });
    expect(ideas.remaining).toBeUndefined();
    expect(ideas.percent).toBeUndefined();
    expect(ideas.reached).toBe(false);
  });

  it('takes the value from the field the line kind needs and points at the missing or wrong field', () => {
    expect(pledgeValue(lines[0], { amount: 500 })).toBe(500);
    expect(pledgeValue(lines[1], { hours: 2.5 })).toBe(2.5);
    expect(pledgeValue(lines[2], { quantity: 3 })).toBe(3);
    expect(pledgeValue(lines[3], { text: '加装遮阳棚' })).toBe(1);
    expect(() => pledgeValue(lines[0], { hours: 2 })).toThrow(expect.objectContaining({ status: 400, fields: [{ path: 'hours', message: expect.any(String) }] }));
    expect(() => pledgeValue(lines[2], {})).toThrow(expect.objectContaining({ status: 400, fields: [{ path: 'quantity', message: '请填写认捐数量' }] }));
    expect(() => pledgeValue(lines[3], {})).toThrow(expect.objectContaining({ fields: [{ path: 'text', message: '请填写您的建议' }] }));
  });

  it('OVER_TARGET says what is still open, in the message and in details', () => {
    const err = overTarget(lines[2], 4, 10);
    expect(err).toMatchObject({ status: 409, code: 'OVER_TARGET', details: { lineId: 'ln-3', remaining: 4, unit: '块', target: 30 } });
    expect(err.message).toBe('超出目标：“地垫”还差 4 块，您填写的是 10 块');
    expect(overTarget(lines[0], 1234, 5000).message).toContain('还差 12.34 元');
    expect(overTarget(lines[2], 0, 1).message).toBe('“地垫”已筹满，无需再认捐');
  });

  it('fingerprints the content of a pledge, not its token', () => {
    const a = pledgeFingerprint('cf-1', { lineId: 'ln-1', amount: 100, anonymous: false });
    expect(pledgeFingerprint('cf-1', { lineId: 'ln-1', amount: 100, anonymous: false })).toBe(a);
    expect(pledgeFingerprint('cf-1', { lineId: 'ln-1', amount: 101, anonymous: false })).not.toBe(a);
    expect(pledgeFingerprint('cf-2', { lineId: 'ln-1', amount: 100, anonymous: false })).not.toBe(a);
    expect(pledgeFingerprint('cf-1', { lineId: 'ln-1', amount: 100, anonymous: true })).not.toBe(a);
  });

  it('shows anonymous backers as 匿名居民', () => {
    expect(backerName({ anonymous: true, pledgerName: '王秀兰' })).toBe('匿名居民');
    expect(backerName({ anonymous: false, pledgerName: '王秀兰' })).toBe('王秀兰');
  });
});

describe('request schemas', () => {
  it('reports field paths inside lines, in Chinese', () => {
    const res = CrowdfundInput.safeParse({
      communityId: 'cm-xingfu',
      title: '加装电梯',
      story: '老旧小区加装电梯，方便老人上下楼。',
      deadline: '2030-01-01T00:00:00+08:00',
      lines: [{ kind: 'money', title: '资金', target: -5 }, { kind: 'labour', title: '劳动', target: 1.25, skill: '搬运' }],
    });
    expect(res.success).toBe(false);
    const paths = res.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['lines.0.target', 'lines.1.target']));
  });

  it('money must be whole fen; the client token has a fixed shape', () => {
    expect(PledgeRequest.safeParse({ lineId: 'ln-1', amount: 10.5, clientToken: 'abcdefgh12' }).success).toBe(false);
    expect(PledgeRequest.safeParse({ lineId: 'ln-1', amount: 1050, clientToken: 'short' }).success).toBe(false);
    expect(PledgeRequest.safeParse({ lineId: 'ln-1', amount: 1050, clientToken: 'abcdefgh12' }).success).toBe(true);
  });
});

describe('ledger', () => {
  const entries = [
    { id: 'le-1', kind: 'income' as const, amount: 50_000, createdAt: '2026-11-20T10:00:00+08:00', recordedBy: '陈志强', backerName: '匿名居民' },
    { id: 'le-2', kind: 'expense' as const, amount: -12_345, createdAt: '2026-11-21T10:00:00+08:00', recordedBy: '陈志强', payee: '=HYPERLINK("x")', purpose: '采购滑梯, 含运费' },
    { id: 'le-3', kind: 'reversal' as const, amount: 12_345, createdAt: '2026-11-22T10:00:00+08:00', recordedBy: '陈志强', reverses: 'le-2', reason: '金额录错' },
  ];

  it('totals by kind and the balance are the sums of the signed amounts', () => {
    expect(ledgerTotals(entries)).toEqual({ income: 50_000, expense: 12_345, reversal: 12_345, balance: 50_000 });
  });

  it('formats fen as yuan exactly', () => {
    expect([yuan(0), yuan(5), yuan(12_345), yuan(-12_345), yuan(4_800_000)]).toEqual(['0.00', '0.05', '123.45', '-123.45', '48000.00']);
  });

  it('writes a CSV with a BOM, quoted commas, defused formulas and the totals', () => {
    const csv = ledgerCsv({ crowdfundId: 'cf-1', title: 't', entries, totals: ledgerTotals(entries) });
    expect(csv.startsWith('\uFEFF时间,类型,金额（元）')).toBe(true);
    expect(csv).toContain('"采购滑梯, 含运费"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('支出,-123.45');
    expect(csv).toContain('结余,,500.00');
  });

  it('no code path updates or deletes a ledger entry: storage writes LEDGER# items only with a conditional Put', () => {
    const src = readFileSync(resolve(__dirname, '../../functions/src/crowdfund/storage.ts'), 'utf8');
    const uses = src.split('\n').filter((l) => l.includes('keys.crowdfundLedgerEntry('));
    // One writer (ledgerPut: Put … attribute_not_exists) and one reader (GetCommand).
    expect(uses).toHaveLength(2);
    const writer = src.slice(src.indexOf('function ledgerPut'), src.indexOf('function totalsAdd'));
    expect(writer).toContain('Put:');
    expect(writer).toContain("attribute_not_exists(pk)");
    expect(writer).not.toMatch(/Update|Delete/);
    expect(src).not.toMatch(/DeleteCommand|BatchWriteCommand|UpdateCommand/);
    expect(src.match(/getLedgerEntry[\s\S]*?GetCommand/)).not.toBeNull();
  });
});
