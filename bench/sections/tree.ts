import { DEMO_CODES, DEMO_ORG } from '../../functions/src/demo/data';
import type { BenchContext } from '../context';
import { measure, ms, percentile } from '../lib';

/**
 * The organisation tree (#8): what an edit costs (renaming a building refreshes its page;
 * renaming the community refreshes every page of it), and the building page after the
 * edit: still ONE DynamoDB Query per call, now showing the new name.
 */
export async function run(ctx: BenchContext): Promise<void> {
  const { stack, requests: n, concurrency: c } = ctx;
  const admin = await ctx.login('demo-admin');
  const building = DEMO_ORG.buildings.find((b) => b.id === 'bd-xingfu-1')!;
  const community = DEMO_ORG.communities.find((x) => x.id === building.communityId)!;
  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  const since = Date.now();
  const edits = 20;
  const renames = await measure(edits, 1, async () => {
    await send('PUT', `/buildings/${building.id}`, { gridId: building.gridId, estate: building.estate, name: `${building.name}（基准）` });
    await send('PUT', `/buildings/${building.id}`, { gridId: building.gridId, estate: building.estate, name: building.name });
  });
  const communityRenames = await measure(edits, 1, async () => {
    await send('PUT', `/communities/${community.id}`, { name: `${community.name}（基准）`, address: community.address });
    await send('PUT', `/communities/${community.id}`, { name: community.name, address: community.address });
  });
  await send('PUT', `/buildings/${building.id}`, { gridId: building.gridId, estate: building.estate, name: `${building.name}（已改名）` });

  const token = DEMO_CODES.find((x) => x.targetId === building.id)!.token;
  const url = `${stack.apiUrl}/buildings/${building.id}?code=${token}`;
  await measure(100, c, async () => void (await (await fetch(url)).arrayBuffer()));
  const pageSince = Date.now();
  let stale = 0;
  const page = await measure(n, c, async () => {
    const body = (await (await fetch(url)).json()) as { building?: { name: string } };
    if (body.building?.name !== `${building.name}（已改名）`) stale++;
  });
  await send('PUT', `/buildings/${building.id}`, { gridId: building.gridId, estate: building.estate, name: building.name });

  console.log(`\n## Organisation tree: edits, and the building page after an edit (${n} requests at concurrency ${c})`);
  console.log(`PUT /buildings/{id} (rename + refresh its page)       p50 ${ms(percentile(renames, 50) / 2)}  DynamoDB requests per call: ${ctx.ddbRequestsPerCall('updateBuilding', since).toFixed(2)}`);
  console.log(`PUT /communities/{id} (rename + ${community.buildingCount} building pages + stations)  p50 ${ms(percentile(communityRenames, 50) / 2)}  DynamoDB requests per call: ${ctx.ddbRequestsPerCall('updateCommunity', since).toFixed(2)}`);
  console.log(`building page after the edit  p50 ${ms(percentile(page, 50))}  p99 ${ms(percentile(page, 99))}  stale or failed answers: ${stale}`);
  console.log(`DynamoDB requests per building page after the edit (counted in the API): ${ctx.ddbRequestsPerCall('buildingPage', pageSince).toFixed(2)}`);
}
