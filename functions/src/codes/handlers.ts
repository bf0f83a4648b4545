import { httpRoute } from '../lib/http';
import { buildingPage, communityCodes, communityPostersPdf, posterPng, resolveCode, rotateCode } from './domain';

export const resolve = httpRoute('resolveCode', async ({ params }) => ({ body: await resolveCode(params.token) }));

export const poster = httpRoute('codePoster', async ({ params }) => {
  const { png, source } = await posterPng(params.token);
  return { body: png, headers: { 'content-type': 'image/png', 'cache-control': 'no-store', 'x-code-source': source } };
});

export const rotateHandler = httpRoute('rotateCode', async ({ params, principal }) => ({ body: await rotateCode(principal, params.token) }));

export const list = httpRoute('listCommunityCodes', async ({ params, principal }) => ({
  body: { items: await communityCodes(principal, params.communityId) },
}));

export const posters = httpRoute('communityPosters', async ({ params, principal }) => ({
  body: await communityPostersPdf(principal, params.communityId),
  headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="posters-${params.communityId}.pdf"` },
}));

export const building = httpRoute('buildingPage', async ({ params, query }) => ({ body: await buildingPage(params.buildingId, query.code) }));
