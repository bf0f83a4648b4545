import { httpRoute } from '../lib/http';
import { openApiDocument } from './document';

export const getOpenApi = httpRoute('openapi', async () => ({ body: openApiDocument() }));
