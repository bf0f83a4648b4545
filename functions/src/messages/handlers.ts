import { messagesRoutes } from '@shared/api/messages';
import { routesOf } from '../lib/http';
import type { ScheduledHandler } from 'aws-lambda';
import { logger } from '../lib/logger';
import { wechatCredentials } from '../lib/secrets';
import { markRead, myMessages, unreadCount } from './domain';
import { recordSubscriptions, sendDueSubscribeMessages } from './outbox';

const httpRoute = routesOf(messagesRoutes);

export const listMyMessages = httpRoute('listMyMessages', async ({ principal, query }) => ({ body: await myMessages(principal, query) }));
export const myUnreadCount = httpRoute('myUnreadCount', async ({ principal }) => ({ body: await unreadCount(principal) }));
export const markMessagesRead = httpRoute('markMessagesRead', async ({ principal, body }) => ({ body: await markRead(principal, body) }));
export const subscribeMessages = httpRoute('subscribeMessages', async ({ principal, body }) => ({ body: await recordSubscriptions(principal, body) }));

/** Every minute: sends the due subscription messages of the outbox. */
export const sendSubscribeMessagesHandler: ScheduledHandler = async () => {
  const report = await sendDueSubscribeMessages(await wechatCredentials());
  logger.info('subscription messages', { ...report });
};
