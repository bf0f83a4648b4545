import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as cf from '../../functions/src/crowdfund/domain';
import { ddb, tableName } from '../../functions/src/lib/dynamo';
import { keys } from '../../functions/src/lib/keys';
import type { Principal } from '../../functions/src/lib/authorize';
import type { Roles } from '../../shared/src/roles';
import { useStackTable } from '../support/ddb';
import { createUpload } from '../../functions/src/uploads/tickets';
import { pngBytes, postToBucket } from '../support/uploads';

beforeAll(useStackTable);

const base: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };
const who = (id: string, nickname: string, roles: Partial<Roles> = {}): Principal => {
  const full = { ...base, ...roles };
  return { userId: id, roles: full, user: { id, nickname, roles: full, createdAt: '2026-11-23T00:00:00+08:00' } };
};
const run = `${Date.now().toString(36)}`;
const organiser = who(`u-it-org-${run}`, '发起人');
const admin = who(`u-it-admin-${run}`, '管理员', { adminCommunityIds: ['cm-xingfu'] });
const alice = who(`u-it-alice-${run}`, '阿丽');
const bob = who(`u-it-bob-${run}`, '阿波');
const HOUR = 3600_000;

/** A receipt photo `p` uploaded (ticket, then the form POST to the stack's S3): its key. */
async function receiptOf(p: Principal): Promise<string> {
  const image = pngBytes();
  const ticket = await createUpload(p, { purpose: 'receipt', contentType: 'image/png', bytes: image.length });
  await postToBucket(ticket, image, 'image/png');
  return ticket.key;
}

async function openCrowdfund(lines: Parameters<typeof cf.createCrowdfund>[0]['lines'], deadlineInHours = 1, estates: string[] = []) {
  const created = await cf.createCrowdfund(
    {
      communityId: 'cm-xingfu',
      estates,
      buildingIds: [],
      title: `集成测试众筹 ${run}`,
      story: '用于集成测试的众筹项目，检查规则在 DynamoDB Local 上成立。',
      photos: [],
      deadline: new Date(Date.now() + deadlineInHours * HOUR).toISOString(),
      lines,
    },
    organiser,
  );
  await cf.submitCrowdfund(created.id, organiser);
  return cf.approveCrowdfund(created.id, undefined, admin);
}

const raw = async (key: { pk: string; sk: string }) => (await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
const partition = async (id: string, prefix: string) =>
  (
    await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': keys.crowdfund(id).pk, ':p': prefix },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('pledges to a crowdfund limited to some estates 小区', () => {
  const living = (id: string, estate: string, communityId = 'cm-xingfu'): Principal => {
    const p = who(`${id}-${run}`, '居民');
    return { ...p, user: { ...p.user, home: { buildingId: 'bd-x', buildingName: '1 栋', estate, communityId, communityName: '幸福社区', setAt: '2026-11-23T00:00:00+08:00' } } };
  };

  it('take pledges only from residents of those estates: anyone else gets 403 in Chinese and nothing is written', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }], 24 * 30, ['幸福家园']);
    const body = (token: string) => ({ lineId: 'ln-1', amount: 1_000, anonymous: false, clientToken: `tok-estate-${token}-${run}` });
    await expect(cf.createPledge(c.id, body('a'), living('u-it-est-a', '幸福家园'))).resolves.toMatchObject({ replayed: false });
    await expect(cf.createPledge(c.id, body('b'), living('u-it-est-b', '阳光花园'))).rejects.toMatchObject({ status: 403, code: 'NOT_IN_ESTATES', message: '该众筹仅限 幸福家园 的居民认捐，你家不在其中' });
    await expect(cf.createPledge(c.id, body('c'), living('u-it-est-c', '幸福家园', 'cm-hexie'))).rejects.toMatchObject({ status: 403, code: 'NOT_IN_ESTATES' });
    await expect(cf.createPledge(c.id, body('d'), who(`u-it-est-d-${run}`, '无家'))).rejects.toMatchObject({ status: 403, code: 'HOME_REQUIRED', message: '该众筹仅限 幸福家园 的居民认捐，请先在“我的”中设置我家' });
    expect(await partition(c.id, 'PLEDGE#')).toHaveLength(1);
  });
});

