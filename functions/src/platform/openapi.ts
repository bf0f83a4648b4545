import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ErrorBody } from '@shared/errors';
import { routes, type RouteDef } from '@shared/api/routes';
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
      ...(def.auth === 'user' ? { security: [{ bearer: [] }] } : {}),
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
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
        ...(def.body || def.query ? { 400: errorResponse('输入有误') } : {}),
        ...(def.auth === 'user' ? { 401: errorResponse('未登录或登录已失效') } : {}),
        500: errorResponse('服务器错误'),
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: '红色驿站 API', version: '0.1.0', description: 'Red Station: community party-mass service stations.' },
  });
  return cached;
}
