import { config, type SecretSource } from './config';

/**
 * The JWT signing secret and the WeChat AppSecret. In AWS each lives in SSM Parameter
 * Store as a SecureString; a function gets only the parameter's name (JWT_SECRET_PARAM,
 * WECHAT_APP_SECRET_PARAM), and only the functions whose role may read it. The value is
 * read once per container, at its first use after the cold start, and kept; a failed read
 * is retried on the next request. Locally (stage `local`) the values come from the
 * environment, the JWT secret with a development default.
 */
const LOCAL_JWT_SECRET = 'local-dev-secret-do-not-use-in-prod-0123456789';

const values = new Map<string, Promise<string>>();

async function readParameter(name: string): Promise<string> {
  // Loaded on first use only: the Lambda runtime ships the SDK, and `local` never needs it.
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const { ssmEndpoint } = config();
  const client = new SSMClient(ssmEndpoint ? { endpoint: ssmEndpoint, region: 'ap-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {});
  const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  if (!Parameter?.Value) throw new Error(`SSM parameter ${name} has no value`);
  return Parameter.Value;
}

function parameter(name: string): Promise<string> {
  let value = values.get(name);
  if (!value) {
    value = readParameter(name).catch((err) => {
      values.delete(name);
      throw err;
    });
    values.set(name, value);
  }
  return value;
}

async function secret(source: SecretSource): Promise<string | undefined> {
  return source.param ? parameter(source.param) : source.value;
}

export async function jwtSecret(): Promise<string> {
  const { stage, secrets } = config();
  const value = (await secret(secrets.jwt)) ?? (stage === 'local' ? LOCAL_JWT_SECRET : '');
  if (value.length < 32) throw new Error('the JWT secret must be at least 32 characters (SSM parameter JWT_SECRET_PARAM, or JWT_SECRET locally)');
  return value;
}

/** True when the app's WeChat credentials are configured (without reading the secret). */
export function wechatConfigured(): boolean {
  const { wechat, secrets } = config();
  return Boolean(wechat.appId && (secrets.wechatAppSecret.param || secrets.wechatAppSecret.value));
}

/** What the WeChat clients (functions/src/wechat) take. */
export async function wechatCredentials(): Promise<{ appId: string; appSecret: string; apiBase: string }> {
  const { wechat, secrets } = config();
  return { appId: wechat.appId, apiBase: wechat.apiBase, appSecret: (await secret(secrets.wechatAppSecret)) ?? '' };
}

/** Tests that change the environment call this with reloadConfig(). */
export function forgetSecrets(): void {
  values.clear();
}
