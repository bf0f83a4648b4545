import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { routes } from '../../shared/src/api/routes';
import { localTableDefinition } from '../../scripts/local/table';
import { unzip } from '../../bench/lib';

const ROOT = resolve(__dirname, '../..');

// Secrets in the packaging shell must never reach the template (they belong in SSM).
const LEAKY_ENV = {
  JWT_SECRET: 'leaked-jwt-secret-0123456789abcdef0123',
  WECHAT_APP_SECRET: 'leaked-wechat-app-secret-0123456789',
  WEB_BASE_URL: 'https://h5.example.cn',
  ALARM_EMAIL: 'ops@example.cn',
};

function packageService(args: string[], env: Record<string, string | undefined>): string {
  const out = mkdtempSync(join(tmpdir(), 'rs-package-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['WEB_BASE_URL', 'ALARM_EMAIL', 'H5_ORIGINS', 'AWS_REGION'].includes(k)));
  execFileSync(resolve(ROOT, 'node_modules/.bin/osls'), ['package', ...args, '--package', out], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...clean, SLS_TELEMETRY_DISABLED: '1', ...env },
  });
  return out;
}

/** The error text osls prints when packaging fails. */
function packagingError(args: string[], env: Record<string, string | undefined>): string {
  try {
    packageService(args, env);
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`;
  }
  throw new Error('packaging succeeded');
}

// `osls package --stage prod` runs offline; its CloudFormation template is what AWS gets.
let template: { Resources: Record<string, any> };
let templateText: string;
let functions: Record<string, any>;
let out: string;

beforeAll(() => {
  out = packageService(['--stage', 'prod'], LEAKY_ENV);
  templateText = readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8');
  template = JSON.parse(templateText);
  // The service as osls resolved it (each domain's functions.yml merged in).
  functions = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8')).service.functions;
}, 300_000);

const lambdaName = (fn: string) => `${fn[0].toUpperCase()}${fn.slice(1)}LambdaFunction`;

describe('serverless.yml packaged for prod', () => {
  it('declares exactly the routes of the shared route table, plus the catch-all and scheduled jobs', () => {
    const http = Object.entries(functions).filter(([, fn]) => fn.events[0].httpApi && fn.events[0].httpApi !== '*');
    const declared = http.map(([name, fn]) => [name, fn.events[0].httpApi]);
    const expected = Object.entries(routes)
      .filter(([, r]) => !('localOnly' in r && r.localOnly))
      .map(([name, r]) => [name, { method: r.method.toUpperCase(), path: r.path }]);
    expect(declared.sort()).toEqual(expected.sort());
    expect(functions.notFound.events[0].httpApi).toBe('*');
    const scheduled = Object.entries(functions).filter(([, fn]) => fn.events[0].schedule).map(([name, fn]) => [name, fn.events[0].schedule]);
    expect(scheduled).toEqual(expect.arrayContaining([['sweepNoShows', 'rate(5 minutes)'], ['closeDueCrowdfunds', 'rate(5 minutes)']]));
  });

  it('has a Lambda function on Node 22 for every function, each in its own bundle and with its own role', () => {
    for (const name of Object.keys(functions)) {
      const fn = template.Resources[lambdaName(name)];
      expect(fn).toBeDefined();
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Code.S3Key).toMatch(new RegExp(`/${name}\\.zip$`));
      expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [functions[name].role, 'Arn'] });
    }
  });

  it('grants each role only DynamoDB actions on this table (and S3 object actions on the uploads bucket), and the catch-all none', () => {
    for (const [name, fn] of Object.entries(functions)) {
      const role = template.Resources[fn.role];
      const statements = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
      for (const st of statements) {
        if (st.Action.every((a: string) => a.startsWith('s3:'))) {
          expect(st.Action.every((a: string) => ['s3:GetObject', 's3:PutObject'].includes(a))).toBe(true);
          for (const r of st.Resource) expect(JSON.stringify(r)).toMatch(/:s3:::red-station-prod-uploads-ap-east-1\/[a-z]+(\/[a-z]+)?\/\*"/);
          continue;
        }
        expect(st.Action.every((a: string) => a.startsWith('dynamodb:') && a !== 'dynamodb:*')).toBe(true);
        expect(JSON.stringify(st.Resource)).toContain('"Table"');
      }
      if (name === 'openapi' || name === 'notFound') expect(statements).toHaveLength(0);
    }
  });

  it('contains the single table with GSIs, TTL, point-in-time recovery and deletion protection', () => {
    const table = template.Resources.Table;
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.TableName).toBe('red-station-prod');
    expect(table.Properties.GlobalSecondaryIndexes.map((g: any) => g.IndexName)).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('creates the local table from the same definition it deploys', () => {
    const { create, ttlAttribute } = localTableDefinition('red-station-prod');
    const deployed = template.Resources.Table.Properties;
    expect(create.KeySchema).toEqual(deployed.KeySchema);
    expect(create.AttributeDefinitions).toEqual(deployed.AttributeDefinitions);
    expect(create.GlobalSecondaryIndexes).toEqual(deployed.GlobalSecondaryIndexes);
    expect(create.BillingMode).toBe(deployed.BillingMode);
    expect(ttlAttribute).toBe(deployed.TimeToLiveSpecification.AttributeName);
  });

  it('routes every httpApi path to its function', () => {
    const routeKeys = Object.values(template.Resources)
      .filter((r: any) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r: any) => r.Properties.RouteKey)
      .sort();
    expect(routeKeys).toEqual(
      [...Object.values(routes).filter((r) => !('localOnly' in r && r.localOnly)).map((r) => `${r.method.toUpperCase()} ${r.path}`), '$default'].sort(),
    );
  });
});

const resourcesOfType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const httpFunctions = () => Object.keys(functions).filter((n) => functions[n].events.some((e: any) => e.httpApi && e.httpApi !== '*'));
const scheduledFunctions = () => Object.keys(functions).filter((n) => functions[n].events.some((e: any) => e.schedule));
const functionArn = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:red-station-prod-${name}` });
const envOf = (name: string) => template.Resources[lambdaName(name)].Properties.Environment.Variables as Record<string, string>;

