import { call, callAllPages } from '../support/http';

describe('API conventions over HTTP', () => {
  it('answers an unknown path with 404 in our error format', async () => {
    const res = await call('GET', '/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } });
  });

  it('answers a body that is not JSON with 400, never 500', async () => {
    const res = await call('POST', '/auth/dev-login', { rawBody: '{"openid": ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_JSON');
  });

  it('serves the OpenAPI document generated from the shared schemas', async () => {
    const res = await call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/dev-login', '/me', '/communities']));
  });

  it('lists communities publicly, with their street and counts', async () => {
    const res = await call('GET', '/communities');
    expect(res.status).toBe(200);
    // Other suites add communities: the demo ones may sit on a later page.
    expect((await callAllPages('/communities')).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'cm-xingfu', name: '幸福社区', streetName: '红星街道', gridCount: 2, buildingCount: 4 })]),
    );
  });

  it('lists the buildings of a community (for choosing where one lives), and 404 for an unknown community', async () => {
    const res = await call('GET', '/communities/cm-xingfu/buildings');
    expect(res.status).toBe(200);
    expect(res.body.items.map((b: any) => b.id).sort()).toEqual(['bd-xingfu-1', 'bd-xingfu-2', 'bd-xingfu-3', 'bd-xingfu-4']);
    expect(res.body.items.find((b: any) => b.id === 'bd-xingfu-1')).toEqual({ id: 'bd-xingfu-1', communityId: 'cm-xingfu', gridId: 'gd-xingfu-1', estate: '幸福家园', name: '1 栋' });
    const unknown = await call('GET', '/communities/cm-nowhere/buildings');
    expect(unknown.status).toBe(404);
  });

  it('answers JSON with a UTF-8 content type and allows the H5 origin (CORS)', async () => {
    const res = await fetch(`${process.env.RS_API_URL}/communities`, { headers: { origin: 'http://127.0.0.1:10086' } });
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
