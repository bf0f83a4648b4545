import { call, devLogin } from '../support/http';

const run = Date.now().toString(36);
const DAY = 24 * 3600_000;
let admin: string;
let staff: string;
let organiser: string;
let resident: string;

beforeAll(async () => {
  [admin, staff, organiser, resident] = await Promise.all([devLogin('demo-admin'), devLogin('demo-staff'), devLogin(`cf-org-${run}`), devLogin(`cf-res-${run}`)]);
});

const draftBody = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
  communityId: 'cm-xingfu',
  title: `加装电梯 ${run}`,
  story: '幸福家园 2 栋加装电梯，方便老人上下楼，欢迎出钱出力。',
  deadline: new Date(Date.now() + 30 * DAY).toISOString(),
  lines,
  ...extra,
});

/** Creates, submits and approves a crowdfund over HTTP; returns its id. */
async function openOne(lines: unknown[]): Promise<string> {
  const created = await call('POST', '/crowdfunds', { token: organiser, body: draftBody(lines) });
  expect(created.status).toBe(201);
  expect((await call('POST', `/crowdfunds/${created.body.id}/submit`, { token: organiser })).status).toBe(200);
  const approved = await call('POST', `/crowdfunds/${created.body.id}/approve`, { token: admin, body: { note: '同意' } });
  expect([approved.status, approved.body.status]).toEqual([200, 'open']);
  return created.body.id;
}

describe('crowdfunds over HTTP: the organiser’s draft and the admin’s review', () => {
  it('draft → submitted → open; only the organiser edits, only admins of the community review', async () => {
    const created = await call('POST', '/crowdfunds', { token: organiser, body: draftBody([{ kind: 'money', title: '资金', target: 100_000 }]) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', lines: [{ id: 'ln-1', kind: 'money', required: true, target: 100_000, pledged: 0, percent: 0 }] });
    const id = created.body.id;

    // Not public while a draft.
    expect((await call('GET', `/crowdfunds/${id}`)).status).toBe(404);
    expect((await call('GET', `/crowdfunds/${id}`, { token: organiser })).status).toBe(200);

    const edit = draftBody([{ kind: 'money', title: '资金', target: 200_000 }, { kind: 'ideas', title: '建议' }], { title: `加装电梯（修改）${run}` });
    expect((await call('PUT', `/crowdfunds/${id}`, { token: resident, body: edit })).status).toBe(403);
    expect((await call('PUT', `/crowdfunds/${id}`, { token: admin, body: edit })).status).toBe(403);
    const edited = await call('PUT', `/crowdfunds/${id}`, { token: organiser, body: edit });
    expect([edited.status, edited.body.lines.length, edited.body.lines[0].target]).toEqual([200, 2, 200_000]);

    expect((await call('POST', `/crowdfunds/${id}/submit`, { token: resident })).status).toBe(403);
    expect((await call('POST', `/crowdfunds/${id}/approve`, { token: admin, body: {} })).body.error.code).toBe('INVALID_STATUS');
    const submitted = await call('POST', `/crowdfunds/${id}/submit`, { token: organiser });
    expect(submitted.body.status).toBe('submitted');
    expect((await call('PUT', `/crowdfunds/${id}`, { token: organiser, body: edit })).body.error.code).toBe('NOT_DRAFT');

    expect((await call('POST', `/crowdfunds/${id}/approve`, { token: organiser, body: {} })).status).toBe(403);
    expect((await call('POST', `/crowdfunds/${id}/approve`, { token: staff, body: {} })).status).toBe(403);
    expect((await call('POST', `/crowdfunds/${id}/reject`, { token: resident, body: { note: '不同意' } })).status).toBe(403);
    const queue = await call('GET', '/crowdfunds?communityId=cm-xingfu&status=submitted', { token: admin });
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await call('GET', '/crowdfunds?communityId=cm-xingfu&status=submitted')).body.items).toEqual([]);

    const open = await call('POST', `/crowdfunds/${id}/approve`, { token: admin, body: { note: '材料齐全' } });
    expect(open.body).toMatchObject({ status: 'open', reviewNote: '材料齐全' });
    expect((await call('POST', `/crowdfunds/${id}/approve`, { token: admin, body: {} })).body.error.code).toBe('INVALID_STATUS');
    const list = await call('GET', '/crowdfunds?communityId=cm-xingfu&status=open');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([id, 'cf-xingfu-playground']));
  });

  it('rejects with a note; a rejected proposal cannot be opened', async () => {
    const created = await call('POST', '/crowdfunds', { token: organiser, body: draftBody([{ kind: 'money', title: '资金', target: 100 }]) });
    await call('POST', `/crowdfunds/${created.body.id}/submit`, { token: organiser });
    expect((await call('POST', `/crowdfunds/${created.body.id}/reject`, { token: admin, body: {} })).body.error.fields[0].path).toBe('note');
    const rejected = await call('POST', `/crowdfunds/${created.body.id}/reject`, { token: admin, body: { note: '预算不清楚' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: '预算不清楚' });
    expect((await call('POST', `/crowdfunds/${created.body.id}/approve`, { token: admin, body: {} })).status).toBe(409);
  });

  it('answers bad input with 400 and the field paths, in Chinese', async () => {
    const res = await call('POST', '/crowdfunds', {
      token: organiser,
      body: draftBody([{ kind: 'money', title: '资金', target: 12.5 }, { kind: 'materials', title: '地垫', target: 3 }], { deadline: '明天' }),
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['deadline', 'lines.0.target', 'lines.1.item', 'lines.1.unit']));
    for (const f of res.body.error.fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await call('POST', '/crowdfunds', { body: draftBody([]) })).status).toBe(401);
  });
});

