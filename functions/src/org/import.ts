/**
 * Bulk import of buildings 批量导入楼栋 from the spreadsheet a community office already has
 * (.xlsx or .csv; columns 网格, 小区, 楼栋 and optional 单元数, 户数, in any order).
 *
 * One function computes the plan, for the dry run and the real run alike: per data row
 * created / unchanged / updated / error (with a Chinese reason). The real run applies the
 * rows that are not in error and reports the others as the dry run did, so a file with a
 * few bad rows need not be fixed before the good ones go in; the page shows the errors
 * before 确认导入. A building is identified by community + grid + estate + name (its id is
 * derived from them, so two imports of one file at once cannot create it twice);
 * re-importing the same file changes nothing.
 *
 * Writes: 20 new buildings per transaction, each with its QR code (record, pointer, short
 * code) and its audit entry (5 items × 20 = DynamoDB's 100); 50 updates per transaction
 * (update + audit). Up to 4 transactions run at once, so 2,000 rows take ~100 transactions
 * (a few seconds on DynamoDB). A call starts no new transaction after its time budget
 * (20 s of API Gateway's 30): rows left are `pending`, and the client sends the same file
 * again to go on — the import being idempotent, that is safe, and nothing times out midway.
 * The new building's page read model is built on its first visit (codes/domain buildingPage).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { hasUnsafeText } from '@shared/api/common';
import {
  BUILDING_NAME_MAX,
  ESTATE_NAME_MAX,
  HOUSEHOLDS_MAX,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  UNITS_MAX,
  type BuildingImportBody,
  type BuildingImportResponse,
  type BuildingImportRow,
} from '@shared/api/org';
import { auditPut } from '../audit/storage';
import { buildingLabel, firstCodePuts } from '../codes/domain';
import { authorize, type Principal } from '../lib/authorize';
import { failedItems, type TxItem } from '../lib/dynamo';
import { notFound, ruleBroken } from '../lib/errors';
import { nowIso } from '../lib/time';
import type { Building, Grid } from './model';
import {
  addToBuildingCount,
  buildingCountsUpdate,
  buildingCreatePut,
  buildingsOfCommunity,
  communityNames,
  gridsOfCommunity,
  parentInService,
  writeImportBatch,
} from './storage';
import { keys } from '../lib/keys';

// ---------------------------------------------------------------- reading the file

/** The columns, by their header text. */
const COLUMNS = { grid: '网格', estate: '小区', name: '楼栋', units: '单元数', households: '户数' } as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['grid', 'estate', 'name'];

/** One data row as written in the file (cells trimmed; '' when blank). */
export interface SheetRow {
  row: number;
  grid: string;
  estate: string;
  name: string;
  units: string;
  households: string;
}

export interface Sheet {
  rows: SheetRow[];
  skippedEmpty: number;
}

const unreadable = () => ruleBroken('IMPORT_FILE_UNREADABLE', '无法读取该文件，请上传 Excel（.xlsx）或 CSV 表格', [{ path: 'contentBase64', message: '无法读取该文件' }]);

/** CSV text: UTF-8 (with or without BOM), else GB18030, what Excel on a Chinese Windows saves. */
function csvText(bytes: Buffer): string {
  if (bytes.includes(0)) throw unreadable();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\ufeff/, '');
}

async function loadWorksheet(fileName: string, bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  if (/\.xlsx$/i.test(fileName)) {
    // An .xlsx is a zip: anything else (an old .xls renamed, a picture) is refused before parsing.
    if (bytes.subarray(0, 4).toString('binary') !== 'PK\x03\x04') throw unreadable();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw unreadable();
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw unreadable();
    return sheet;
  }
  try {
    // Every cell stays text: a building named 1-2 is not a date, 007 keeps its zeros.
    return await workbook.csv.read(Readable.from([csvText(bytes)]), { map: (value: string) => value } as never);
  } catch (err) {
    if ((err as { code?: string }).code === 'IMPORT_FILE_UNREADABLE') throw err;
    throw unreadable();
  }
}

const cellText = (row: ExcelJS.Row, column: number | undefined) => (column === undefined ? '' : row.getCell(column).text.trim());

/**
 * The data rows of the first sheet: the first non-empty row is the header (columns found by
 * name, any order); blank rows are skipped and counted. 422 with the missing columns named,
 * or when there are no rows or more than IMPORT_MAX_ROWS.
 */
