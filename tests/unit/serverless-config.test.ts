import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { routes } from '../../shared/src/api/routes';
import { localTableDefinition } from '../../scripts/local/table';

const ROOT = resolve(__dirname, '../..');

// `osls package --stage prod` runs offline; its CloudFormation template is what AWS gets.
let template: { Resources: Record<string, any> };
let functions: Record<string, any>;

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'rs-package-'));
  execFileSync(resolve(ROOT, 'node_modules/.bin/osls'), ['package', '--stage', 'prod', '--package', out], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
  });
  template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  // The service as osls resolved it (each domain's functions.yml merged in).
  functions = JSON.parse(readFileSync(join(out, 'serverless-state.json'), 'utf8')).service.functions;
}, 120_000);

const lambdaName = (fn: string) => `${fn[0].toUpperCase()}${fn.slice(1)}LambdaFunction`;

describe('serverless.yml packaged for prod', () => {
  it('declares exactly the routes of the shared route table, plus the catch-all and scheduled jobs', () => {
    const http = Object.entries(functions).filter(([, fn]) => fn.events[0].httpApi && fn.events[0].httpApi !== '*');
    const declared = http.map(([name, fn]) => [name, fn.events[0].httpApi]);
    const expected = Object.entries(routes).map(([name, r]) => [name, { method: r.method.toUpperCase(), path: r.path }]);
    expect(declared.sort()).toEqual(expected.sort());
    expect(functions.notFound.events[0].httpApi).toBe('*');
    const scheduled = Object.entries(functions).filter(([, fn]) => fn.events[0].schedule).map(([name, fn]) => [name, fn.events[0].schedule]);
    expect(scheduled).toEqual(expect.arrayContaining([['sweepNoShows', 'rate(5 minutes)'], ['closeDueCrowdfunds', 'rate(5 minutes)']]));
  });

  it('has a Lambda function on Node 20 for every function, each in its own bundle and with its own role', () => {
    for (const name of Object.keys(functions)) {
      const fn = template.Resources[lambdaName(name)];
      expect(fn).toBeDefined();
      expect(fn.Properties.Runtime).toBe('nodejs20.x');
      expect(fn.Properties.Code.S3Key).toMatch(new RegExp(`/${name}\\.zip$`));
      expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [functions[name].role, 'Arn'] });
    }
  });

  it('grants each role only DynamoDB actions on this table, and the catch-all none', () => {
    for (const [name, fn] of Object.entries(functions)) {
      const role = template.Resources[fn.role];
      const statements = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
      for (const st of statements) {
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
      [...Object.values(routes).map((r) => `${r.method.toUpperCase()} ${r.path}`), '$default'].sort(),
    );
  });
});