describe('pledges over HTTP', () => {
  it('201, the same clientToken returns the same pledge, OVER_TARGET says what is open, anonymous backers, withdraw, fulfil, ledger and CSV', async () => {
    const id = await openOne([
      { kind: 'money', title: '电梯资金', target: 50_000 },
      { kind: 'materials', title: '地垫', item: '地垫', unit: '块', target: 10 },
      { kind: 'labour', title: '安装', skill: '电工', target: 20, required: false },
    ]);
    const body = { lineId: 'ln-1', amount: 20_000, anonymous: true, clientToken: `http-${run}-1` };
    const first = await call('POST', `/crowdfunds/${id}/pledges`, { token: resident, body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pledged', amount: 20_000, anonymous: true });
    const again = await call('POST', `/crowdfunds/${id}/pledges`, { token: resident, body });
    expect([again.status, again.body.id]).toEqual([201, first.body.id]);

    const wrongField = await call('POST', `/crowdfunds/${id}/pledges`, { token: resident, body: { lineId: 'ln-2', amount: 3, clientToken: `http-${run}-2` } });
    expect([wrongField.status, wrongField.body.error.fields.map((f: { path: string }) => f.path)]).toEqual([400, ['amount']]);
    const tooMany = await call('POST', `/crowdfunds/${id}/pledges`, { token: resident, body: { lineId: 'ln-2', quantity: 11, clientToken: `http-${run}-3` } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'OVER_TARGET', details: { lineId: 'ln-2', remaining: 10, unit: '块' } });
    expect(tooMany.body.error.message).toContain('还差 10 块');
    const mats = await call('POST', `/crowdfunds/${id}/pledges`, { token: organiser, body: { lineId: 'ln-2', quantity: 4, clientToken: `http-${run}-4` } });
    expect(mats.status).toBe(201);

    const pub = await call('GET', `/crowdfunds/${id}`);
    expect(pub.body.lines.map((l: { pledged: number }) => l.pledged)).toEqual([20_000, 4, 0]);
    expect(pub.body.backers.map((b: { name: string }) => b.name).sort()).toEqual(['匿名居民', '微信用户' + `cf-org-${run}`.slice(-4)].sort());
    expect(JSON.stringify(pub.body)).not.toContain('pledgerName');
    const asAdmin = await call('GET', `/crowdfunds/${id}`, { token: admin });
    expect(asAdmin.body.backers.find((b: { name: string }) => b.name === '匿名居民').pledgerName).toBe(`微信用户${`cf-res-${run}`.slice(-4)}`);

    const mine = await call('GET', '/pledges/mine', { token: resident });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(first.body.id);

    expect((await call('POST', `/pledges/${mats.body.id}/withdraw`, { token: resident })).status).toBe(403);
    const withdrawn = await call('POST', `/pledges/${mats.body.id}/withdraw`, { token: organiser });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await call('GET', `/crowdfunds/${id}`)).body.lines[1]).toMatchObject({ pledged: 0, remaining: 10 });

    expect((await call('POST', `/pledges/${first.body.id}/fulfil`, { token: staff, body: {} })).status).toBe(403);
    expect((await call('POST', `/pledges/${first.body.id}/fulfil`, { token: resident, body: {} })).status).toBe(403);
    const fulfilled = await call('POST', `/pledges/${first.body.id}/fulfil`, { token: admin, body: { method: 'bank_transfer', reference: 'NO.778899' } });
    expect(fulfilled.body).toMatchObject({ status: 'fulfilled', payment: { method: 'bank_transfer', reference: 'NO.778899' } });

    const ledger = await call('GET', `/crowdfunds/${id}/ledger`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.entries).toEqual([expect.objectContaining({ kind: 'income', amount: 20_000, backerName: '匿名居民', pledgeId: first.body.id })]);
    expect(ledger.body.totals).toEqual({ income: 20_000, expense: 0, reversal: 0, balance: 20_000 });
    const income = ledger.body.entries[0].id;
    expect((await call('POST', `/crowdfunds/${id}/ledger/${income}/reverse`, { token: resident, body: { reason: '录错了' } })).status).toBe(403);
    expect((await call('POST', `/crowdfunds/${id}/ledger/expenses`, { token: staff, body: { amount: 100, payee: '店', purpose: '采购', receiptPhotos: ['https://e.com/1.jpg'] } })).status).toBe(403);
    const noReceipt = await call('POST', `/crowdfunds/${id}/ledger/expenses`, { token: admin, body: { amount: 100, payee: '店', purpose: '采购', receiptPhotos: [] } });
    expect([noReceipt.status, noReceipt.body.error.fields[0].path]).toEqual([400, 'receiptPhotos']);

    const csv = await fetch(`${process.env.RS_API_URL}/crowdfunds/${id}/ledger.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('收入,200.00,匿名居民');
    expect(text).toContain('结余,,200.00');
    // The voucher number is the payer's banking detail: never in the public ledger or its CSV (#13 item 19).
    expect(JSON.stringify(ledger.body)).not.toContain('NO.778899');
    expect(ledger.body.entries[0].payment).toEqual({ method: 'bank_transfer' });
    expect(text).not.toContain('NO.778899');
    const adminLedger = await call('GET', `/crowdfunds/${id}/ledger`, { token: admin });
    expect(adminLedger.body.entries[0].payment).toEqual({ method: 'bank_transfer', reference: 'NO.778899' });
  });

  it('GET /crowdfunds/{id}/backers pages the backers (newest first); lists refuse a page over 50', async () => {
    const id = await openOne([{ kind: 'money', title: '资金', target: 1_000_000 }]);
    const backers = await Promise.all(Array.from({ length: 3 }, (_, i) => devLogin(`cf-bk-${run}-${i}`)));
    for (let i = 0; i < 3; i++) {
      const r = await call('POST', `/crowdfunds/${id}/pledges`, { token: backers[i], body: { lineId: 'ln-1', amount: 100 + i, anonymous: i === 1, clientToken: `bk-${run}-${i}` } });
      expect(r.status).toBe(201);
    }
    const detail = await call('GET', `/crowdfunds/${id}`);
    expect([detail.body.backerCount, detail.body.backers.length]).toEqual([3, 3]);
    const first = await call('GET', `/crowdfunds/${id}/backers?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((b: { value: number }) => b.value)).toEqual([102, 101]);
    expect(first.body.items[1].name).toBe('匿名居民');
    expect(JSON.stringify(first.body)).not.toContain('pledgerName');
    const second = await call('GET', `/crowdfunds/${id}/backers?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((b: { value: number }) => b.value)).toEqual([100]);
    expect(second.body.nextCursor).toBeUndefined();
    for (const path of [`/crowdfunds/${id}/backers?limit=51`, '/crowdfunds?limit=51', `/crowdfunds/${id}/ledger?limit=51`, `/crowdfunds/${id}/backers?cursor=%%%`]) {
      expect((await call('GET', path)).status).toBe(400);
    }
    expect((await call('GET', '/pledges/mine?limit=51', { token: backers[0] })).status).toBe(400);
    expect((await call('GET', `/crowdfunds/cf-nope-${run}/backers`)).status).toBe(404);
  });
});

describe('the 200-way race on a capped line', () => {
  it('never takes the line past its target; its total equals the sum of the accepted pledges', async () => {
    const TARGET = 150;
    const id = await openOne([{ kind: 'materials', title: '地砖', item: '地砖', unit: '块', target: TARGET }]);
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => devLogin(`cf-racer-${run}-${i}`)));
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const quantity = 1 + (i % 3);
        const res = await call('POST', `/crowdfunds/${id}/pledges`, { token: tokens[i % 10], body: { lineId: 'ln-1', quantity, clientToken: `race-${run}-${i}` } });
        return { status: res.status, code: res.body?.error?.code, quantity };
      }),
    );
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    for (const r of refused) expect([r.status, r.code]).toEqual([409, 'OVER_TARGET']);
    const sum = accepted.reduce((s, r) => s + r.quantity, 0);
    const line = (await call('GET', `/crowdfunds/${id}`)).body.lines[0];
    expect(line.pledged).toBeLessThanOrEqual(TARGET);
    expect(line.pledged).toBe(sum);
    expect(line.pledgeCount).toBe(accepted.length);
    expect(TARGET - line.pledged).toBeLessThan(3); // refusals happen only once (almost) full
    expect(refused.length).toBeGreaterThan(0);
  }, 60_000);
});
