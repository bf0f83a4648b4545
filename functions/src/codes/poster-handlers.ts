import { codesRoutes } from '@shared/api/codes';
import { routesOf } from '../lib/http';
import { communityPostersPdf, posterPng } from './posters';

const httpRoute = routesOf(codesRoutes);

export const poster = httpRoute('codePoster', async ({ params }) => {
  const { png, source } = await posterPng(params.token);
  return { body: png, headers: { 'content-type': 'image/png', 'cache-control': 'no-store', 'x-code-source': source } };
});

export const posters = httpRoute('communityPosters', async ({ params, principal }) => ({
  body: await communityPostersPdf(principal, params.communityId),
  headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="posters-${params.communityId}.pdf"` },
}));