export async function readSheet(fileName: string, bytes: Buffer): Promise<Sheet> {
  if (bytes.length > IMPORT_MAX_BYTES) throw ruleBroken('IMPORT_FILE_TOO_BIG', '文件不超过 2 MB', [{ path: 'contentBase64', message: '文件不超过 2 MB' }]);
  const sheet = await loadWorksheet(fileName, bytes);
  let header: Partial<Record<Column, number>> | undefined;
  const rows: SheetRow[] = [];
  let skippedEmpty = 0;
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (tooMany) return;
    const texts = (row.values as unknown[]).map((_, i) => (i === 0 ? '' : cellText(row, i)));
    if (texts.every((t) => t === '')) {
      if (header) skippedEmpty++;
      return;
    }
    if (!header) {
      header = {};
      for (const [column, title] of Object.entries(COLUMNS) as [Column, string][]) {
        const at = texts.indexOf(title);
        if (at > 0) header[column] = at;
      }
      const missing = REQUIRED.filter((c) => header![c] === undefined).map((c) => COLUMNS[c]);
      if (missing.length > 0) {
        throw ruleBroken('IMPORT_COLUMNS_MISSING', `表格缺少列：${missing.join('、')}（第一行应为列名：网格、小区、楼栋，可选单元数、户数）`, [
          { path: 'contentBase64', message: `缺少列：${missing.join('、')}` },
        ]);
      }
      return;
    }
    if (rows.length >= IMPORT_MAX_ROWS) {
      tooMany = true;
      return;
    }
    rows.push({
      row: rowNumber,
      grid: cellText(row, header.grid),
      estate: cellText(row, header.estate),
      name: cellText(row, header.name),
      units: cellText(row, header.units),
      households: cellText(row, header.households),
    });
  });
  if (tooMany) throw ruleBroken('IMPORT_TOO_MANY_ROWS', `每次最多导入 ${IMPORT_MAX_ROWS} 行，请拆分后分批导入`);
  if (!header) throw ruleBroken('IMPORT_EMPTY', '表格是空的：第一行应为列名：网格、小区、楼栋，可选单元数、户数');
  if (rows.length === 0) throw ruleBroken('IMPORT_EMPTY', '表格中没有楼栋数据');
  return { rows, skippedEmpty };
}

// ---------------------------------------------------------------- the plan (pure)

/** A building's id from what identifies it: the same file always means the same ids. */
export function importedBuildingId(communityId: string, gridId: string, estate: string, name: string): string {
  return `bd-${createHash('sha256').update([communityId, gridId, estate, name].join('\u0000')).digest('base64url').slice(0, 22)}`;
}

const identity = (gridId: string, estate: string, name: string) => `${gridId}\u0000${estate}\u0000${name}`;
const length = (s: string) => [...s].length;

/** A row of the plan: what the response shows, and for the real run what to write. */
export interface PlannedRow extends BuildingImportRow {
  create?: Building;
  update?: { before: Building; after: Pick<Building, 'units' | 'households'> };
}

function count(text: string, label: string, max: number, errors: string[]): number | undefined {
  if (text === '') return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    errors.push(`${label}应为 1–${max} 的整数`);
    return undefined;
  }
  return n;
}

function nameErrors(value: string, label: string, max: number, errors: string[]): void {
  if (value === '') errors.push(`请填写${label}`);
  else if (length(value) > max) errors.push(`${label}名称不超过 ${max} 个字（现有 ${length(value)} 个）`);
  else if (hasUnsafeText(value)) errors.push(`${label}含有不可见或控制字符，请删除后重试`);
}

const shown = (n: number | undefined) => (n === undefined ? '未填' : String(n));

/**
 * What importing `rows` into the community does, row by row. A blank 单元数/户数 leaves the
 * stored count as it is; a different one is an update.
 */
