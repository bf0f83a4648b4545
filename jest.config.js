/** One jest run, five projects. scripts/test.ts starts the stack the last three need. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }];
const node = (name, timeout) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/tests/${name}`],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  // jose and middy ship ESM only: let swc turn it into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(jose|@middy)/)'],
  setupFiles: ['<rootDir>/tests/support/setup-env.ts'],
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/src/$1' },
  testTimeout: timeout,
});

module.exports = {
  projects: [
    node('unit', 30_000),
    node('integration', 30_000),
    node('api', 60_000),
    node('browser', 90_000),
    ...(require('node:fs').existsSync(`${__dirname}/miniprogram/jest.config.js`) ? ['<rootDir>/miniprogram/jest.config.js'] : []),
  ],
};
