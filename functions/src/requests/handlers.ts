import type { Context } from 'aws-lambda';
import { requestRoutes } from '@shared/api/requests';
import { routesOf } from '../lib/http';
import { logger } from '../lib/logger';
import * as categories from './categories';
import { closeResolved } from './closer';
import { figures } from './figures';
import * as requests from './requests';
import { addNote, change, rate } from './transitions';

const httpRoute = routesOf(requestRoutes);

export const getRequestCategories = httpRoute('getRequestCategories', async ({ query }) => ({ body: await categories.getCategories(query) }));
export const saveRequestCategories = httpRoute('saveRequestCategories', async ({ params, body, principal }) => ({ body: await categories.saveCategories(params.streetId, body, principal) }));
export const getWorkCalendar = httpRoute('getWorkCalendar', async ({ params }) => ({ body: await categories.getCalendar(params.streetId, params.year) }));
export const saveWorkCalendar = httpRoute('saveWorkCalendar', async ({ params, body, principal }) => ({ body: await categories.saveCalendar(params.streetId, params.year, body, principal) }));

export const similarRequests = httpRoute('similarRequests', async ({ query }) => ({ body: await requests.similarRequests(query) }));
export const createRequest = httpRoute('createRequest', async ({ body, principal }) => ({ status: 201, body: await requests.createRequest(body, principal) }));
export const myRequests = httpRoute('myRequests', async ({ query, principal }) => ({ body: await requests.myRequests(principal, query) }));
export const assignedRequests = httpRoute('assignedRequests', async ({ query, principal }) => ({ body: await requests.assignedRequests(principal, query) }));
export const requestQueue = httpRoute('requestQueue', async ({ params, query, principal }) => ({ body: await requests.queue(params.communityId, principal, query) }));
export const requestFigures = httpRoute('requestFigures', async ({ params, principal }) => ({ body: await figures(params.communityId, principal) }));
export const getRequest = httpRoute('getRequest', async ({ params, principal }) => ({ body: await requests.getRequest(params.requestId, principal) }));
export const requestTimeline = httpRoute('requestTimeline', async ({ params, query, principal }) => ({ body: await requests.timeline(params.requestId, principal, query) }));
export const followRequest = httpRoute('followRequest', async ({ params, principal }) => ({ body: await requests.followRequest(params.requestId, principal) }));

export const acceptRequest = httpRoute('acceptRequest', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'accept' }, principal, body.version) }));
export const rejectRequest = httpRoute('rejectRequest', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'reject', reason: body.reason }, principal, body.version) }));
export const referRequest = httpRoute('referRequest', async ({ params, body, principal }) => ({
  body: await change(params.requestId, { action: 'refer', body: body.body, reason: body.reason }, principal, body.version),
}));
export const dispatchRequest = httpRoute('dispatchRequest', async ({ params, body, principal }) => ({
  body: await change(params.requestId, { action: 'dispatch', kind: body.kind, id: body.id, note: body.note }, principal, body.version),
}));
export const returnRequest = httpRoute('returnRequest', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'return', reason: body.reason }, principal, body.version) }));
export const startRequest = httpRoute('startRequest', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'start' }, principal, body.version) }));
export const resolveRequest = httpRoute('resolveRequest', async ({ params, body, principal }) => ({
  body: await change(params.requestId, { action: 'resolve', note: body.note, photos: body.photos }, principal, body.version),
}));
export const confirmRequest = httpRoute('confirmRequest', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'confirm' }, principal, body.version) }));
export const reopenRequest = httpRoute('reopenRequest', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'reopen', comment: body.comment }, principal, body.version) }));
export const rateRequest = httpRoute('rateRequest', async ({ params, body, principal }) => ({ body: await rate(params.requestId, body.value, body.comment, principal) }));
export const markRequestDuplicate = httpRoute('markRequestDuplicate', async ({ params, body, principal }) => ({
  body: await change(params.requestId, { action: 'duplicate', originalId: body.originalId }, principal, body.version),
}));
export const markRequestNotOurs = httpRoute('markRequestNotOurs', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'notOurs', reason: body.reason }, principal, body.version) }));
export const markRequestUnable = httpRoute('markRequestUnable', async ({ params, body, principal }) => ({ body: await change(params.requestId, { action: 'unable', reason: body.reason }, principal, body.version) }));
export const addRequestNote = httpRoute('addRequestNote', async ({ params, body, principal }) => ({ body: await addNote(params.requestId, body.note, principal) }));

/** Scheduled every 15 minutes (functions.yml): closes requests 7 days after resolution (exactly once each; safe to re-run). */
export async function closeResolvedRequests(_event: unknown, _context?: Context) {
  const report = await closeResolved(new Date());
  logger.info('request auto-close finished', { closed: report.closed.length, skipped: report.skipped, errors: report.errors });
  if (report.errors > 0) throw new Error(`request auto-close: ${report.errors} request(s) failed; see the log`);
  return report;
}
