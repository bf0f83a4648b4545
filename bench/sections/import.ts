import type { BuildingImportResponse } from '../../shared/src/api/org';
import { importToTheEnd } from '../../shared/src/import-rounds';
import { buildingTable, xlsxOf } from '../../tests/support/spreadsheets';
import type { BenchContext } from '../context';
import { ms } from '../lib';

/**
 * Bulk import of 2,000 buildings (POST /communities/{id}/buildings/import) over HTTP as the
 * demo community admin: the dry run, the real run (100 transactions of 20 buildings with
 * their codes and audit entries; when a call's 20 s budget runs out, the client sends the
 * file again, as the mini-program does), and the same file again (changes nothing).
 * Wall time, calls, and DynamoDB requests (counted by the API per invocation).
 */
export async function run(ctx: BenchContext): Promise<void> {
  // The stack's readiness check left a keep-alive socket the server may just have closed: one retry.
  const token = await ctx.login('demo-admin').catch(() => ctx.login('demo-admin'));
  const rows = 2000;
  const file = await xlsxOf(buildingTable('幸福社区第一网格', `基准小区${Date.now()}`, rows));
  const call = async (dryRun: boolean): Promise<BuildingImportResponse> => {
    const res = await fetch(`${ctx.stack.apiUrl}/communities/cm-xingfu/buildings/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ fileName: '楼栋.xlsx', contentBase64: file.toString('base64'), dryRun }),
    });
    const out = (await res.json()) as BuildingImportResponse;
    if (res.status !== 200 || !out.totals) throw new Error(`import: HTTP ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
    return out;
  };
  console.log(`\n## Bulk import of buildings: ${rows} rows (.xlsx, ${(file.length / 1024).toFixed(1)} KB) into 幸福社区`);
  for (const [label, dryRun] of [['dry run 预览', true], ['real run 导入', false], ['same file again', false]] as const) {
    const since = Date.now();
    const t = performance.now();
    const { result, calls } = dryRun ? { result: await call(true), calls: 1 } : await importToTheEnd(() => call(false));
    const took = performance.now() - t;
    await new Promise((r) => setTimeout(r, 500)); // the API's last log line lands after the response
    const ddb = ctx.ddbRequestsPerCall('importBuildings', since) * calls;
    const totals = Object.entries(result.totals).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`${label.padEnd(16)} ${ms(took).padStart(12)}  HTTP calls ${calls}  DynamoDB requests ${ddb}  (${totals})`);
  }
}
