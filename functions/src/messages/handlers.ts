import { messagesRoutes } from '@shared/api/messages';
import { routesOf } from '../lib/http';
import type { ScheduledHandler } from 'aws-lambda';
import { logger } from '../lib/logger';
import { wechatCredentials } from '../lib/secrets';
import { markRead, myMessages, unreadCount } from './domain';
import { deliverAudienceFanouts } from './events';
import { recordSubscriptions, sendDueSubscribeMessages } from './outbox';
import { subscribeAsks as askedTemplates } from './templates';

const httpRoute = routesOf(messagesRoutes);

export const listMyMessages = httpRoute('listMyMessages', async ({ principal, query }) => ({ body: await myMessages(principal, query) }));
export const myUnreadCount = httpRoute('myUnreadCount', async ({ principal }) => ({ body: await unreadCount(principal) }));
export const markMessagesRead = httpRoute('markMessagesRead', async ({ principal, body }) => ({ body: await markRead(principal, body) }));
export const subscribeAsks = httpRoute('subscribeAsks', async () => ({ body: askedTemplates() }));
export const subscribeMessages = httpRoute('subscribeMessages', async ({ principal, body }) => ({ body: await recordSubscriptions(principal, body) }));

/** Every minute: tells the rest of the audiences events had no room for (a big station's staff, a request's followers, wish screeners), then sends the due subscription messages of the outbox. */
export const sendSubscribeMessagesHandler: ScheduledHandler = async () => {
  const fanouts = await deliverAudienceFanouts(Date.now() + 20_000);
  if (fanouts.told > 0 || fanouts.errors > 0) logger.info('audience fan-outs', { ...fanouts });
  const report = await sendDueSubscribeMessages(await wechatCredentials());
  logger.info('subscription messages', { ...report });
};