describe('safe to deploy (issue 14)', () => {
  it('puts no secret into the template or the state uploaded with it, even when the shell has them', () => {
    for (const file of readdirSync(out).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text).not.toContain(LEAKY_ENV.JWT_SECRET);
      expect(text).not.toContain(LEAKY_ENV.WECHAT_APP_SECRET);
    }
    for (const name of Object.keys(functions)) {
      expect(Object.keys(envOf(name))).not.toEqual(expect.arrayContaining(['JWT_SECRET']));
      expect(Object.keys(envOf(name))).not.toContain('WECHAT_APP_SECRET');
    }
  });

  it('lets exactly the functions that need a secret read its SSM parameter, and nothing else', () => {
    const jwtUsers = httpFunctions().filter((n) => n !== 'openapi').sort();
    const wechatUsers = ['codePoster', 'communityPosters', 'login', 'sendSubscribeMessages'];
    for (const name of Object.keys(functions)) {
      expect([name, envOf(name).JWT_SECRET_PARAM]).toEqual([name, jwtUsers.includes(name) ? '/red-station/prod/jwt-secret' : undefined]);
      expect([name, envOf(name).WECHAT_APP_SECRET_PARAM]).toEqual([name, wechatUsers.includes(name) ? '/red-station/prod/wechat-app-secret' : undefined]);
    }
    const policy = (id: string) => template.Resources[id].Properties;
    const jwt = policy('JwtSecretReadPolicy');
    expect(jwt.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameter'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/red-station/prod/jwt-secret' }],
        Condition: { ArnEquals: { 'lambda:SourceFunctionArn': expect.any(Array) } },
      },
    ]);
    const sources = (statement: any) => statement.Condition.ArnEquals['lambda:SourceFunctionArn'];
    expect(sources(jwt.PolicyDocument.Statement[0])).toEqual(expect.arrayContaining(jwtUsers.map(functionArn)));
    expect(sources(jwt.PolicyDocument.Statement[0])).toHaveLength(jwtUsers.length);
    expect(jwt.Roles.map((r: any) => r.Ref).sort()).toEqual([...new Set(jwtUsers.map((n) => functions[n].role))].sort());

    const wechat = policy('WechatSecretReadPolicy');
    const [ssm, token] = wechat.PolicyDocument.Statement;
    expect(ssm.Action).toEqual(['ssm:GetParameter']);
    expect(ssm.Resource).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/red-station/prod/wechat-app-secret' }]);
    expect(sources(ssm)).toEqual(expect.arrayContaining(wechatUsers.map(functionArn)));
    expect(sources(ssm)).toHaveLength(wechatUsers.length);
    // The shared access-token item, and only its partition.
    expect(token.Action).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(token.Condition['ForAllValues:StringEquals']).toEqual({ 'dynamodb:LeadingKeys': ['WECHAT#ACCESS_TOKEN'] });
    expect(wechat.Roles.map((r: any) => r.Ref).sort()).toEqual([...new Set(wechatUsers.map((n) => functions[n].role))].sort());

    // No other grant of SSM anywhere; the OpenAPI document and the catch-all read no secret.
    const ssmGrants = templateText.match(/"ssm:[A-Za-z*]+"/g) ?? [];
    expect(ssmGrants).toEqual(['"ssm:GetParameter"', '"ssm:GetParameter"']);
    for (const [, p] of resourcesOfType('AWS::IAM::Policy')) expect(p.Properties.Roles).not.toContainEqual({ Ref: 'NoDataRole' });
  });

  it('has no dev-login function or route outside the local stage', () => {
    expect(functions.devLogin).toBeUndefined();
    expect(template.Resources.DevLoginLambdaFunction).toBeUndefined();
    expect(templateText).not.toContain('/auth/dev-login');
  });

  it('runs on Node 22, bundled for Node 22', () => {
    const state = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8'));
    expect(state.service.provider.runtime).toBe('nodejs22.x');
    expect(state.service.custom.esbuild.target).toBe('node22');
  });

  it('allows CORS only from the H5 app\'s origin (the stage parameter), not *', () => {
    const cors = template.Resources.HttpApi.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual(['https://h5.example.cn']);
    expect(cors.AllowHeaders).toEqual(['content-type', 'authorization']);
    expect(cors.ExposeHeaders).toEqual(['retry-after']);
  });

  it('throttles the HTTP API stage by default, per stage', () => {
    expect(template.Resources.HttpApiStage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
  });

  it('runs each scheduled job at most once at a time, without silent retries, and alarms on its failure', () => {
    expect(scheduledFunctions().sort()).toEqual(expect.arrayContaining(['closeDueCrowdfunds', 'sweepNoShows']));
    const invokeConfigs = resourcesOfType('AWS::Lambda::EventInvokeConfig').map(([, r]) => r.Properties);
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    for (const name of scheduledFunctions()) {
      const id = lambdaName(name);
      expect(template.Resources[id].Properties.ReservedConcurrentExecutions).toBe(1);
      expect(invokeConfigs).toContainEqual(expect.objectContaining({ FunctionName: { Ref: id }, MaximumRetryAttempts: 0 }));
      expect(alarms).toContainEqual(
        expect.objectContaining({ MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }], Threshold: 1, AlarmActions: [{ Ref: 'AlarmTopic' }] }),
      );
    }
  });

  it('alarms to an SNS topic mailed to the alarm email: API 5xx rate, Lambda errors and throttles, DynamoDB throttling', () => {
    expect(template.Resources.AlarmTopic.Properties.Subscription).toEqual([{ Protocol: 'email', Endpoint: 'ops@example.cn' }]);
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
    const metricsOf = (a: any) => (a.Metrics ?? []).map((m: any) => m.MetricStat?.Metric.MetricName).filter(Boolean).concat(a.MetricName ?? []);
    const watched = alarms.map(metricsOf);
    expect(watched).toContainEqual(['5xx', 'Count']);
    expect(watched).toContainEqual(['Errors']);
    expect(watched).toContainEqual(['Throttles']);
    expect(watched).toContainEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    const api5xx = alarms.find((a) => metricsOf(a)[0] === '5xx');
    expect(api5xx.Metrics[0].Expression).toMatch(/errors \/ requests/);
  });

  it('bundles into each function only its own domain\'s routes and schemas, and only the Chinese zod messages', () => {
    // A route path each domain's route table alone contains.
    const marks: Record<string, string> = {
      crowdfund: '/ledger/{entryId}/reverse',
      members: '/report-ins/{userId}/review',
      booking: '/bookings/{bookingId}/check-in',
      venues: '/stations/{stationId}/opening-hours',
      codes: '/codes/{token}/rotate',
      org: '/communities/{communityId}/buildings',
    };
    for (const name of Object.keys(functions)) {
      const domain = functions[name].handler.split('/')[2];
      const entries = unzip(readFileSync(join(out, `${name}.zip`)));
      const code = [...entries].filter(([file]) => file.endsWith('.js')).map(([, bytes]) => bytes.toString('utf8')).join('\n');
      const found = Object.entries(marks).filter(([, path]) => code.includes(path)).map(([d]) => d);
      expect([name, found]).toEqual([name, name === 'openapi' ? Object.keys(marks) : Object.keys(marks).filter((d) => d === domain)]);
      expect([name, code.includes('Неверный ввод')]).toEqual([name, false]);
    }
  });

  it('refuses to package a deployed stage without a public https WEB_BASE_URL, saying so', () => {
    const { WEB_BASE_URL: _unset, ...withoutUrl } = LEAKY_ENV;
    expect(packagingError(['--stage', 'prod'], withoutUrl)).toMatch(/WEB_BASE_URL is not set .*public https address of the H5 app/);
    expect(packagingError(['--stage', 'prod'], { ...LEAKY_ENV, WEB_BASE_URL: 'http://127.0.0.1:10086' })).toMatch(/WEB_BASE_URL must start with https/);
    expect(packagingError(['--stage', 'prod'], { ...LEAKY_ENV, WEB_BASE_URL: 'https://localhost:8443' })).toMatch(/WEB_BASE_URL must not be a loopback address/);
    const { ALARM_EMAIL: _none, ...withoutEmail } = LEAKY_ENV;
    expect(packagingError(['--stage', 'prod'], withoutEmail)).toMatch(/ALARM_EMAIL is not set/);
  }, 120_000);
});

