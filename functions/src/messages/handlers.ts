import { messagesRoutes } from '@shared/api/messages';
import { routesOf } from '../lib/http';
import { markRead, myMessages, unreadCount } from './domain';

const httpRoute = routesOf(messagesRoutes);

export const listMyMessages = httpRoute('listMyMessages', async ({ principal, query }) => ({ body: await myMessages(principal, query) }));
export const myUnreadCount = httpRoute('myUnreadCount', async ({ principal }) => ({ body: await unreadCount(principal) }));
export const markMessagesRead = httpRoute('markMessagesRead', async ({ principal, body }) => ({ body: await markRead(principal, body) }));
