/**
 * Runtime configuration, read once from the environment that serverless.yml (or the
 * local stack) provides. Nothing else reads process.env.
 */
export interface Config {
  stage: string;
  tableName: string;
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  dynamoEndpoint?: string;
  jwtSecret: string;
  wechat: { appId: string; appSecret: string; apiBase: string };
  /** Where the H5 build of the mini-program is served: posters' plain QR codes point here. */
  webBaseUrl: string;
}

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const env = process.env;
  const stage = env.STAGE || 'local';
  const jwtSecret = env.JWT_SECRET || (stage === 'local' ? 'local-dev-secret-do-not-use-in-prod-0123456789' : '');
  if (jwtSecret.length < 32) throw new Error('JWT_SECRET must be set to at least 32 characters');
  cached = {
    stage,
    tableName: env.TABLE_NAME || `red-station-${stage}`,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    jwtSecret,
    wechat: {
      appId: env.WECHAT_APP_ID || '',
      appSecret: env.WECHAT_APP_SECRET || '',
      apiBase: (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/$/, ''),
    },
    webBaseUrl: (env.WEB_BASE_URL || 'http://127.0.0.1:10086').replace(/\/$/, ''),
  };
  return cached;
}

/** Scripts and tests that change the environment call this to re-read it. */
export function reloadConfig(): void {
  cached = undefined;
}
