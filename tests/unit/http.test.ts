import { orgRoutes } from '../../shared/src/api/org';
import { venueRoutes } from '../../shared/src/api/venues';
import { routesOf } from '../../functions/src/lib/http';
import { devLoginHandler } from '../../functions/src/auth/handlers';
import { reloadConfig } from '../../functions/src/lib/config';
import { logger } from '../../functions/src/lib/logger';
import { httpEvent, lambdaContext } from '../support/lambda';

const httpRoute = routesOf(orgRoutes);
const parse = (res: { body?: string }) => JSON.parse(res.body ?? '{}');

beforeEach(() => {
  process.env.STAGE = 'local';
  reloadConfig();
});

describe('the HTTP wrapper', () => {
  it('answers invalid input with 400, a Chinese message and the field path', async () => {
    const res = await devLoginHandler(httpEvent({ method: 'POST', body: JSON.stringify({ openid: '' }) }), lambdaContext());
    expect(res.statusCode).toBe(400);
    const body = parse(res);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields).toEqual([{ path: 'openid', message: '请填写 openid' }]);
    expect(body.error.message).toBe('openid：请填写 openid');
  });

  it('uses Chinese messages for zod defaults too (wrong type)', async () => {
    const res = await devLoginHandler(httpEvent({ method: 'POST', body: JSON.stringify({ openid: 42 }) }), lambdaContext());
    expect(res.statusCode).toBe(400);
    const body = parse(res);
    expect(body.error.fields[0].path).toBe('openid');
    expect(body.error.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers a body that is not JSON with 400 BAD_JSON', async () => {
    const res = await devLoginHandler(httpEvent({ method: 'POST', body: '{"openid":' }), lambdaContext());
    expect(res.statusCode).toBe(400);
    expect(parse(res).error).toEqual({ code: 'BAD_JSON', message: '请求内容不是有效的 JSON' });
  });

  it('hides dev login on every stage but local (404)', async () => {
    process.env.STAGE = 'prod';
    process.env.JWT_SECRET = 'prod-secret-for-this-test-0123456789abcdef';
    reloadConfig();
    try {
      const res = await devLoginHandler(httpEvent({ method: 'POST', body: JSON.stringify({ openid: 'demo-admin' }) }), lambdaContext());
      expect(res.statusCode).toBe(404);
      expect(parse(res).error.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      delete process.env.JWT_SECRET;
    }
  });

  it('turns an unexpected error into a 500 with a generic message and the request id, and logs the stack', async () => {
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const handler = httpRoute('listCommunities', async () => {
      throw new Error('disk on fire: secret internals');
    });
    const res = await handler(httpEvent(), lambdaContext('req-500'));
    expect(res.statusCode).toBe(500);
    expect(parse(res)).toEqual({ error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试', requestId: 'req-500' } });
    expect(res.body).not.toContain('disk on fire');
    expect(logged).toHaveBeenCalledWith('unexpected error', expect.objectContaining({ message: 'disk on fire: secret internals', stack: expect.any(String) }));
    logged.mockRestore();
  });

  it('strips fields the response schema does not name', async () => {
    const handler = httpRoute('listCommunities', async () => ({
      body: { items: [{ id: 'c', name: '社区', streetId: 's', streetName: '街道', address: '地址', gridCount: 1, buildingCount: 2, secretNote: 'x' }] } as never,
    }));
    const res = await handler(httpEvent(), lambdaContext());
    expect(res.statusCode).toBe(200);
    expect(parse(res).items[0]).not.toHaveProperty('secretNote');
  });

  it('refuses a route that needs login without a token (401) before touching data', async () => {
    const { getMe } = await import('../../functions/src/auth/handlers');
    const res = await getMe(httpEvent({ path: '/me' }), lambdaContext());
    expect(res.statusCode).toBe(401);
    expect(parse(res).error).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('answers DynamoDB throttling from any storage call with 503 SERVICE_BUSY, Retry-After and a Chinese message', async () => {
    for (const name of ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TimeoutError']) {
      const handler = httpRoute('listCommunities', async () => {
        throw Object.assign(new Error('Rate exceeded'), { name, $metadata: {} });
      });
      const res = await handler(httpEvent(), lambdaContext('req-busy'));
      expect(res.statusCode).toBe(503);
      expect(parse(res).error).toEqual({ code: 'SERVICE_BUSY', message: '当前使用人数较多，请稍后再试', requestId: 'req-busy' });
      const retryAfter = Number(res.headers?.['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
    }
  });

  it('answers a DynamoDB ValidationException that slipped through with 400, never 500', async () => {
    const handler = httpRoute('listCommunities', async () => {
      throw Object.assign(new Error('One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes'), { name: 'ValidationException' });
    });
    const res = await handler(httpEvent(), lambdaContext());
    expect(res.statusCode).toBe(400);
    expect(parse(res).error.code).toBe('VALIDATION_FAILED');
    expect(res.body).not.toContain('hashkey');
  });

  it('validates path parameters before the handler runs (400 with the parameter as field path)', async () => {
    const seen = jest.fn();
    const handler = routesOf(venueRoutes)('getStation', async (req) => {
      seen(req.params);
      return { body: {} as never };
    });
    for (const bad of ['x'.repeat(2100), 'a b', '站点', '../etc', '']) {
      const res = await handler({ ...httpEvent({ path: `/stations/${bad}` }), pathParameters: { stationId: bad } }, lambdaContext());
      expect(res.statusCode).toBe(400);
      expect(parse(res).error.code).toBe('VALIDATION_FAILED');
      expect(parse(res).error.fields[0].path).toBe('stationId');
      expect(parse(res).error.fields[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(seen).not.toHaveBeenCalled();
  });
});
