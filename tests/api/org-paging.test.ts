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
