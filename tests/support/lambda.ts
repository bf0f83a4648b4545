import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** A minimal API Gateway HTTP API (v2) event, for calling a handler in-process. */
export function httpEvent(opts: { method?: string; path?: string; body?: string; headers?: Record<string, string>; query?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${opts.method ?? 'GET'} ${opts.path ?? '/'}`,
    rawPath: opts.path ?? '/',
    rawQueryString: '',
    headers: opts.headers ?? {},
    queryStringParameters: opts.query,
    body: opts.body,
    isBase64Encoded: false,
    requestContext: { requestId: 'apigw-req-1', http: { method: opts.method ?? 'GET', path: opts.path ?? '/' } },
  } as unknown as APIGatewayProxyEventV2;
}

export function lambdaContext(requestId = 'lambda-req-1'): Context {
  return {
    awsRequestId: requestId,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-east-1:000000000000:function:test',
    memoryLimitInMB: '512',
    logGroupName: 'test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  } as Context;
}
