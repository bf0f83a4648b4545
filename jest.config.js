/** One jest run, five projects. scripts/test.ts starts the stack the last three need. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }];
const node = (name) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/tests/${name}`],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  // jose and middy ship ESM only: let swc turn it into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(jose|@middy)/)'],
  setupFiles: ['<rootDir>/tests/support/setup-env.ts'],
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/src/$1' },
});

module.exports = {
  // Global only: jest ignores testTimeout inside a project. Browser journeys set their own.
  testTimeout: 60_000,
  projects: [
    node('unit'),
    node('integration'),
    node('api'),
    node('browser'),
    ...(require('node:fs').existsSync(`${__dirname}/miniprogram/jest.config.js`) ? ['<rootDir>/miniprogram/jest.config.js'] : []),
  ],
};
