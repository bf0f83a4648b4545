import { call, callAllPages } from '../support/http';

describe('GET /communities/{id}/buildings pages (limit ≤ 50, opaque cursor)', () => {
  it('chains pages without duplicates and ends with every building of the community', async () => {
    const byOne = await callAllPages('/communities/cm-xingfu/buildings', { limit: 1 });
    const whole = await call('GET', '/communities/cm-xingfu/buildings?limit=50');
    expect(whole.status).toBe(200);
    expect(byOne.pages).toBeGreaterThanOrEqual(4);
    const ids = byOne.items.map((b: { id: string }) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['bd-xingfu-1', 'bd-xingfu-2', 'bd-xingfu-3', 'bd-xingfu-4']));
    expect([...ids].sort()).toEqual(whole.body.items.map((b: { id: string }) => b.id).sort());
    expect(byOne.items.every((b: { communityId: string }) => b.communityId === 'cm-xingfu')).toBe(true);
    const first = await call('GET', '/communities/cm-xingfu/buildings?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
  });

  it('refuses a page over 50 and a forged cursor with 400 and the field; an unknown community is 404', async () => {
    const big = await call('GET', '/communities/cm-xingfu/buildings?limit=51');
    expect([big.status, big.body.error.fields[0]]).toEqual([400, { path: 'limit', message: '每页最多 50 条' }]);
    const forged = await call('GET', `/communities/cm-xingfu/buildings?cursor=${Buffer.from('[1,2]').toString('base64url')}`);
    expect([forged.status, forged.body.error.fields[0].path]).toEqual([400, 'cursor']);
    expect((await call('GET', '/communities/cm-nowhere/buildings')).status).toBe(404);
  });
});

describe('GET /communities pages (limit ≤ 50, opaque cursor)', () => {
  it('chains pages of one without duplicates and ends with every community', async () => {
    const first = await call('GET', '/communities?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
    const byOne = await callAllPages('/communities', { limit: 1, maxPages: 1000 });
    const ids = byOne.items.map((c: { id: string }) => c.id);
    expect(byOne.pages).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['cm-xingfu', 'cm-hexie']));
    expect(byOne.items.find((c: { id: string }) => c.id === 'cm-xingfu')).toMatchObject({ name: '幸福社区', streetName: '红星街道', gridCount: 2, buildingCount: 4 });
  });

  it('refuses a page over 50 and a forged cursor with 400 and the field', async () => {
    const big = await call('GET', '/communities?limit=51');
    expect([big.status, big.body.error.fields[0]]).toEqual([400, { path: 'limit', message: '每页最多 50 条' }]);
    const forged = await call('GET', `/communities?cursor=${Buffer.from('[1,2]').toString('base64url')}`);
    expect([forged.status, forged.body.error.fields[0].path]).toEqual([400, 'cursor']);
  });
});

describe('GET /communities/{communityId}', () => {
  it('answers one community publicly, with its street and counts', async () => {
    const res = await call('GET', '/communities/cm-hexie');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 'cm-hexie', name: '和谐社区', streetId: 'st-hongxing', streetName: '红星街道', address: expect.any(String), gridCount: 2, buildingCount: 4 });
  });

  it('answers 404 for an unknown community and 400 for an id that cannot be one', async () => {
    const unknown = await call('GET', '/communities/cm-nowhere');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body.error.message).toContain('社区');
    expect((await call('GET', `/communities/${'x'.repeat(100)}`)).status).toBe(400);
  });
});

describe('GET /stations/{id}/rooms pages (limit ≤ 50, opaque cursor)', () => {
  it('chains pages of one without duplicates and ends with every room of the station', async () => {
    const first = await call('GET', '/stations/sn-xingfu-centre/rooms?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(typeof first.body.nextCursor).toBe('string');
    const byOne = await callAllPages('/stations/sn-xingfu-centre/rooms', { limit: 1 });
    const whole = await call('GET', '/stations/sn-xingfu-centre/rooms?limit=50');
    const ids = byOne.items.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect([...ids].sort()).toEqual(whole.body.items.map((r: { id: string }) => r.id).sort());
    expect(whole.body.nextCursor).toBeUndefined();
    expect(byOne.items.every((r: { stationId: string }) => r.stationId === 'sn-xingfu-centre')).toBe(true);
  });

  it('refuses a page over 50 and a forged cursor with 400; an unknown station is 404', async () => {
    const big = await call('GET', '/stations/sn-xingfu-centre/rooms?limit=51');
    expect([big.status, big.body.error.fields[0]]).toEqual([400, { path: 'limit', message: '每页最多 50 条' }]);
    const forged = await call('GET', `/stations/sn-xingfu-centre/rooms?cursor=${Buffer.from('[1,2]').toString('base64url')}`);
    expect([forged.status, forged.body.error.fields[0].path]).toEqual([400, 'cursor']);
    expect((await call('GET', '/stations/sn-nowhere/rooms')).status).toBe(404);
  });
});
