import { buildingTable, xlsxOf } from '../../tests/support/spreadsheets';
import type { BenchContext } from '../context';
import { ms } from '../lib';

/**
 * Bulk import of 2,000 buildings (POST /communities/{id}/buildings/import) over HTTP as the
 * demo community admin: the dry run, the real run (100 transactions of 20 buildings with
 * their codes and audit entries), and the same file again (changes nothing). Time of each
 * call and its DynamoDB requests (counted by the API per invocation).
 */
export async function run(ctx: BenchContext): Promise<void> {
  const token = await ctx.login('demo-admin');
  const rows = 2000;
  const file = await xlsxOf(buildingTable('幸福社区第一网格', `基准小区${Date.now()}`, rows));
  const body = (dryRun: boolean) => JSON.stringify({ fileName: '楼栋.xlsx', contentBase64: file.toString('base64'), dryRun });
  console.log(`\n## Bulk import of buildings: ${rows} rows (.xlsx, ${(file.length / 1024).toFixed(1)} KB) into 幸福社区, one request each`);
  for (const [label, dryRun] of [['dry run 预览', true], ['real run 导入', false], ['same file again', false]] as const) {
    const since = Date.now();
    const t = performance.now();
    const res = await fetch(`${ctx.stack.apiUrl}/communities/cm-xingfu/buildings/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body(dryRun),
    });
    const out = (await res.json()) as { totals?: Record<string, number> };
    const took = performance.now() - t;
    await new Promise((r) => setTimeout(r, 300)); // the API's log line lands after the response
    const totals = out.totals ? Object.entries(out.totals).map(([k, v]) => `${k} ${v}`).join(', ') : JSON.stringify(out);
    console.log(`${label.padEnd(16)} HTTP ${res.status}  ${ms(took).padStart(12)}  DynamoDB requests ${ctx.ddbRequestsPerCall('importBuildings', since)}  (${totals})`);
  }
}
