import { membersRoutes } from '@shared/api/members';
import { routesOf } from '../lib/http';
import {
  apply,
  claimPost,
  communityPosts,
  exportMyData,
  listMemberApplications,
  listReportInsFor,
  myMember,
  releasePost,
  reportIn,
  revealPhone,
  reviewMember,
  reviewReportIn,
  setConsents,
  withdraw,
} from './domain';

const httpRoute = routesOf(membersRoutes);

export const applyMember = httpRoute('applyMember', async ({ principal, body }) => ({ status: 201, body: await apply(principal, body) }));
export const getMine = httpRoute('myMember', async ({ principal }) => ({ body: await myMember(principal) }));
export const putConsents = httpRoute('setConsents', async ({ principal, body }) => ({ body: await setConsents(principal, body) }));
export const withdrawMine = httpRoute('withdrawMember', async ({ principal }) => {
  await withdraw(principal);
  return { body: { ok: true as const } };
});
export const listApplications = httpRoute('listMemberApplications', async ({ principal, params, query }) => ({
  body: { items: await listMemberApplications(principal, params.communityId, query.status) },
}));
export const review = httpRoute('reviewMember', async ({ principal, params, body }) => ({ body: await reviewMember(principal, params.userId, body) }));
export const createReportIn = httpRoute('reportIn', async ({ principal, body }) => ({ status: 201, body: await reportIn(principal, body) }));
export const listReportIns = httpRoute('listReportIns', async ({ principal, params, query }) => ({
  body: { items: await listReportInsFor(principal, params.communityId, query.status) },
}));
export const reviewReport = httpRoute('reviewReportIn', async ({ principal, params, body }) => ({ body: await reviewReportIn(principal, params.userId, body) }));
export const posts = httpRoute('communityPosts', async ({ params }) => ({ body: await communityPosts(params.communityId) }));
export const claim = httpRoute('claimPost', async ({ principal, body }) => ({ body: await claimPost(principal, body.post) }));
export const release = httpRoute('releasePost', async ({ principal, params, body }) => ({
  body: await releasePost(principal, params.communityId, body.userId, body.post),
}));
export const reveal = httpRoute('revealPhone', async ({ principal, params }) => ({ body: await revealPhone(principal, params.userId) }));
export const exportMine = httpRoute('exportMyData', async ({ principal }) => ({ body: await exportMyData(principal) }));