describe('pledges: clientToken idempotency', () => {
  it('the same clientToken twice gives one pledge; twenty at once too', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }], 24 * 30);
    const body = { lineId: 'ln-1', amount: 5_000, anonymous: false, clientToken: `tok-seq-${run}` };
    const first = await cf.createPledge(c.id, body, alice);
    const second = await cf.createPledge(c.id, body, alice);
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ pledge: first.pledge, replayed: true });

    const raced = { ...body, amount: 700, clientToken: `tok-race-${run}` };
    const results = await Promise.all(Array.from({ length: 20 }, () => cf.createPledge(c.id, raced, bob)));
    expect(new Set(results.map((r) => r.pledge.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);

    const pledges = await partition(c.id, 'PLEDGE#');
    expect(pledges).toHaveLength(2);
    const line = await raw(keys.crowdfundLine(c.id, 'ln-1'));
    expect([line?.pledged, line?.pledgeCount]).toEqual([5_700, 2]);
  });

  it('a clientToken reused for a different pledge is refused, not turned into a second pledge', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 1_000_000 }], 24 * 30);
    await cf.createPledge(c.id, { lineId: 'ln-1', amount: 100, anonymous: false, clientToken: `tok-reuse-${run}` }, alice);
    await expect(cf.createPledge(c.id, { lineId: 'ln-1', amount: 200, anonymous: false, clientToken: `tok-reuse-${run}` }, alice)).rejects.toMatchObject({
      status: 409,
      code: 'CLIENT_TOKEN_REUSED',
    });
    expect(await partition(c.id, 'PLEDGE#')).toHaveLength(1);
  });

  it('keeps a capped line within its target and its total equal to the live pledges, through withdrawals', async () => {
    const c = await openCrowdfund([{ kind: 'materials', title: '地垫', item: '地垫', unit: '块', required: true, target: 10 }], 24 * 30);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => cf.createPledge(c.id, { lineId: 'ln-1', quantity: 1 + (i % 3), anonymous: false, clientToken: `tok-cap-${run}-${i}` }, i % 2 ? alice : bob)),
    );
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<Awaited<ReturnType<typeof cf.createPledge>>>).value.pledge);
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as { code: string }).code).toBe('OVER_TARGET');
    const sum = accepted.reduce((s, p) => s + p.value, 0);
    expect(sum).toBeLessThanOrEqual(10);
    expect((await raw(keys.crowdfundLine(c.id, 'ln-1')))?.pledged).toBe(sum);

    const mine = accepted.find((p) => (p as { id: string }).id && alice.userId)!;
    const owner = (await raw(keys.crowdfundPledge(c.id, mine.id)))!.pledgerId === alice.userId ? alice : bob;
    await expect(cf.withdrawPledge(mine.id, owner === alice ? bob : alice)).rejects.toMatchObject({ status: 403 });
    await cf.withdrawPledge(mine.id, owner);
    await expect(cf.withdrawPledge(mine.id, owner)).rejects.toMatchObject({ status: 409, code: 'PLEDGE_NOT_WITHDRAWABLE' });
    expect((await raw(keys.crowdfundLine(c.id, 'ln-1')))?.pledged).toBe(sum - mine.value);
  });
});

