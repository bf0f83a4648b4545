import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { zhCN } from 'zod/locales';
import { ERRORS, type ErrorBody, type FieldError } from '@shared/errors';
import type { RouteDef } from '@shared/api/route-def';
import { Id } from '@shared/api/common';
import { AppError, appError } from './errors';
import { logger } from './logger';
import { isBusyError, isDynamoValidationError, withRequestCounter } from './dynamo';
import type { Principal } from './authorize';
import { principalFromAuthHeader, principalOfUser, userIdFromAuthHeader } from '../auth/domain';

// Validation messages in Simplified Chinese for every schema the API parses.
z.config(zhCN());

type QueryOf<D> = D extends { query: z.ZodType } ? z.output<D['query']> : Record<string, string | undefined>;
type BodyOf<D> = D extends { body: z.ZodType } ? z.output<D['body']> : undefined;
type ResponseOf<D> = D extends { response: z.ZodType } ? z.output<D['response']> : unknown;

export interface HttpRequest<D extends RouteDef, P = undefined> {
  body: BodyOf<D>;
  query: QueryOf<D>;
  params: Record<string, string>;
  /** Present on every route whose auth is 'user'; on public routes only when a valid token came along. */
  principal: D['auth'] extends 'user' ? Principal : Principal | undefined;
  requestId: string;
  /** What the route's `prefetch` read while the caller's user record was loading (see RouteOptions). */
  prefetched: Promise<P>;
}

export interface HttpResult<D extends RouteDef> {
  status?: number;
  body: ResponseOf<D>;
  headers?: Record<string, string>;
}

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Turns zod issues into our field list: `attendees.0.name` style paths, Chinese messages,
 * one entry per field (the first problem found: "请填写" before "格式不对").
 */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  const byPath = new Map<string, string>();
  for (const issue of error.issues) {
    // A strict body names each field it does not take (`decision`), not the body as a whole.
    const leaves = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const leaf of leaves) {
      const path = [prefix, ...leaf.map(String)].filter((p) => p !== undefined && p !== '').join('.');
      const message = issue.code === 'unrecognized_keys' ? '不支持此字段' : issue.message;
      if (!byPath.has(path)) byPath.set(path, message);
    }
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

function parseWith<T extends z.ZodType>(schema: T, input: unknown, prefix?: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error, prefix);
  const first = fields[0];
  const message = first ? `${first.path ? `${first.path}：` : ''}${first.message}` : ERRORS.VALIDATION_FAILED.message;
  throw appError('VALIDATION_FAILED', message, fields);
}

function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw appError('BAD_JSON');
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Seconds a client should wait before retrying a 503: 1 or 2, so retries do not arrive in step. */
const retryAfterSeconds = () => String(1 + Math.round(Math.random()));

export function errorResponse(err: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  if (!(err instanceof AppError)) {
    // DynamoDB's own refusals: load and timeouts are 503 (retry), a request it cannot take is the client's 400.
    if (isBusyError(err)) {
      logger.warn('dynamodb busy', { error: err as Error });
      err = appError('SERVICE_BUSY');
    } else if (isDynamoValidationError(err)) {
      logger.warn('dynamodb refused the request', { error: err as Error });
      err = appError('VALIDATION_FAILED');
    }
  }
  if (err instanceof AppError) {
    if (err.status >= 500) logger.error('request failed', { code: err.code, error: err });
    else logger.info('request refused', { code: err.code, status: err.status });
    const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.details ? { details: err.details } : {}) } };
    if (err.status >= 500) body.error.requestId = requestId;
    return json(err.status, body, err.status === 503 ? { 'retry-after': retryAfterSeconds() } : undefined);
  }
  logger.error('unexpected error', err as Error);
  return json(500, { error: { code: 'INTERNAL', message: ERRORS.INTERNAL.message, requestId } } satisfies ErrorBody);
}

/** Options of one route's handler. */
export interface RouteOptions<D extends RouteDef = RouteDef, P = undefined> {
  /** Never look at the Authorization header (the OpenAPI document): such a function needs no JWT secret. */
  anonymous?: boolean;
  /**
   * Hot routes (POST /bookings): reads the handler needs, started as soon as the token is
   * verified, in parallel with the caller's user record instead of after it. Only for routes
   * whose auth is 'user'. The handler gets them as `prefetched` (a promise) and decides when
   * to await them: authentication (401) and its own authorization come first, so a failed
   * read is reported only to a caller who may make the request.
   */
  prefetch?: (req: { userId: string; body: BodyOf<D>; query: QueryOf<D>; params: Record<string, string> }) => Promise<P>;
}

