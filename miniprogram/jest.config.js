/**
 * Jest project for the mini-program: component/unit tests (jsdom, Taro mocked) and a
 * miniprogram-simulate test that loads pages of the real dist/weapp build.
 *   npx jest -c miniprogram/jest.config.js
 * The weapp test needs `npm run build:weapp` first (it fails with a clear message otherwise).
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'miniprogram',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  transform: {
    '^.+\\.(mjs|[tj]sx?)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Taro's component library ships ESM (and a nested pnpm tslib): let those through the transform.
  transformIgnorePatterns: ['/node_modules/(?!(@tarojs|swiper|@stencil|\\.pnpm|tslib)/)', '<rootDir>/dist/'],
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/../shared/src/$1',
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '\\.css$': '<rootDir>/test/mocks/style.js',
  },
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: true,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_MUTATION_OBSERVER: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    DEPRECATED_ADAPTER_COMPONENT: false,
    __TARO_FRAMEWORK__: 'react',
  },
  setupFiles: ['<rootDir>/test/setup.ts'],
};
