import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { appError } from '../lib/errors';
import { platformRoutes } from '@shared/api/platform';
import { errorResponse, routesOf } from '../lib/http';
import { openApiDocument } from './openapi';

const httpRoute = routesOf(platformRoutes);

export const getOpenApi = httpRoute('openapi', async () => ({ body: openApiDocument() }), { anonymous: true });

/** The catch-all route: unknown paths answer in our error format, not API Gateway's. */
export async function notFound(_event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  return errorResponse(appError('ROUTE_NOT_FOUND'), context.awsRequestId);
}
