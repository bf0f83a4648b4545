import { messagesRoutes } from '@shared/api/messages';
import { routesOf } from '../lib/http';
import type { ScheduledHandler } from 'aws-lambda';
import { logger } from '../lib/logger';
import { wechatCredentials } from '../lib/secrets';
import { markRead, myMessages, unreadCount } from './domain';
import { deliverStaffFanouts } from './events';
import { recordSubscriptions, sendDueSubscribeMessages } from './outbox';
import { subscribeAsks as askedTemplates } from './templates';

const httpRoute = routesOf(messagesRoutes);

export const listMyMessages = httpRoute('listMyMessages', async ({ principal, query }) => ({ body: await myMessages(principal, query) }));
export const myUnreadCount = httpRoute('myUnreadCount', async ({ principal }) => ({ body: await unreadCount(principal) }));
export const markMessagesRead = httpRoute('markMessagesRead', async ({ principal, body }) => ({ body: await markRead(principal, body) }));
export const subscribeAsks = httpRoute('subscribeAsks', async () => ({ body: askedTemplates() }));
export const subscribeMessages = httpRoute('subscribeMessages', async ({ principal, body }) => ({ body: await recordSubscriptions(principal, body) }));

/** Every minute: tells a big station's remaining staff of new bookings, then sends the due subscription messages of the outbox. */
export const sendSubscribeMessagesHandler: ScheduledHandler = async () => {
  const fanouts = await deliverStaffFanouts(Date.now() + 20_000);
  if (fanouts.told > 0 || fanouts.errors > 0) logger.info('staff fan-outs', { ...fanouts });
  const report = await sendDueSubscribeMessages(await wechatCredentials());
  logger.info('subscription messages', { ...report });
};
