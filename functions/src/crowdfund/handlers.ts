import type { Context } from 'aws-lambda';
import { crowdfundRoutes } from '@shared/api/crowdfund';
import { routesOf } from '../lib/http';
import { logger } from '../lib/logger';
import * as cf from './domain';

const httpRoute = routesOf(crowdfundRoutes);

export const listCrowdfunds = httpRoute('listCrowdfunds', async ({ query, principal }) => ({ body: await cf.listCrowdfunds(query, principal) }));
export const getCrowdfund = httpRoute('getCrowdfund', async ({ params, principal }) => ({ body: await cf.getCrowdfundDetail(params.crowdfundId, principal) }));
export const listBackers = httpRoute('listBackers', async ({ params, query, principal }) => ({ body: await cf.listBackers(params.crowdfundId, query, principal) }));
export const createCrowdfund = httpRoute('createCrowdfund', async ({ body, principal }) => ({ status: 201, body: await cf.createCrowdfund(body, principal) }));
export const updateCrowdfund = httpRoute('updateCrowdfund', async ({ params, body, principal }) => ({ body: await cf.updateCrowdfund(params.crowdfundId, body, principal) }));
export const submitCrowdfund = httpRoute('submitCrowdfund', async ({ params, principal }) => ({ body: await cf.submitCrowdfund(params.crowdfundId, principal) }));
export const approveCrowdfund = httpRoute('approveCrowdfund', async ({ params, body, principal }) => ({ body: await cf.approveCrowdfund(params.crowdfundId, body.note, principal) }));
export const rejectCrowdfund = httpRoute('rejectCrowdfund', async ({ params, body, principal }) => ({ body: await cf.rejectCrowdfund(params.crowdfundId, body.note, principal) }));
export const startCrowdfund = httpRoute('startCrowdfund', async ({ params, principal }) => ({ body: await cf.startCrowdfund(params.crowdfundId, principal) }));
export const completeCrowdfund = httpRoute('completeCrowdfund', async ({ params, body, principal }) => ({ body: await cf.completeCrowdfund(params.crowdfundId, body.finalReport, principal) }));
export const cancelCrowdfund = httpRoute('cancelCrowdfund', async ({ params, body, principal }) => ({ body: await cf.cancelCrowdfund(params.crowdfundId, body.reason, principal) }));

/** 201 both times: the same clientToken again answers with the same pledge. */
export const createPledge = httpRoute('createPledge', async ({ params, body, principal }) => {
  const { pledge, replayed } = await cf.createPledge(params.crowdfundId, body, principal);
  return { status: 201, body: pledge, headers: replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
export const myPledges = httpRoute('myPledges', async ({ query, principal }) => ({ body: await cf.myPledges(principal, query) }));
export const withdrawPledge = httpRoute('withdrawPledge', async ({ params, principal }) => ({ body: await cf.withdrawPledge(params.pledgeId, principal) }));
export const fulfilPledge = httpRoute('fulfilPledge', async ({ params, body, principal }) => ({ body: await cf.fulfilPledge(params.pledgeId, body, principal) }));

export const getLedger = httpRoute('getLedger', async ({ params, query, principal }) => ({ body: await cf.getLedger(params.crowdfundId, query, principal) }));
export const recordExpense = httpRoute('recordExpense', async ({ params, body, principal }) => ({ status: 201, body: await cf.recordExpense(params.crowdfundId, body, principal) }));
export const reverseLedgerEntry = httpRoute('reverseLedgerEntry', async ({ params, body, principal }) => ({
  status: 201,
  body: await cf.reverseLedgerEntry(params.crowdfundId, params.entryId, body.reason, principal),
}));
/** The whole ledger; past 1 MB it is sent gzipped (`content-encoding: gzip`) to stay far below Lambda's 6 MB response limit. */
export const ledgerCsv = httpRoute('ledgerCsv', async ({ params, principal }) => {
  const { csv, gzipped } = await cf.getLedgerCsv(params.crowdfundId, principal);
  return {
    body: csv,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="ledger-${params.crowdfundId}.csv"`,
      ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
    },
  };
});

/** Scheduled every 5 minutes (functions.yml): closes crowdfunds at their deadline. */
export async function closeDueCrowdfunds(_event: unknown, context?: Context) {
  const report = await cf.closeDueCrowdfunds(new Date(), context?.awsRequestId);
  logger.info('deadline closer finished', { closed: report.closed.length, released: report.released, errors: report.errors });
  // The run finished everything it could; failing the invocation now makes the failures alarm (Lambda Errors).
  if (report.errors > 0) throw new Error(`deadline closer: ${report.errors} crowdfund(s) or pledge(s) failed; see the log`);
  return report;
}
