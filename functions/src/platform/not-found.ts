import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { appError } from '../lib/errors';
import { errorResponse } from '../lib/http';

/**
 * The catch-all route: unknown paths answer in our error format, not API Gateway's. Its
 * own module, so its bundle does not carry the OpenAPI document's every schema.
 */
export async function notFound(_event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  return errorResponse(appError('ROUTE_NOT_FOUND'), context.awsRequestId);
}
