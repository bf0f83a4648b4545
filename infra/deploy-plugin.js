'use strict';
/**
 * What every deployed stage (any stage but `local`) gets on top of serverless.yml, applied
 * to all functions as osls resolved them, so a function added in a domain's functions.yml
 * is covered without touching this file:
 *  - checks: WEB_BASE_URL (stage parameter webBaseUrl) is a public https address, an
 *    alarm email is given; packaging stops with a clear message otherwise;
 *  - CORS: only the H5 app's origin(s) (stage parameter h5Origins; default: the origin of
 *    webBaseUrl; `local`: any);
 *  - secrets: each function that needs one gets the name of its SSM parameter in its
 *    environment, and its role may read exactly that parameter, and only from that
 *    function (condition lambda:SourceFunctionArn). The JWT secret: every HTTP function
 *    except custom.secrets.jwt.except; the WeChat AppSecret: custom.secrets.wechat.functions,
 *    which also share the cached WeChat access token item in the table;
 *  - scheduled functions: at most one run at a time (reserved concurrency 1), no silent
 *    retries (maximumRetryAttempts 0), an alarm on any failure.
 * The cross-cutting alarms themselves (API 5xx rate, Lambda errors and throttles, DynamoDB
 * throttling) are plain CloudFormation in infra/alarms.yml.
 */

/** Mirrors checkWebBaseUrl in functions/src/lib/config.ts (which checks again at run time). */
function webBaseUrlProblem(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return 'is not set';
  }
  if (url.protocol !== 'https:') return 'must start with https://';
  if (/^(localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(url.hostname)) return 'must not be a loopback address';
  return undefined;
}

class DeployPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      initialize: () => this.configure(),
      'before:package:finalize': () => this.addResources(),
    };
  }

  get stage() {
    return this.serverless.service.provider.stage;
  }

  fail(message) {
    throw new this.serverless.classes.Error(message);
  }

  /** Functions serving a real route (not the catch-all), and the scheduled ones. */
  functions() {
    const all = Object.entries(this.serverless.service.functions || {});
    const http = all.filter(([, fn]) => (fn.events || []).some((e) => e.httpApi && e.httpApi !== '*')).map(([name]) => name);
    const scheduled = all.filter(([, fn]) => (fn.events || []).some((e) => e.schedule)).map(([name]) => name);
    return { all, http, scheduled };
  }

  secretUsers() {
    const { secrets } = this.serverless.service.custom;
    const { http } = this.functions();
    const jwt = http.filter((name) => !(secrets.jwt.except || []).includes(name));
    const wechat = (secrets.wechat.functions || []).filter((name) => this.serverless.service.functions[name]);
    return { jwt, wechat };
  }

  configure() {
    const { service } = this.serverless;
    const { provider, custom } = service;
    const cors = provider.httpApi && provider.httpApi.cors;
    if (this.stage === 'local') {
      if (cors && typeof cors === 'object' && !cors.allowedOrigins) cors.allowedOrigins = custom.h5Origins ? String(custom.h5Origins).split(',') : ['*'];
      return;
    }
    const command = (this.serverless.processedInput && this.serverless.processedInput.commands) || [];
    const packaging = command[0] === 'package' || command[0] === 'deploy';

    const webBaseUrl = provider.environment.WEB_BASE_URL;
    const problem = webBaseUrlProblem(webBaseUrl);
    if (problem && packaging) {
      this.fail(
        `WEB_BASE_URL ${problem} (got "${webBaseUrl || ''}"): on stage "${this.stage}" set it to the public https address of the H5 app, ` +
          `e.g. WEB_BASE_URL=https://h5.example.cn or --param="webBaseUrl=https://h5.example.cn". Posters print it into their QR codes.`,
      );
    }
    if (!custom.alarms.email && packaging) {
      this.fail(`ALARM_EMAIL is not set: on stage "${this.stage}" alarms need an address, e.g. ALARM_EMAIL=ops@example.cn or --param="alarmEmail=ops@example.cn".`);
    }
    if (cors && typeof cors === 'object') {
      const origins = String(custom.h5Origins || '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      if (!origins.length && !problem) origins.push(new URL(webBaseUrl).origin);
      if (origins.includes('*') && packaging) this.fail(`h5Origins must name the H5 app's origin(s), not "*", on stage "${this.stage}".`);
      cors.allowedOrigins = origins;
      // The H5 app POSTs photos straight to the uploads bucket: the same origins only.
      const bucket = service.resources && service.resources.Resources && service.resources.Resources.UploadsBucket;
      if (bucket) for (const rule of bucket.Properties.CorsConfiguration.CorsRules) rule.AllowedOrigins = origins;
    }

    // Secrets: only the parameter's name, and only where it is needed.
    const { jwt, wechat } = this.secretUsers();
    for (const name of jwt) this.env(name).JWT_SECRET_PARAM = custom.secrets.jwt.parameter;
    for (const name of wechat) this.env(name).WECHAT_APP_SECRET_PARAM = custom.secrets.wechat.parameter;

    // Scheduled jobs: one run at a time, a failure is reported (alarm), not retried blindly.
    for (const name of this.functions().scheduled) {
      const fn = service.functions[name];
      fn.reservedConcurrency = 1;
      fn.maximumRetryAttempts = 0;
    }
  }

  env(functionName) {
    const fn = this.serverless.service.functions[functionName];
    fn.environment = fn.environment || {};
    return fn.environment;
  }

  addResources() {
    if (this.stage === 'local') return;
    const { service } = this.serverless;
    const { naming } = this.serverless.getProvider('aws');
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    const { custom } = service;
    const functionArn = (name) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${service.functions[name].name}`,
    });
    const parameterArn = (parameter) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${parameter}` });
    const rolesOf = (names) => [...new Set(names.map((n) => service.functions[n].role))].sort().map((role) => ({ Ref: role }));
    const fromFunctions = (names) => ({ ArnEquals: { 'lambda:SourceFunctionArn': names.map(functionArn) } });
    // Only the function's own Lambda may use these grants (roles are shared within a domain).
    // SecureStrings under the AWS managed key aws/ssm need no kms grant (its key policy
    // lets SSM decrypt for the account); a customer managed key (custom.secrets.kmsKeyArn) does.
    const readParameter = (parameter, names) => [
      { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [parameterArn(parameter)], Condition: fromFunctions(names) },
      ...(custom.secrets.kmsKeyArn
        ? [
            {
              Effect: 'Allow',
              Action: ['kms:Decrypt'],
              Resource: [custom.secrets.kmsKeyArn],
              // SSM calls KMS for the function: only through SSM (the source ARN is not on that call).
              Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.${AWS::URLSuffix}' } } },
            },
          ]
        : []),
    ];

    const { jwt, wechat } = this.secretUsers();
    resources.JwtSecretReadPolicy = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `${service.service}-${this.stage}-jwt-secret`,
        Roles: rolesOf(jwt),
        PolicyDocument: { Version: '2012-10-17', Statement: readParameter(custom.secrets.jwt.parameter, jwt) },
      },
    };
    if (wechat.length) {
      resources.WechatSecretReadPolicy = {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: `${service.service}-${this.stage}-wechat-secret`,
          Roles: rolesOf(wechat),
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              ...readParameter(custom.secrets.wechat.parameter, wechat),
              // The access token shared by all containers: one item (functions/src/wechat/storage.ts).
              {
                Effect: 'Allow',
                Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
                Resource: [{ 'Fn::GetAtt': ['Table', 'Arn'] }],
                Condition: {
                  ...fromFunctions(wechat),
                  'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [custom.secrets.wechat.tokenPartition] },
                },
              },
            ],
          },
        },
      };
    }

    for (const name of this.functions().scheduled) {
      const id = naming.getLambdaLogicalId(name);
      resources[`${id}FailureAlarm`] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmDescription: `Scheduled job ${name} failed (it is not retried; the next run is in its period).`,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: 'AlarmTopic' }],
        },
      };
    }
  }
}

module.exports = DeployPlugin;