/**
 * Binds a domain's own route table (`shared/src/api/<domain>.ts`), so a function's bundle
 * carries only its domain's schemas, not the whole API's:
 *   const httpRoute = routesOf(bookingRoutes);
 *   export const getBooking = httpRoute('getBooking', async ({ params }) => …);
 */
export function routesOf<T extends Record<string, RouteDef>>(table: T) {
  return <N extends keyof T & string, P = undefined>(
    name: N,
    fn: (req: HttpRequest<T[N], P>) => Promise<HttpResult<T[N]>>,
    options: RouteOptions<T[N], P> = {},
  ): HttpHandler =>
    httpHandler(name, table[name], fn as (req: HttpRequest<RouteDef, unknown>) => Promise<HttpResult<RouteDef>>, options as RouteOptions<RouteDef, unknown>);
}

/**
 * Wraps a route's function into a Lambda handler: logger context, auth, validation of
 * body and query with the route's zod schemas, validation of the response, and the
 * mapping of every error to our error body. Handlers stay a few lines long.
 */
function httpHandler(
  name: string,
  def: RouteDef,
  fn: (req: HttpRequest<RouteDef, unknown>) => Promise<HttpResult<RouteDef>>,
  options: RouteOptions<RouteDef, unknown>,
): HttpHandler {
  // Path parameters are ids of ours (or code tokens): bounded before they can reach a key.
  const paramsSchema = z.object(Object.fromEntries([...def.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], Id])));
  const parseInput = (event: APIGatewayProxyEventV2) => ({
    params: parseWith(paramsSchema, event.pathParameters ?? {}) as Record<string, string>,
    body: def.body ? parseWith(def.body, readJsonBody(event)) : undefined,
    query: def.query ? parseWith(def.query, event.queryStringParameters ?? {}) : (event.queryStringParameters ?? {}),
  });
  const serve = async (event: APIGatewayProxyEventV2, requestId: string): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const header = event.headers?.authorization ?? event.headers?.Authorization;
      const { prefetch } = options;
      if (prefetch) {
        // Verify the token (no I/O), validate the input, then read the user record and the
        // route's own data at the same time: one round trip instead of two.
        const userId = await userIdFromAuthHeader(header);
        const { params, body, query } = parseInput(event);
        const prefetched = prefetch({ userId, body, query, params } as Parameters<typeof prefetch>[0]);
        // Handled here so a read that fails while the user record loads is no unhandled
        // rejection; the handler still sees the failure when it awaits `prefetched`.
        prefetched.catch(() => undefined);
        const principal = await principalOfUser(userId);
        return await respond(await fn({ body, query, params, principal, requestId, prefetched } as HttpRequest<RouteDef, unknown>));
      }
      const principal = options.anonymous ? undefined : await principalFromAuthHeader(header, def.auth === 'user');
      const { params, body, query } = parseInput(event);
      return respond(
        await fn({
          body,
          query,
          params,
          principal,
          requestId,
          prefetched: Promise.resolve(undefined),
        } as HttpRequest<RouteDef, unknown>),
      );
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
  const respond = (result: HttpResult<RouteDef>): APIGatewayProxyStructuredResultV2 => {
    // Binary routes (posters: PNG, PDF) hand back a Buffer; API Gateway wants it base64.
    if (def.response === 'binary') {
      const bytes = result.body as unknown as Buffer;
      return {
        statusCode: result.status ?? 200,
        headers: { 'content-type': 'application/octet-stream', ...result.headers },
        body: Buffer.from(bytes).toString('base64'),
        isBase64Encoded: true,
      };
    }
    // The response schema is the contract: it also strips anything not meant to leave.
    const out = typeof def.response === 'string' ? result.body : (def.response as z.ZodType).parse(result.body);
    return json(result.status ?? 200, out, result.headers);
  };
  const base = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    // Lambda's own request id: unique per invocation everywhere (offline too), and in every log line.
    const requestId = context.awsRequestId ?? event.requestContext?.requestId;
    logger.appendKeys({ requestId, route: name });
    const started = performance.now();
    const { counter, result } = withRequestCounter(() => serve(event, requestId));
    const response = await result;
    // One line per request with its cost: status, time and DynamoDB requests (npm run bench reads it).
    logger.info('request done', {
      requestId,
      route: name,
      status: response.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ddbRequests: counter.ddbRequests,
    });
    return response;
  };
  return middy(base).use(injectLambdaContext(logger, { resetKeys: true })) as unknown as HttpHandler;
}