export function planImport(communityId: string, rows: SheetRow[], grids: Grid[], existing: Building[]): PlannedRow[] {
  const gridsByName = new Map<string, Grid[]>();
  const deactivatedNames = new Set<string>();
  // Only grids in service take buildings (as when one building is added: units.ts): a deactivated one is named as such.
  for (const g of grids) {
    if (g.deactivatedAt) deactivatedNames.add(g.name);
    else gridsByName.set(g.name, [...(gridsByName.get(g.name) ?? []), g]);
  }
  const stored = new Map(existing.map((b) => [identity(b.gridId, b.estate, b.name), b]));
  const firstRow = new Map<string, number>();
  return rows.map((r) => {
    const errors: string[] = [];
    if (r.grid === '') errors.push('请填写网格');
    nameErrors(r.estate, '小区', ESTATE_NAME_MAX, errors);
    nameErrors(r.name, '楼栋', BUILDING_NAME_MAX, errors);
    const units = count(r.units, '单元数', UNITS_MAX, errors);
    const households = count(r.households, '户数', HOUSEHOLDS_MAX, errors);
    const matches = r.grid === '' ? [] : (gridsByName.get(r.grid) ?? []);
    if (r.grid !== '' && matches.length === 0) errors.push(deactivatedNames.has(r.grid) ? `网格“${r.grid}”已停用，请改填在用的网格` : `网格“${r.grid}”不存在，请先在本社区添加该网格`);
    if (matches.length > 1) errors.push(`本社区有 ${matches.length} 个名为“${r.grid}”的网格，无法确定是哪一个`);
    const key = identity(r.grid, r.estate, r.name);
    const first = firstRow.get(key);
    if (first !== undefined) errors.push(`与第 ${first} 行重复`);
    else if (r.grid !== '' && r.estate !== '' && r.name !== '') firstRow.set(key, r.row);
    const base = { row: r.row, grid: r.grid, estate: r.estate, name: r.name, ...(units !== undefined ? { units } : {}), ...(households !== undefined ? { households } : {}) };
    if (errors.length > 0) return { ...base, result: 'error' as const, reason: errors.join('；') };
    const grid = matches[0]!;
    const before = stored.get(identity(grid.id, r.estate, r.name));
    if (!before) {
      const id = importedBuildingId(communityId, grid.id, r.estate, r.name);
      const create: Building = { id, communityId, gridId: grid.id, estate: r.estate, name: r.name, ...(units !== undefined ? { units } : {}), ...(households !== undefined ? { households } : {}) };
      return { ...base, result: 'created' as const, buildingId: id, create };
    }
    const changes: string[] = [];
    if (units !== undefined && units !== before.units) changes.push(`单元数 ${shown(before.units)} → ${units}`);
    if (households !== undefined && households !== before.households) changes.push(`户数 ${shown(before.households)} → ${households}`);
    if (changes.length === 0) return { ...base, result: 'unchanged' as const, buildingId: before.id };
    return { ...base, result: 'updated' as const, reason: changes.join('，'), buildingId: before.id, update: { before, after: { units, households } } };
  });
}

export function totals(rows: BuildingImportRow[], skippedEmpty: number): BuildingImportResponse['totals'] {
  const t = { created: 0, unchanged: 0, updated: 0, error: 0, pending: 0, skippedEmpty };
  for (const r of rows) t[r.result]++;
  return t;
}

// ---------------------------------------------------------------- applying it

/** 5 items each (building, code record, code pointer, short code, audit) + the grid's guard: 96 of DynamoDB's 100. */
export const CREATES_PER_TRANSACTION = 19;
const UPDATES_PER_TRANSACTION = 50; // 2 items each: update, audit
const PARALLEL_TRANSACTIONS = 4;
const ATTEMPTS = 5;
const CHANGED_MEANWHILE = '该楼栋刚被他人创建或修改，请重新预览后再导入';
const GRID_GONE = '所选网格刚被停用或已不属于本社区，请重新预览后再导入';

type Write = { row: PlannedRow; items: () => TxItem[]; shortCodeAt?: number };
/** A transaction's writes; new buildings come with their grid's guard (one grid per batch). */
type Batch = { writes: Write[]; gridGuard?: (creates: number) => TxItem };

function createWrite(row: PlannedRow, b: Building, communityName: string, actorId: string, at: string): Write {
  const audit = auditPut({ scope: { kind: 'COMMUNITY', id: b.communityId }, actorId, action: 'building.create', target: { kind: 'building', id: b.id, name: `${b.estate} ${b.name}` }, after: { ...b, via: 'import' }, at });
  // codes' domain draws a fresh token and short code per try: a taken short code (item 3) is simply tried again.
  return { row, items: () => [buildingCreatePut(b), ...firstCodePuts('building', b.id, b.communityId, buildingLabel(communityName, b)), audit], shortCodeAt: 3 };
}

function updateWrite(row: PlannedRow, before: Building, after: Pick<Building, 'units' | 'households'>, actorId: string, at: string): Write {
  const next = { ...before, ...Object.fromEntries(Object.entries(after).filter(([, v]) => v !== undefined)) };
  const audit = auditPut({
    scope: { kind: 'COMMUNITY', id: before.communityId },
    actorId,
    action: 'building.update',
    target: { kind: 'building', id: before.id, name: `${before.estate} ${before.name}` },
    before: { units: before.units, households: before.households },
    after: { units: next.units, households: next.households, via: 'import' },
    at,
  });
  return { row, items: () => [buildingCountsUpdate(before, after), audit] };
}

/**
 * One transaction of writes; a short code that is taken is drawn again, a building created
 * or changed meanwhile is reported on its row and left out, and the rest is tried again.
 */
