import { uploadRoutes } from '@shared/api/uploads';
import { routesOf } from '../lib/http';
import { createUpload as issueTicket } from './tickets';

const httpRoute = routesOf(uploadRoutes);

export const createUpload = httpRoute('createUpload', async ({ body, principal }) => ({ status: 201, body: await issueTicket(principal, body) }));