describe('the ledger is append-only', () => {
  it('income from a fulfilled money pledge, an expense, a reversal; the original entry never changes', async () => {
    const c = await openCrowdfund(
      [
        { kind: 'money', title: '资金', required: true, target: 10_000 },
        { kind: 'labour', title: '劳动', required: false, skill: '搬运', target: 10 },
      ],
      24 * 30,
    );
    const money = (await cf.createPledge(c.id, { lineId: 'ln-1', amount: 10_000, anonymous: true, clientToken: `tok-led-${run}` }, alice)).pledge;
    const hours = (await cf.createPledge(c.id, { lineId: 'ln-2', hours: 2.5, anonymous: false, clientToken: `tok-led2-${run}` }, bob)).pledge;
    await expect(cf.fulfilPledge(money.id, { method: 'wechat_pay' }, bob)).rejects.toMatchObject({ status: 403 });
    const fulfilled = await cf.fulfilPledge(money.id, { method: 'wechat_pay', reference: '4200001234' }, admin);
    expect(fulfilled).toMatchObject({ status: 'fulfilled', payment: { method: 'wechat_pay', reference: '4200001234' } });
    await cf.fulfilPledge(hours.id, { method: 'cash' }, admin);
    await expect(cf.fulfilPledge(money.id, { method: 'cash' }, admin)).rejects.toMatchObject({ code: 'PLEDGE_NOT_FULFILLABLE' });

    let ledger = await cf.getLedger(c.id, { limit: 50 });
    expect(ledger.entries.map((e) => [e.kind, e.amount, e.backerName])).toEqual([['income', 10_000, '匿名居民']]);

    // Expenses wait until the crowdfund is funded (moved here by hand: the closer's job).
    await expect(cf.recordExpense(c.id, { amount: 100, payee: '五金店', purpose: '购买工具', receiptPhotos: ['https://example.com/r.jpg'] }, admin)).rejects.toMatchObject({ code: 'NOT_SPENDABLE' });
    const report = await cf.closeDueCrowdfunds(new Date(Date.parse(c.deadline) + 60_000));
    expect(report.closed).toContainEqual({ id: c.id, outcome: 'funded' });

    await expect(cf.recordExpense(c.id, { amount: 10_001, payee: '五金店', purpose: '购买工具', receiptPhotos: [await receiptOf(admin)] }, admin)).rejects.toMatchObject({
      status: 422,
      code: 'INSUFFICIENT_BALANCE',
    });
    await expect(cf.recordExpense(c.id, { amount: 100, payee: '五金店', purpose: '购买工具', receiptPhotos: ['https://example.com/r.jpg'] }, alice)).rejects.toMatchObject({ status: 403 });
    const expense = await cf.recordExpense(c.id, { amount: 3_000, payee: '五金店', purpose: '购买工具', receiptPhotos: [await receiptOf(admin)] }, admin);
    const before = await raw(keys.crowdfundLedgerEntry(c.id, expense.id));

    const reversal = await cf.reverseLedgerEntry(c.id, expense.id, '金额录错', admin);
    expect(reversal).toMatchObject({ kind: 'reversal', amount: 3_000, reverses: expense.id });
    expect(await raw(keys.crowdfundLedgerEntry(c.id, expense.id))).toEqual(before);
    await expect(cf.reverseLedgerEntry(c.id, expense.id, '再冲一次', admin)).rejects.toMatchObject({ status: 409, code: 'ALREADY_REVERSED' });
    await expect(cf.reverseLedgerEntry(c.id, reversal.id, '冲正的冲正', admin)).rejects.toMatchObject({ status: 422, code: 'CANNOT_REVERSE_REVERSAL' });

    ledger = await cf.getLedger(c.id, { limit: 50 });
    expect(ledger.entries.map((e) => e.kind)).toEqual(['income', 'expense', 'reversal']);
    expect(ledger.entries[1].reversedBy).toBe(reversal.id);
    expect(ledger.totals).toEqual({ income: 10_000, expense: 3_000, reversal: 3_000, balance: 10_000 });
    const totals = await raw(keys.crowdfundLedgerTotals(c.id));
    expect(totals?.balance).toBe(ledger.totals.balance);
    expect(cf.ledgerCsv(ledger)).toContain('冲正,30.00');
  });
});

