import type { RouteDef } from './route-def';

export const platformRoutes = {
  openapi: {
    method: 'get',
    path: '/openapi.json',
    summary: 'OpenAPI 文档',
    auth: 'none',
    response: 'json',
  },
} as const satisfies Record<string, RouteDef>;