async function applyBatch({ writes, gridGuard }: Batch): Promise<void> {
  let pending = writes;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const layout = pending.map((w) => ({ w, items: w.items() }));
    const guard = gridGuard ? [gridGuard(pending.length)] : [];
    const outcome = await writeImportBatch([...guard, ...layout.flatMap((l) => l.items)]);
    if (outcome.ok) return;
    const failedAt = new Set(failedItems(outcome.reasons));
    if (guard.length > 0 && failedAt.has(0)) {
      // The grid was deactivated (or moved) since the plan was read: none of its buildings goes in.
      for (const w of pending) Object.assign(w.row, { result: 'error', reason: GRID_GONE });
      return;
    }
    const next: Write[] = [];
    let offset = guard.length;
    for (const { w, items } of layout) {
      const failed = items.map((_, i) => failedAt.has(offset + i));
      offset += items.length;
      const onlyShortCode = failed.some(Boolean) && failed.every((f, i) => !f || i === w.shortCodeAt);
      if (failed.some(Boolean) && !onlyShortCode) {
        Object.assign(w.row, { result: 'error', reason: CHANGED_MEANWHILE });
        continue;
      }
      next.push(w);
    }
    if (attempt >= ATTEMPTS) {
      for (const w of next) Object.assign(w.row, { result: 'error', reason: CHANGED_MEANWHILE });
      return;
    }
    pending = next;
  }
}

/** Runs the tasks `width` at a time; none starts after `deadline` (ms epoch) but the first, so every call progresses. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number, deadline: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length && (next === 0 || Date.now() < deadline)) await tasks[next++]!();
    }),
  );
}

const chunks = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** How long a call may go on starting transactions (API Gateway gives up at 30 s). */
export const IMPORT_TIME_BUDGET_MS = 20_000;

async function applyPlan(communityId: string, plan: PlannedRow[], communityName: string, actorId: string, deadline: number): Promise<void> {
  const at = nowIso();
  const creates = plan.flatMap((r) => (r.create ? [createWrite(r, r.create, communityName, actorId, at)] : []));
  const updates = plan.flatMap((r) => (r.update ? [updateWrite(r, r.update.before, r.update.after, actorId, at)] : []));
  // New buildings are batched per grid, each batch guarded by its grid (in service, of this
  // community) and bumping the grid's version, as createBuilding does: a grid deactivation that
  // looked for buildings before the batch went in fails its version-guarded Put and looks again.
  const byGrid = new Map<string, Write[]>();
  for (const w of creates) byGrid.set(w.row.create!.gridId, [...(byGrid.get(w.row.create!.gridId) ?? []), w]);
  const batches: Batch[] = [
    ...[...byGrid].flatMap(([gridId, writes]) => chunks(writes, CREATES_PER_TRANSACTION).map((c) => ({ writes: c, gridGuard: (n: number) => parentInService(keys.grid(gridId), { communityId, count: { field: 'buildingCount', delta: n } }) }))),
    ...chunks(updates, UPDATES_PER_TRANSACTION).map((c) => ({ writes: c })),
  ];
  const started = new Set<Batch>();
  await inParallel(
    batches.map((b) => () => {
      started.add(b);
      return applyBatch(b);
    }),
    PARALLEL_TRANSACTIONS,
    deadline,
  );
  for (const b of batches) if (!started.has(b)) for (const w of b.writes) Object.assign(w.row, { result: 'pending', reason: '本次未完成，请继续导入' });
  await addToBuildingCount(communityId, creates.filter((w) => w.row.result === 'created').length);
}

/** POST /communities/{id}/buildings/import: the plan, and unless a dry run, the plan applied. */
export async function importBuildings(principal: Principal, communityId: string, body: BuildingImportBody, budgetMs = IMPORT_TIME_BUDGET_MS): Promise<BuildingImportResponse> {
  const deadline = Date.now() + budgetMs;
  authorize(principal, 'community:manage', { kind: 'community', communityId });
  const communityName = (await communityNames([communityId])).get(communityId);
  if (communityName === undefined) throw notFound('社区');
  const sheet = await readSheet(body.fileName, Buffer.from(body.contentBase64, 'base64'));
  const [grids, existing] = await Promise.all([gridsOfCommunity(communityId), buildingsOfCommunity(communityId)]);
  const plan = planImport(communityId, sheet.rows, grids, existing);
  if (!body.dryRun) await applyPlan(communityId, plan, communityName, principal.userId, deadline);
  // A row in error, or one a dry run would create, has no building (yet).
  const rows = plan.map(({ create: _c, update: _u, buildingId, ...row }) =>
    row.result === 'error' || row.result === 'pending' || (body.dryRun && row.result === 'created') ? row : { ...row, buildingId },
  );
  return { dryRun: body.dryRun, rows, totals: totals(rows, sheet.skippedEmpty) };
}
