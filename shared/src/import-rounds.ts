import type { BuildingImportResponse, BuildingImportRow } from './api/org';

/**
 * One real import told by several calls: a call that ran out of time leaves rows `pending`
 * and the client sends the same file again. A row keeps what the call that wrote it said
 * (created / updated); later calls see it `unchanged`.
 */
export function mergeImportRounds(earlier: BuildingImportResponse, later: BuildingImportResponse): BuildingImportResponse {
  const before = new Map(earlier.rows.map((r) => [r.row, r]));
  const rows: BuildingImportRow[] = later.rows.map((r) => {
    const was = before.get(r.row);
    return was && (was.result === 'created' || was.result === 'updated') && r.result === 'unchanged' ? { ...was, buildingId: r.buildingId ?? was.buildingId } : r;
  });
  const totals = { created: 0, unchanged: 0, updated: 0, error: 0, pending: 0, skippedEmpty: later.totals.skippedEmpty };
  for (const r of rows) totals[r.result]++;
  return { dryRun: later.dryRun, rows, totals };
}

/** Most calls one import makes before it gives up and shows what is still pending. */
export const IMPORT_MAX_ROUNDS = 10;

/** Runs a real import to the end: the same file again while rows are pending (at most IMPORT_MAX_ROUNDS calls). */
export async function importToTheEnd(call: () => Promise<BuildingImportResponse>): Promise<{ result: BuildingImportResponse; calls: number }> {
  let result = await call();
  let calls = 1;
  while (result.totals.pending > 0 && calls < IMPORT_MAX_ROUNDS) {
    result = mergeImportRounds(result, await call());
    calls++;
  }
  return { result, calls };
}
