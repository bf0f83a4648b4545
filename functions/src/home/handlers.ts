import { homeRoutes } from '@shared/api/home';
import { routesOf } from '../lib/http';
import { clearMyHome, myHome, setMyHome } from './home';
import { communityNotices, editNotice, expireNotice, noticesForAdmin, postNotice } from './notices';

const httpRoute = routesOf(homeRoutes);

export const getMyHome = httpRoute('getMyHome', async ({ principal }) => ({ body: myHome(principal) }));
export const setMyHomeHandler = httpRoute('setMyHome', async ({ principal, body }) => ({ body: await setMyHome(principal, body.buildingId) }));
export const clearMyHomeHandler = httpRoute('clearMyHome', async ({ principal }) => ({ body: await clearMyHome(principal) }));
export const listNotices = httpRoute('listNotices', async ({ params, query }) => ({ body: await communityNotices(params.communityId!, query) }));
export const listNoticesForAdmin = httpRoute('listNoticesForAdmin', async ({ principal, params, query }) => ({ body: await noticesForAdmin(principal, params.communityId!, query) }));
export const createNotice = httpRoute('createNotice', async ({ principal, params, body }) => ({ status: 201, body: await postNotice(principal, params.communityId!, body) }));
export const updateNotice = httpRoute('updateNotice', async ({ principal, params, body }) => ({ body: await editNotice(principal, params.noticeId!, body) }));
export const expireNoticeHandler = httpRoute('expireNotice', async ({ principal, params }) => ({ body: await expireNotice(principal, params.noticeId!) }));
