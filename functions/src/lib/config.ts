/**
 * Runtime configuration, read once from the environment that serverless.yml (or the
 * local stack) provides. Nothing else reads process.env.
 */
export interface Config {
  stage: string;
  tableName: string;
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  dynamoEndpoint?: string;
  /**
   * Where each secret comes from (read through lib/secrets.ts, never from here directly):
   * in AWS the name of an SSM SecureString parameter (the template holds only the name);
   * locally (and in tests) the value itself from the environment.
   */
  secrets: { jwt: SecretSource; wechatAppSecret: SecretSource };
  /** Set in tests to a fake SSM endpoint; unset in AWS. */
  ssmEndpoint?: string;
  wechat: { appId: string; apiBase: string };
  /** The stage's subscription-message templates, JSON (messages/templates.ts reads it); '' = none. */
  subscribeTemplates: string;
  /** Where the H5 build of the mini-program is served: posters' plain QR codes point here. */
  readonly webBaseUrl: string;
  /** Photo uploads: the bucket, the local S3's endpoint (unset in AWS), and a CloudFront base URL when photos are served through one. */
  uploads: { bucket: string; s3Endpoint?: string; photoBaseUrl?: string };
}

export interface SecretSource {
  /** SSM parameter name (AWS). */
  param?: string;
  /** The value (stage `local`, tests). */
  value?: string;
}

const LOCAL_WEB_BASE_URL = 'http://127.0.0.1:10086';

/**
 * Outside `local`, posters print WEB_BASE_URL into plain QR codes: it must be a public
 * https address, never a loopback one (serverless.yml checks the same when packaging).
 */
export function checkWebBaseUrl(stage: string, value: string | undefined): string {
  if (stage === 'local') return (value || LOCAL_WEB_BASE_URL).replace(/\/$/, '');
  let url: URL | undefined;
  try {
    url = value ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || /^(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(url.hostname)) {
    throw new Error(`WEB_BASE_URL must be the public https address of the H5 app on stage ${stage} (got ${JSON.stringify(value ?? '')})`);
  }
  return value!.replace(/\/$/, '');
}

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const env = process.env;
  const stage = env.STAGE || 'local';
  const webBaseUrl = env.WEB_BASE_URL;
  cached = {
    stage,
    tableName: env.TABLE_NAME || `red-station-${stage}`,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    secrets: {
      jwt: { param: env.JWT_SECRET_PARAM || undefined, value: env.JWT_SECRET || undefined },
      wechatAppSecret: { param: env.WECHAT_APP_SECRET_PARAM || undefined, value: env.WECHAT_APP_SECRET || undefined },
    },
    ssmEndpoint: env.SSM_ENDPOINT || undefined,
    wechat: {
      appId: env.WECHAT_APP_ID || '',
      apiBase: (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/$/, ''),
    },
    uploads: {
      bucket: env.UPLOADS_BUCKET || `red-station-${stage}-uploads`,
      s3Endpoint: env.S3_ENDPOINT || undefined,
      photoBaseUrl: env.PHOTO_BASE_URL ? env.PHOTO_BASE_URL.replace(/\/$/, '') : undefined,
    },
    subscribeTemplates: env.SUBSCRIBE_TEMPLATES || '',
    // Checked where it is used (posters), so a missing value fails no other function.
    get webBaseUrl() {
      return checkWebBaseUrl(stage, webBaseUrl);
    },
  };
  return cached;
}

/** Scripts and tests that change the environment call this to re-read it. */
export function reloadConfig(): void {
  cached = undefined;
}
