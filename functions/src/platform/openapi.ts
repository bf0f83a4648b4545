import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ErrorBody } from '@shared/errors';
import { routes, type RouteDef } from '@shared/api/routes';
import { Id } from '@shared/api/common';
import { config } from '../lib/config';

/** `/stations/{stationId}` → the path parameters it names. */
function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

let cached: object | undefined;

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

  for (const [name, def] of Object.entries(routes) as [string, RouteDef][]) {
    // POST /auth/dev-login and the like exist on the `local` stage only: not documented elsewhere.
    if (def.localOnly && config().stage !== 'local') continue;
    const params = pathParams(def.path);
    registry.registerPath({
      operationId: name,
      method: def.method,
      path: def.path,
      summary: def.summary,
      // Declared on every operation: a public one explicitly needs nothing.
      security: def.auth === 'user' ? [{ bearer: [] }] : [],
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, Id]))) } : {}),
        ...(def.query ? { query: def.query as z.ZodObject } : {}),
        ...(def.body ? { body: { content: { 'application/json': { schema: def.body } } } } : {}),
      },
      responses: {
        200: {
          description: 'OK',
          ...(typeof def.response === 'string'
            ? def.response === 'binary'
              ? { content: { 'application/octet-stream': { schema: z.string() } } }
              : {}
            : { content: { 'application/json': { schema: def.response } } }),
        },
        ...(def.body || def.query || params.length ? { 400: errorResponse('输入有误（VALIDATION_FAILED、BAD_JSON），fields 指明字段') } : {}),
        ...(def.auth === 'user' ? { 401: errorResponse('未登录或登录已失效'), 403: errorResponse('没有权限进行此操作') } : {}),
        ...(params.length ? { 404: errorResponse('未找到相关内容') } : {}),
        ...(def.auth === 'user' && def.method !== 'get' ? { 409: errorResponse('与当前状态冲突'), 422: errorResponse('不符合业务规则') } : {}),
        429: errorResponse('操作太频繁，请稍后再试'),
        500: errorResponse('服务器错误'),
        503: {
          ...errorResponse('当前使用人数较多（SERVICE_BUSY），请按 Retry-After 稍后重试'),
          headers: { 'Retry-After': { description: '建议等待的秒数', schema: { type: 'integer', minimum: 1 } } },
        },
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '红色驿站 API',
      version: '0.1.0',
      description: 'Red Station: community party-mass service stations.',
      license: { name: 'Proprietary (private project)', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: the document is served by the API it describes (GET /openapi.json on each stage).
    servers: [{ url: '/', description: '本文档所在的 API（各环境的 API Gateway 地址）' }],
  });
  return cached;
}
