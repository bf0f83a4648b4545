import { orgImportRoutes } from '@shared/api/org';
import { routesOf } from '../lib/http';
import { importBuildings } from './import';

// Its own file: the spreadsheet reader (exceljs, ~1 MB) goes only into this function's bundle.
const importRoute = routesOf(orgImportRoutes);

export const importBuildingsHandler = importRoute('importBuildings', async ({ params, body, principal }) => ({
  body: await importBuildings(principal, params.communityId, body),
}));
