import { membersRoutes } from '@shared/api/members';
import { routesOf } from '../lib/http';
import {
  apply,
  claimPost,
  communityPosts,
  listMemberApplications,
  listPostHolders,
  listReportInsFor,
  myMember,
  releasePost,
  reportIn,
  reviewMember,
  reviewReportIn,
  setConsents,
  withdraw,
} from './domain';
import { applicationPhone, exportMyData, myReveals, revealPhone } from './privacy';

const httpRoute = routesOf(membersRoutes);

export const applyMember = httpRoute('applyMember', async ({ principal, body }) => ({ status: 201, body: await apply(principal, body) }));
export const getMine = httpRoute('myMember', async ({ principal }) => ({ body: await myMember(principal) }));
export const putConsents = httpRoute('setConsents', async ({ principal, body }) => ({ body: await setConsents(principal, body) }));
export const withdrawMine = httpRoute('withdrawMember', async ({ principal }) => {
  await withdraw(principal);
  return { body: { ok: true as const } };
});
export const listApplications = httpRoute('listMemberApplications', async ({ principal, params, query }) => ({
  body: await listMemberApplications(principal, params.communityId, query.status, query),
}));
export const verifyPhone = httpRoute('verifyApplicationPhone', async ({ principal, params }) => ({ body: await applicationPhone(principal, params.userId) }));
export const review = httpRoute('reviewMember', async ({ principal, params, body }) => ({ body: await reviewMember(principal, params.userId, body) }));
export const createReportIn = httpRoute('reportIn', async ({ principal, body }) => ({ status: 201, body: await reportIn(principal, body) }));
export const listReportIns = httpRoute('listReportIns', async ({ principal, params, query }) => ({
  body: await listReportInsFor(principal, params.communityId, query.status, query),
}));
export const reviewReport = httpRoute('reviewReportIn', async ({ principal, params, body }) => ({ body: await reviewReportIn(principal, params.userId, body) }));
export const posts = httpRoute('communityPosts', async ({ params }) => ({ body: await communityPosts(params.communityId) }));
export const postHolders = httpRoute('listPostHolders', async ({ params, query }) => ({ body: await listPostHolders(params.communityId, query.post, query) }));
export const claim = httpRoute('claimPost', async ({ principal, body }) => ({ body: await claimPost(principal, body.post) }));
export const release = httpRoute('releasePost', async ({ principal, params, body }) => ({
  body: await releasePost(principal, params.communityId, body.userId, body.post),
}));
export const reveal = httpRoute('revealPhone', async ({ principal, params }) => ({ body: await revealPhone(principal, params.userId) }));
export const reveals = httpRoute('myReveals', async ({ principal, query }) => ({ body: await myReveals(principal, query) }));
export const exportMine = httpRoute('exportMyData', async ({ principal }) => ({ body: await exportMyData(principal) }));
