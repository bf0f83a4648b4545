import { routes } from '@shared/api/routes';

// The build injects API_ROUTES from the shared route table (config/index.ts); do the same here.
(globalThis as Record<string, unknown>).API_ROUTES = Object.fromEntries(
  Object.entries(routes).map(([name, r]) => [name, { method: r.method.toUpperCase(), path: r.path, auth: r.auth }]),
);
