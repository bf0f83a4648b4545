import { platformRoutes } from '@shared/api/platform';
import { routesOf } from '../lib/http';
import { openApiDocument } from './openapi';

const httpRoute = routesOf(platformRoutes);

export const getOpenApi = httpRoute('openapi', async () => ({ body: openApiDocument() }), { anonymous: true });

export { notFound } from './not-found';
