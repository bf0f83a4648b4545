import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { require as tsxRequire } from 'tsx/cjs/api';

/**
 * The API route table (method, path, auth) taken from the shared route definitions at
 * build time, so the bundle gets the routes without zod. The client reads it as API_ROUTES.
 */
function loadApiRoutes(): Record<string, { method: string; path: string; auth: string }> {
  const file = path.resolve(__dirname, '..', '..', 'shared', 'src', 'api', 'routes.ts');
  const { routes } = tsxRequire(file, __filename) as {
    routes: Record<string, { method: string; path: string; auth: string }>;
  };
  return Object.fromEntries(
    Object.entries(routes).map(([name, r]) => [name, { method: r.method.toUpperCase(), path: r.path, auth: r.auth }]),
  );
}

/**
 * Taro build config. Build-time settings come from the shell:
 *   TARO_APP_API_BASE_URL  API base URL (default http://127.0.0.1:3000)
 *   TARO_APP_STAGE         deployment stage (default `local`; `local` enables demo login on H5)
 * Output goes to dist/<type> so the weapp and H5 builds do not overwrite each other.
 */
export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV || 'weapp';
  const apiBaseUrl = (process.env.TARO_APP_API_BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const stage = process.env.TARO_APP_STAGE || 'local';
  // zod-free shared modules (labels) are bundled at run time, so Taro must compile them too.
  const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src');

  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'red-station',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE_URL: JSON.stringify(apiBaseUrl),
      TARO_APP_STAGE: JSON.stringify(stage),
    },
    defineConstants: {
      API_ROUTES: JSON.stringify(loadApiRoutes()),
    },
    alias: {
      '@shared': sharedSrc,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    // Taro minifies mini-program JS with ascii_only, writing each Chinese character as a 6-byte
    // \uXXXX escape; WeChat reads code files as UTF-8, where it is 3 bytes: ~10 KB of the main package.
    terser: { enable: true, config: { output: { ascii_only: false } } },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      compile: { include: [sharedSrc] },
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  return merge({}, baseConfig);
});
