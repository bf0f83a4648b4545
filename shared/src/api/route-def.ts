import type { z } from 'zod';

/** One route: method, path, who may call it, and the zod schemas of what goes in and out. */
export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  /** 'none': public; 'user': any logged-in user (finer checks live in the domain). */
  auth: 'none' | 'user';
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType | 'json' | 'binary';
  /** Only served on the `local` stage. */
  localOnly?: boolean;
}