describe('photo uploads (issue 8)', () => {
  const bucket = () => template.Resources.UploadsBucket;
  const s3Grants = (role: string) =>
    (template.Resources[role].Properties.Policies ?? [])
      .flatMap((p: any) => p.PolicyDocument.Statement)
      .filter((st: any) => st.Action.some((a: string) => a.startsWith('s3:')))
      .flatMap((st: any) => st.Action.map((a: string) => [a, st.Resource.map((r: any) => r['Fn::Join'][1][2].split(':::')[1]).sort()]));

  it('has a private, encrypted bucket per stage that deletes unattached uploads after a day', () => {
    expect(bucket().Type).toBe('AWS::S3::Bucket');
    expect(bucket().DeletionPolicy).toBe('Retain');
    expect(bucket().Properties.BucketName).toBe('red-station-prod-uploads-ap-east-1');
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket().Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket().Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }]);
    expect(bucket().Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', Prefix: 'incoming/', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    ]);
    // No bucket policy: nothing is public; photos are shown through presigned GETs.
    expect(resourcesOfType('AWS::S3::BucketPolicy').filter(([, p]) => JSON.stringify(p.Properties.Bucket).includes('UploadsBucket'))).toEqual([]);
  });

  it('lets only the H5 app\'s origin POST to the bucket from a browser', () => {
    expect(bucket().Properties.CorsConfiguration.CorsRules).toEqual([expect.objectContaining({ AllowedMethods: ['POST'], AllowedOrigins: ['https://h5.example.cn'] })]);
  });

  it('tells every function the bucket, and no local S3 endpoint', () => {
    for (const name of Object.keys(functions)) {
      expect([name, envOf(name).UPLOADS_BUCKET, envOf(name).S3_ENDPOINT]).toEqual([name, 'red-station-prod-uploads-ap-east-1', '']);
    }
  });

  it('grants S3 only to the functions that sign uploads, attach them or show photos, each on its own prefixes', () => {
    const b = 'red-station-prod-uploads-ap-east-1';
    const roles = [...new Set(Object.values(functions).map((fn: any) => fn.role))].filter((r) => s3Grants(r).length > 0).sort();
    expect(roles).toEqual(['ActivityRole', 'CrowdfundPhotoWriterRole', 'CrowdfundReaderRole', 'CrowdfundWriterRole', 'OrgTreeWriterRole', 'RequestPhotoWriterRole', 'RequestReaderRole', 'RequestWriterRole', 'UploadTicketRole', 'VenueReaderRole', 'VenueWriterRole', 'WishPhotoWriterRole', 'WishReaderRole', 'WishWriterRole']);
    expect(functions.createUpload.role).toBe('UploadTicketRole');
    expect(s3Grants('UploadTicketRole')).toEqual([['s3:PutObject', [`${b}/incoming/*`]]]);
    expect(['createCrowdfund', 'updateCrowdfund', 'recordExpense'].map((n) => functions[n].role)).toEqual(Array(3).fill('CrowdfundPhotoWriterRole'));
    expect(s3Grants('CrowdfundPhotoWriterRole')).toEqual([
      ['s3:GetObject', [`${b}/crowdfund/*`, `${b}/incoming/crowdfund/*`, `${b}/incoming/receipt/*`, `${b}/receipt/*`]],
      ['s3:PutObject', [`${b}/crowdfund/*`, `${b}/receipt/*`]],
    ]);
    expect(s3Grants('CrowdfundReaderRole')).toEqual([['s3:GetObject', [`${b}/crowdfund/*`, `${b}/receipt/*`]]]);
    expect(s3Grants('VenueReaderRole')).toEqual([['s3:GetObject', [`${b}/room/*`, `${b}/station/*`]]]);
    // Creating and editing stations and rooms (venues/tree) attaches their photos.
    expect(s3Grants('OrgTreeWriterRole')).toEqual([
      ['s3:GetObject', [`${b}/incoming/room/*`, `${b}/incoming/station/*`, `${b}/room/*`, `${b}/station/*`]],
      ['s3:PutObject', [`${b}/room/*`, `${b}/station/*`]],
    ]);
    // Requests 诉求: submitting and resolving attach photos; every other function only shows them.
    expect(['createRequest', 'resolveRequest'].map((n) => functions[n].role)).toEqual(Array(2).fill('RequestPhotoWriterRole'));
    expect(s3Grants('RequestPhotoWriterRole')).toEqual([
      ['s3:GetObject', [`${b}/incoming/request/*`, `${b}/request/*`]],
      ['s3:PutObject', [`${b}/request/*`]],
    ]);
    expect(s3Grants('RequestReaderRole')).toEqual([['s3:GetObject', [`${b}/request/*`]]]);
    // Activities: one role for every activity function; photos of its own prefix only.
    expect(s3Grants('ActivityRole')).toEqual([
      ['s3:GetObject', [`${b}/activity/*`, `${b}/incoming/activity/*`]],
      ['s3:PutObject', [`${b}/activity/*`]],
    ]);
    // Wishes: posting and delivering attach photos; the rest only show them.
    expect(['createWish', 'deliverWish'].map((n) => functions[n].role)).toEqual(['WishPhotoWriterRole', 'WishPhotoWriterRole']);
    expect(s3Grants('WishPhotoWriterRole')).toEqual([
      ['s3:GetObject', [`${b}/incoming/wish/*`, `${b}/wish/*`]],
      ['s3:PutObject', [`${b}/wish/*`]],
    ]);
    expect(s3Grants('WishReaderRole')).toEqual([['s3:GetObject', [`${b}/wish/*`]]]);
    expect(s3Grants('WishWriterRole')).toEqual([['s3:GetObject', [`${b}/wish/*`]]]);
    // The ticket role writes only upload records.
    const ddbGrant = template.Resources.UploadTicketRole.Properties.Policies[0].PolicyDocument.Statement[0];
    expect([ddbGrant.Action, ddbGrant.Condition]).toEqual([['dynamodb:PutItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['UPLOAD#*'] } }]);
  });
});

describe('packaged for the China (Ningxia) region', () => {
  it('works with --region cn-northwest-1 and names no aws-partition ARN', () => {
    const cn = packageService(['--stage', 'prod', '--region', 'cn-northwest-1'], LEAKY_ENV);
    const text = readFileSync(join(cn, 'cloudformation-template-update-stack.json'), 'utf8');
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toContain('arn:${AWS::Partition}:');
    expect(JSON.parse(readFileSync(join(cn, 'serverless-state.json'), 'utf8')).service.provider.region).toBe('cn-northwest-1');
  }, 300_000);
});
