import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { openApiDocument } from '../../functions/src/platform/openapi';
import { routes, type RouteDef } from '../../shared/src/api/routes';
import { ErrorBody } from '../../shared/src/errors';

/** Every schema reachable from `root` (through objects, arrays, unions, wrappers, pipes…). */
function reachable(root: z.ZodType, out = new Set<z.ZodType>()): Set<z.ZodType> {
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if ('_zod' in v) {
      const schema = v as z.ZodType;
      if (out.has(schema)) return;
      out.add(schema);
      for (const child of Object.values(schema._zod.def)) visit(child);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(visit);
  };
  visit(root);
  return out;
}

/** Component names (meta ids) carried by two different schemas. */
function clashingIds(schemas: Iterable<z.ZodType>): string[] {
  const byId = new Map<string, z.ZodType>();
  const clashes = new Set<string>();
  for (const schema of schemas) {
    const id = z.globalRegistry.get(schema)?.id;
    if (!id) continue;
    const other = byId.get(id);
    if (other && other !== schema) clashes.add(id);
    else byId.set(id, schema);
  }
  return [...clashes];
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as any;

  it('is OpenAPI 3.1 with every route of the shared table', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [name, r] of Object.entries(routes)) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op).toBeDefined();
      expect(op.operationId).toBe(name);
    }
  });

  it('describes request bodies from the same zod schemas the API validates with', () => {
    const login = doc.paths['/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LoginRequest' });
    expect(doc.components.schemas.LoginRequest.required).toEqual(['code']);
    expect(doc.components.schemas.DevLoginRequest.properties.openid.pattern).toBe('^[A-Za-z0-9_-]+$');
  });

  it('marks routes that need a token and documents the error body', () => {
    expect(doc.paths['/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/me'].get.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    expect(doc.paths['/communities'].get.security).toEqual([]);
  });

  it('gives every component name to one schema only, across all domains', () => {
    const all = new Set<z.ZodType>();
    for (const def of Object.values(routes) as RouteDef[]) {
      for (const schema of [def.body, def.query, typeof def.response === 'string' ? undefined : def.response]) if (schema) reachable(schema, all);
    }
    reachable(ErrorBody, all);
    expect(all.size).toBeGreaterThan(100);
    expect(clashingIds(all)).toEqual([]);
    // The check itself: two different schemas under one name are caught.
    const a = z.object({ decision: z.string() }).meta({ id: 'SameNameProbe' });
    const b = z.object({ note: z.string() }).meta({ id: 'SameNameProbe' });
    expect(clashingIds([...reachable(a), ...reachable(b)])).toEqual(['SameNameProbe']);
    expect(doc.paths['/crowdfunds/{crowdfundId}/approve'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CrowdfundApproveRequest' });
    expect(doc.components.schemas.CrowdfundApproveRequest.additionalProperties).toBe(false);
    expect(doc.components.schemas.MemberReviewRequest.required).toEqual(['decision']);
  });

  it('declares security on every operation, documents its 4xx answers and the 503 with Retry-After', () => {
    for (const [name, r] of Object.entries(routes) as [string, RouteDef][]) {
      const op = doc.paths[r.path][r.method];
      expect({ name, security: op.security }).toEqual({ name, security: r.auth === 'user' ? [{ bearer: [] }] : [] });
      expect({ name, has4xx: Object.keys(op.responses).some((code) => code.startsWith('4')) }).toEqual({ name, has4xx: true });
      expect(op.responses['503'].headers['Retry-After']).toBeDefined();
      for (const p of op.parameters?.filter((x: { in: string }) => x.in === 'path') ?? []) expect(p.schema.maxLength).toBe(64);
    }
    expect(doc.servers.length).toBeGreaterThan(0);
  });

  it('passes @redocly/cli lint with its recommended rules: no errors, no warnings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const bin = path.join(__dirname, '../../node_modules/.bin/redocly');
    const run = spawnSync(bin, ['lint', '--format=json', '--extends=recommended', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      timeout: 120_000,
    });
    const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});
