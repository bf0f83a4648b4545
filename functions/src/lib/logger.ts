import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger for every function; the HTTP wrapper adds the request id. */
export const logger = new Logger({ serviceName: 'red-station' });
