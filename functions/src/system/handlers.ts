import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { appError } from '../lib/errors';
import { errorResponse } from '../lib/http';

/** The catch-all route: unknown paths answer in our error format, not API Gateway's. */
export async function notFound(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return errorResponse(appError('ROUTE_NOT_FOUND'), event.requestContext?.requestId ?? '');
}