describe('the deadline closer', () => {
  it('closes each crowdfund exactly once, releases every pledge of a failed one in the same pass, and changes nothing when run again', async () => {
    const failing = await openCrowdfund([
      { kind: 'money', title: '资金', required: true, target: 100_000 },
      { kind: 'materials', title: '地垫', item: '地垫', unit: '块', required: true, target: 5 },
    ]);
    const funded = await openCrowdfund([
      { kind: 'materials', title: '地垫', item: '地垫', unit: '块', required: true, target: 2 },
      { kind: 'labour', title: '劳动', required: false, skill: '搬运', target: 10 },
    ]);
    const paid = (await cf.createPledge(failing.id, { lineId: 'ln-1', amount: 20_000, anonymous: false, clientToken: `tok-cl1-${run}` }, alice)).pledge;
    await cf.fulfilPledge(paid.id, { method: 'cash' }, admin);
    await cf.createPledge(failing.id, { lineId: 'ln-2', quantity: 5, anonymous: true, clientToken: `tok-cl2-${run}` }, bob);
    await cf.createPledge(failing.id, { lineId: 'ln-1', amount: 1_000, anonymous: false, clientToken: `tok-cl3-${run}` }, bob);
    await cf.createPledge(funded.id, { lineId: 'ln-1', quantity: 2, anonymous: false, clientToken: `tok-cl4-${run}` }, alice);

    // Before the deadline: nothing to do for these two.
    const early = await cf.closeDueCrowdfunds(new Date());
    expect(early.closed.map((c) => c.id)).not.toEqual(expect.arrayContaining([failing.id]));

    const after = new Date(Date.now() + 2 * HOUR);
    // Two closers at once, then a third later: each crowdfund is closed by exactly one of them.
    const [a, b] = await Promise.all([cf.closeDueCrowdfunds(after, 'run-a'), cf.closeDueCrowdfunds(after, 'run-b')]);
    const again = await cf.closeDueCrowdfunds(after, 'run-c');
    const mine = (r: cf.CloseReport) => r.closed.filter((c) => c.id === failing.id || c.id === funded.id);
    expect([...mine(a), ...mine(b)].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: failing.id, outcome: 'failed' },
        { id: funded.id, outcome: 'funded' },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(mine(again)).toEqual([]);

    expect(await partition(failing.id, 'CLOSE')).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(await partition(funded.id, 'CLOSE')).toEqual([expect.objectContaining({ outcome: 'funded' })]);

    const failed = await cf.getCrowdfundDetail(failing.id);
    expect(failed.status).toBe('failed');
    expect(failed.backers).toEqual([]);
    expect(failed.lines.map((l) => [l.pledged, l.fulfilled, l.pledgeCount])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const pledges = await partition(failing.id, 'PLEDGE#');
    expect(pledges.map((p) => p.status)).toEqual(['released', 'released', 'released']);
    const meta = await raw(keys.crowdfund(failing.id));
    expect(meta?.releasePending).toBeUndefined();
    expect(meta?.gsi2pk).toBe('CROWDFUNDS#FAILED');
    expect(await raw(keys.crowdfundReleasing(failing.id))).toBeUndefined();

    // The money already received is given back through a reversal of its income entry.
    const ledger = await cf.getLedger(failing.id, { limit: 50 });
    expect(ledger.entries.map((e) => [e.kind, e.amount])).toEqual([
      ['income', 20_000],
      ['reversal', -20_000],
    ]);
    expect(ledger.totals.balance).toBe(0);

    const ok = await cf.getCrowdfundDetail(funded.id);
    expect(ok.status).toBe('funded');
    expect(ok.backers.map((x) => x.status)).toEqual(['pledged']);

    // Closed means closed: no pledges and no withdrawals any more.
    await expect(cf.createPledge(funded.id, { lineId: 'ln-2', hours: 1, anonymous: false, clientToken: `tok-cl5-${run}` }, bob)).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('an admin’s cancellation only queues the release; the closer releases the pledges', async () => {
    const c = await openCrowdfund([{ kind: 'money', title: '资金', required: true, target: 100_000 }], 24 * 30);
    await cf.createPledge(c.id, { lineId: 'ln-1', amount: 100, anonymous: false, clientToken: `tok-rs1-${run}` }, alice);
    await cf.createPledge(c.id, { lineId: 'ln-1', amount: 200, anonymous: false, clientToken: `tok-rs2-${run}` }, bob);
    const cancelled = await cf.cancelCrowdfund(c.id, '测试取消', admin);
    expect(cancelled.status).toBe('cancelled');
    // Nothing released inside the request: the crowdfund is on the closer's release list.
    expect((await partition(c.id, 'PLEDGE#')).map((p) => p.status)).toEqual(['pledged', 'pledged']);
    expect(await raw(keys.crowdfundReleasing(c.id))).toBeDefined();

    const report = await cf.closeDueCrowdfunds(new Date());
    expect(report.released).toBeGreaterThanOrEqual(2);
    expect((await partition(c.id, 'PLEDGE#')).map((p) => p.status)).toEqual(['released', 'released']);
    expect((await raw(keys.crowdfundLine(c.id, 'ln-1')))?.pledged).toBe(0);
    expect((await raw(keys.crowdfund(c.id)))?.releasePending).toBeUndefined();
    expect(await raw(keys.crowdfundReleasing(c.id))).toBeUndefined();
  });
});

describe('the demo crowdfund', () => {
  it('is open in 幸福社区 with a money line, a capped materials line and a labour line', async () => {
    const demo = await cf.getCrowdfundDetail('cf-xingfu-playground');
    expect(demo).toMatchObject({ status: 'open', communityId: 'cm-xingfu', organiser: { name: '张丽' } });
    expect(demo.lines.map((l) => l.kind)).toEqual(['money', 'materials', 'labour', 'ideas']);
    expect(demo.lines[1].target).toBe(120);
    expect(Date.parse(demo.deadline)).toBeGreaterThan(Date.now() + 7 * 24 * HOUR);
    // The seed's two backers (one anonymous); browser tests in the same run may add more.
    expect(demo.backers.map((b) => b.name)).toEqual(expect.arrayContaining(['匿名居民', '李建国']));
  });
});
