import type { z } from 'zod';
import type { RouteDef } from './route-def';
import { authRoutes } from './auth';
import { orgImportRoutes, orgRoutes } from './org';
import { venueRoutes } from './venues';
import { bookingRoutes } from './booking';
import { codesRoutes } from './codes';
import { membersRoutes } from './members';
import { crowdfundRoutes } from './crowdfund';
import { activitiesRoutes } from './activities';
import { platformRoutes } from './platform';
import { rolesRoutes } from './roles';
import { uploadRoutes } from './uploads';
import { orgTreeRoutes } from './tree';
import { messagesRoutes } from './messages';
import { homeRoutes } from './home';
import { requestRoutes } from './requests';
import { wishesRoutes } from './wishes';

export type { RouteDef } from './route-def';

/**
 * Every route of the API in one table, merged from the domains' own lists in
 * `api/<domain>.ts`. The Lambda handlers validate with these schemas, the OpenAPI document
 * is generated from them, the mini-program's client takes its types from them, and a test
 * checks serverless.yml declares exactly these routes (function name = route name).
 */
export const routes = {
  ...authRoutes,
  ...orgRoutes,
  ...orgImportRoutes,
  ...venueRoutes,
  ...bookingRoutes,
  ...codesRoutes,
  ...membersRoutes,
  ...crowdfundRoutes,
  ...activitiesRoutes,
  ...platformRoutes,
  ...rolesRoutes,
  ...uploadRoutes,
  ...orgTreeRoutes,
  ...messagesRoutes,
  ...homeRoutes,
  ...requestRoutes,
  ...wishesRoutes,
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
type Def<N extends RouteName> = (typeof routes)[N];
export type RequestBody<N extends RouteName> = Def<N> extends { body: z.ZodType } ? z.input<Def<N>['body']> : undefined;
export type ResponseBody<N extends RouteName> = Def<N>['response'] extends z.ZodType ? z.output<Def<N>['response']> : unknown;
