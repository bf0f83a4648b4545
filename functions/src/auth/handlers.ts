import { authRoutes } from '@shared/api/auth';
import { routesOf } from '../lib/http';
import { devLogin, loginWithWechatCode, me } from './domain';

const httpRoute = routesOf(authRoutes);

export const login = httpRoute('login', async ({ body }) => ({ body: await loginWithWechatCode(body.code) }));

export const devLoginHandler = httpRoute('devLogin', async ({ body }) => ({ body: await devLogin(body.openid) }));

export const getMe = httpRoute('me', async ({ principal }) => ({ body: await me(principal) }));
