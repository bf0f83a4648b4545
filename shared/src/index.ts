export * from './errors';
export * from './roles';
export * from './api/auth';
export * from './api/org';
export * from './api/routes';
