import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { appError } from '../lib/errors';
import { errorResponse, httpRoute } from '../lib/http';
import { openApiDocument } from './openapi';

export const getOpenApi = httpRoute('openapi', async () => ({ body: openApiDocument() }));

/** The catch-all route: unknown paths answer in our error format, not API Gateway's. */
export async function notFound(_event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  return errorResponse(appError('ROUTE_NOT_FOUND'), context.awsRequestId);
}
