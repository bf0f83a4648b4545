import { activitiesRoutes } from '@shared/api/activities';
import { routesOf } from '../lib/http';
import { issueCertificate } from './certificate';

// Its own file: the PDF libraries and the font go only into this function's bundle.
const httpRoute = routesOf(activitiesRoutes);

export const volunteerCertificate = httpRoute('volunteerCertificate', async ({ principal }) => {
  const { pdf, number } = await issueCertificate(principal);
  return {
    body: pdf,
    headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${number}.pdf"`, 'cache-control': 'no-store' },
  };
});
