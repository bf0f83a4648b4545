import { randomBytes, randomInt } from 'node:crypto';
import { PAGE_MAX } from '@shared/api/common';
import { CODE_TOKEN_PATTERN, type BuildingPage, type CodeInfo, type CodeKind } from '@shared/api/codes';
import { normaliseShortCode, SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@shared/short-code';
import { authorize, type Principal } from '../lib/authorize';
import { config } from '../lib/config';
import { AppError, appError, conflict, notFound, ruleBroken } from '../lib/errors';
import { decodeCursor, encodeCursor, fromItem, type Item, type Page, type TxItem } from '../lib/dynamo';
import { keys } from '../lib/keys';
import { logger } from '../lib/logger';
import { nowIso } from '../lib/time';
import type { BuildingPageSnapshot, BuildingPartition, CodeRecord, CurrentCode, MemberCard } from './model';
import {
  assignShortCode,
  communityChildren,
  communityIndexPage,
  createCodeIfAbsent,
  getCode,
  getCurrentCodes,
  getMetas,
  getShortCode,
  newCodePuts,
  putBuildingPage,
  queryBuilding,
  rotate,
} from './storage';

/** 128 random bits from the OS CSPRNG, base64url: 22 characters, fits WeChat's 32-character scene. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

/** 8 characters from the look-alike-free alphabet, from the OS CSPRNG: about 40 bits. */
export function newShortCode(): string {
  let out = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) out += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return out;
}

/** Tries at drawing a free short code before giving up (a collision is ~1 in 10^11 per code). */
const SHORT_CODE_TRIES = 5;

/** 13812341234 → 138****1234; anything shorter keeps only its last two characters. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/**
 * 410 for a code that was replaced. `details` tell the page whom to ask: the community and,
 * when it has one, the phone of its party-mass service centre (else of its first station
 * with a phone): the page offers 返回首页 / 联系社区 instead of a retry that cannot work.
 */
export async function codeRotated(record: Pick<CodeRecord, 'communityId'>): Promise<AppError> {
  const details: Record<string, unknown> = { communityId: record.communityId };
  try {
    const [metas, stations] = await Promise.all([getMetas([keys.community(record.communityId)]), communityChildren(record.communityId, 'STATION')]);
    const community = metas.get(keys.community(record.communityId).pk);
    if (community) details.communityName = String(community.name);
    const withPhone = stations.filter((s) => typeof s.phone === 'string' && s.phone);
    const station = withPhone.find((s) => s.kind === 'centre') ?? withPhone[0];
    if (station) details.phone = String(station.phone);
  } catch (err) {
    logger.warn('community contact for a rotated code unavailable', { error: (err as Error).message });
  }
  return new AppError('CODE_ROTATED', 410, '该二维码已更新，请扫描新码', undefined, details);
}

function info(r: CodeRecord): CodeInfo {
  return {
    token: r.token,
    kind: r.kind,
    targetId: r.targetId,
    communityId: r.communityId,
    label: r.label,
    ...(r.shortCode ? { shortCode: r.shortCode } : {}),
    active: r.active,
    createdAt: r.createdAt,
  };
}

/** The code record behind a token or a typed short code ("K7M3-Q9TX"), active or not. */
async function findCode(tokenOrShortCode: string): Promise<CodeRecord | undefined> {
  if (CODE_TOKEN_PATTERN.test(tokenOrShortCode)) return getCode(tokenOrShortCode);
  const shortCode = normaliseShortCode(tokenOrShortCode);
  if (!shortCode) return undefined;
  const lookup = await getShortCode(shortCode);
  return lookup ? getCode(lookup.token) : undefined;
}

/** The active code behind a token or short code: 404 unknown, 410 rotated away, 422 when of another kind. */
export async function activeCode(token: string, kind?: CodeKind): Promise<CodeRecord> {
  const record = await findCode(token);
  if (!record) throw notFound('二维码');
  if (!record.active) throw await codeRotated(record);
  if (kind && record.kind !== kind) {
    const what = { building: '楼栋', community: '社区', room: '房间' }[kind];
    throw ruleBroken('WRONG_CODE_KIND', `请扫描${what}二维码`);
  }
  return record;
}

export async function resolveCode(token: string): Promise<CodeInfo> {
  const record = await activeCode(token);
  return { ...info(record), label: await currentLabel(record) };
}

export async function rotateCode(principal: Principal, token: string): Promise<{ previous: string; code: CodeInfo }> {
  const old = await activeCode(token);
  authorize(principal, 'code:manage', { kind: 'community', communityId: old.communityId });
  const fresh: CodeRecord = { ...old, token: newToken(), shortCode: newShortCode(), active: true, createdAt: nowIso() };
  delete fresh.rotatedAt;
  delete fresh.replacedBy;
  if (!(await rotate(old, fresh))) throw conflict('CODE_CHANGED', '二维码刚被更换，请刷新后重试');
  return { previous: old.token, code: info(fresh) };
}

/** Creates the code of a target that has none (first code of a new building), with its short code; true when created. */
export async function ensureCode(kind: CodeKind, targetId: string, communityId: string, label: string, token = newToken()): Promise<boolean> {
  for (let i = 0; i < SHORT_CODE_TRIES; i++) {
    const outcome = await createCodeIfAbsent({ token, kind, targetId, communityId, label, shortCode: newShortCode(), active: true, createdAt: nowIso() });
    if (outcome !== 'short-code-taken') return outcome === 'created';
  }
  throw new Error('no free short code after several tries');
}

/**
 * The first code of a target being created (a new building or room), as Puts for the
 * target's own transaction: created with it or not at all. The short code's Put is the
 * last one: when only it fails, draw again (`newShortCode` collisions are ~1 in 10^11).
 */
export function firstCodePuts(kind: CodeKind, targetId: string, communityId: string, label: string): TxItem[] {
  return newCodePuts({ token: newToken(), kind, targetId, communityId, label, shortCode: newShortCode(), active: true, createdAt: nowIso() });
}

/**
 * A code made before short codes existed gets one (admin list, demo load); returns the
 * record with it. Idempotent: a code that has one, or gets one meanwhile, keeps it.
 */
export async function withShortCode(record: CodeRecord): Promise<CodeRecord> {
  let current: CodeRecord | undefined = record;
  for (let i = 0; i < SHORT_CODE_TRIES && current && current.active && !current.shortCode; i++) {
    const shortCode = newShortCode();
    if (await assignShortCode(current, shortCode)) return { ...current, shortCode };
    current = await getCode(current.token);
  }
  return current ?? record;
}

/** withShortCode by token (demo load: codes stored before short codes existed). */
export async function backfillShortCode(token: string): Promise<void> {
  const record = await getCode(token);
  if (record) await withShortCode(record);
}

export function buildingLabel(communityName: string, b: { estate: string; name: string }): string {
  return `${communityName} · ${b.estate} ${b.name}`;
}

/** Where a page of the admin code list starts: the community's own code, its buildings, its room codes. */
type CodeListPhase = 'community' | 'buildings' | 'rooms';
const PHASE_PREFIX = { buildings: 'BUILDING#', rooms: 'CODE#ROOM#' } as const;

function badCursor(): AppError {
  return appError('VALIDATION_FAILED', '分页参数无效，请从第一页重新加载', [{ path: 'cursor', message: '分页参数无效' }]);
}

/** The cursor of the code list: the phase and, inside one, DynamoDB's key to go on after. */
function readCodeCursor(communityId: string, cursor: string | undefined): { phase: CodeListPhase; start?: Item } {
  const key = decodeCursor(cursor);
  if (!key) return { phase: 'community' };
  const { at, ...start } = key;
  if (at !== 'buildings' && at !== 'rooms') throw badCursor();
  if (Object.keys(start).length === 0) return { phase: at };
  if (start.gsi1pk !== `COMMUNITY#${communityId}` || typeof start.gsi1sk !== 'string' || !start.gsi1sk.startsWith(PHASE_PREFIX[at])) throw badCursor();
  return { phase: at, start };
}

/**
 * The current code of each target, created where missing (a building added since the codes
 * were made), with a short code where it predates them. Bounded by `targets`.
 */
async function currentCodes(targets: { kind: CodeKind; id: string; label: string }[], communityId: string): Promise<CodeInfo[]> {
  let found = await getCurrentCodes(targets);
  const missing = targets.filter((t) => !found.has(`${t.kind}:${t.id}`));
  for (const t of missing) await ensureCode(t.kind, t.id, communityId, t.label);
  const old = [...found.values()].filter((c) => !c.shortCode);
  for (const c of old) {
    const record = await getCode(c.token);
    if (record) await withShortCode(record);
  }
  if (missing.length > 0 || old.length > 0) found = await getCurrentCodes(targets);
  // The label as the names are now (a code keeps the one it was made with): a rename shows at once.
  return targets.flatMap((t) => {
    const c = found.get(`${t.kind}:${t.id}`);
    return c ? [{ ...c, label: t.label, active: true }] : [];
  });
}

/** A room code's label as the station and room are named now: `<station> · <room>` (the stored one, for a room gone). */
async function roomLabels(codes: { targetId: string; label: string }[]): Promise<Map<string, string>> {
  const rooms = await getMetas(codes.map((c) => keys.room(c.targetId)));
  const stations = await getMetas([...new Set([...rooms.values()].map((r) => String(r.stationId)))].map((id) => keys.station(id)));
  return new Map(
    codes.map((c) => {
      const room = rooms.get(keys.room(c.targetId).pk);
      const station = room ? stations.get(keys.station(String(room.stationId)).pk) : undefined;
      return [c.targetId, room && station ? `${String(station.name)} · ${String(room.name)}` : c.label];
    }),
  );
}

/** The label a code's poster prints, from the current names of what it points at. */
export async function currentLabel(record: CodeRecord): Promise<string> {
  if (record.kind === 'room') return (await roomLabels([record])).get(record.targetId) ?? record.label;
  const metas = await getMetas([keys.community(record.communityId), ...(record.kind === 'building' ? [keys.building(record.targetId)] : [])]);
  const community = metas.get(keys.community(record.communityId).pk);
  if (!community) return record.label;
  if (record.kind === 'community') return String(community.name);
  const building = metas.get(keys.building(record.targetId).pk);
  return building ? buildingLabel(String(community.name), building as unknown as { estate: string; name: string }) : record.label;
}

/**
 * One page of a community's codes for its admin: the community's own first, then one per
 * building (made if missing), then the rooms' codes. A page reads at most `limit` index
 * items plus one BatchGetItem, whatever the community's size.
 */
export async function communityCodes(principal: Principal, communityId: string, page: { limit: number; cursor?: string }): Promise<Page<CodeInfo>> {
  authorize(principal, 'code:manage', { kind: 'community', communityId });
  let { phase, start } = readCodeCursor(communityId, page.cursor);
  const community = (await getMetas([keys.community(communityId)])).get(keys.community(communityId).pk);
  if (!community) throw notFound('社区');
  const communityName = String(community.name);
  const out: CodeInfo[] = [];
  let done = false;
  while (!done && out.length < page.limit) {
    if (phase === 'community') {
      out.push(...(await currentCodes([{ kind: 'community', id: communityId, label: communityName }], communityId)));
      phase = 'buildings';
      continue;
    }
    const res = await communityIndexPage(communityId, PHASE_PREFIX[phase], page.limit - out.length, start);
    if (phase === 'buildings') {
      const targets = res.items.map((b) => ({ kind: 'building' as const, id: String(b.id), label: buildingLabel(communityName, b as { estate: string; name: string }) }));
      out.push(...(await currentCodes(targets, communityId)));
    } else {
      const room = res.items.map((i) => fromItem<CurrentCode>(i));
      const labels = await roomLabels(room);
      const targets = room.map((c) => ({ kind: 'room' as const, id: c.targetId, label: labels.get(c.targetId) ?? c.label }));
      out.push(...(await currentCodes(targets, communityId)));
    }
    start = res.last;
    if (!res.last) {
      if (phase === 'rooms') done = true;
      else phase = 'rooms';
    }
  }
  return { items: out, nextCursor: done ? undefined : encodeCursor({ at: phase, ...(start ?? {}) }) };
}

/** Every code of a community, page after page (the posters PDF prints them all). */
export async function allCommunityCodes(principal: Principal, communityId: string): Promise<CodeInfo[]> {
  const all: CodeInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await communityCodes(principal, communityId, { limit: PAGE_MAX, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

// ---------------------------------------------------------------- building page

/** The page's read model from its parts (a building, its grid and community, the community's stations). */
function snapshotOf(building: Item, grid: Item, community: Item, stations: Item[]): BuildingPageSnapshot {
  return {
    building: { id: String(building.id), name: String(building.name), estate: String(building.estate) },
    community: { id: String(community.id), name: String(community.name), address: String(community.address) },
    grid: {
      id: String(grid.id),
      name: String(grid.name),
      branchName: String(grid.branchName),
      secretaryName: String(grid.secretaryName),
      workerName: String(grid.workerName),
      workerPhoneMasked: maskPhone(String(grid.workerPhone ?? '')),
    },
    // A deactivated station 已停用 leaves the page with the next refresh.
    stations: stations
      .filter((s) => !s.deactivatedAt)
      .map((s) => ({ id: String(s.id), name: String(s.name), address: String(s.address) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    builtAt: nowIso(),
  };
}

/** Builds the read model from the org tree and the community's stations (3 requests). */
export async function buildPageSnapshot(buildingId: string): Promise<BuildingPageSnapshot | undefined> {
  const building = (await getMetas([keys.building(buildingId)])).get(keys.building(buildingId).pk);
  if (!building) return undefined;
  const communityId = String(building.communityId);
  const metas = await getMetas([keys.grid(String(building.gridId)), keys.community(communityId)]);
  const grid = metas.get(keys.grid(String(building.gridId)).pk);
  const community = metas.get(keys.community(communityId).pk);
  if (!grid || !community) return undefined;
  return snapshotOf(building, grid, community, await communityChildren(communityId, 'STATION'));
}

/** Rebuilds a building's page read model; call after the org tree or a station changes. */
export async function refreshBuildingPage(buildingId: string): Promise<boolean> {
  const snapshot = await buildPageSnapshot(buildingId);
  if (!snapshot) return false;
  await putBuildingPage(buildingId, snapshot);
  return true;
}

/**
 * Rebuilds the page of every building that shows a renamed unit: one building, a grid's
 * buildings or a whole community's. Pages through the community's buildings
 * (PAGE_MAX at a time: one index Query and one BatchGetItem of their grids per page); the
 * community and its stations are read once. Returns how many pages were rebuilt.
 */
export async function refreshBuildingPages(filter: { communityId: string } | { gridId: string } | { buildingId: string }): Promise<number> {
  if ('buildingId' in filter) return (await refreshBuildingPage(filter.buildingId)) ? 1 : 0;
  let communityId: string;
  let gridId: string | undefined;
  if ('gridId' in filter) {
    const grid = (await getMetas([keys.grid(filter.gridId)])).get(keys.grid(filter.gridId).pk);
    if (!grid) return 0;
    communityId = String(grid.communityId);
    gridId = filter.gridId;
  } else communityId = filter.communityId;
  const [metas, stations] = await Promise.all([getMetas([keys.community(communityId)]), communityChildren(communityId, 'STATION')]);
  const community = metas.get(keys.community(communityId).pk);
  if (!community) return 0;
  let refreshed = 0;
  let start: Item | undefined;
  do {
    const page = await communityIndexPage(communityId, 'BUILDING#', PAGE_MAX, start);
    const buildings = page.items.filter((b) => !gridId || b.gridId === gridId);
    const grids = await getMetas([...new Set(buildings.map((b) => String(b.gridId)))].map((id) => keys.grid(id)));
    await Promise.all(
      buildings.map(async (b) => {
        const grid = grids.get(keys.grid(String(b.gridId)).pk);
        if (!grid) return;
        await putBuildingPage(String(b.id), snapshotOf(b, grid, community, stations));
        refreshed++;
      }),
    );
    start = page.last;
  } while (start);
  return refreshed;
}

/** Only consenting cards, and never a full number: the card holds none, and this checks again. */
export function visibleMembers(cards: MemberCard[]): BuildingPage['members'] {
  return cards
    .filter((c) => c.userId && c.name)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'))
    .map((c) => ({
      userId: c.userId,
      name: c.name,
      ...(c.photoUrl ? { photoUrl: c.photoUrl } : {}),
      branch: c.branch,
      posts: c.posts,
      ...(c.phoneVisible && c.phoneMasked ? { phoneMasked: c.phoneMasked } : {}),
      canReveal: Boolean(c.phoneVisible && c.phoneMasked),
    }));
}

/** The building's partition, for a caller holding its current code: 404 otherwise, 410 for a replaced one. */
export async function openBuilding(buildingId: string, token: string): Promise<BuildingPartition & { meta: NonNullable<BuildingPartition['meta']> }> {
  const part = await queryBuilding(buildingId);
  if (!part.meta) throw notFound('楼栋');
  if (!part.code || part.code.token !== token) {
    const record = CODE_TOKEN_PATTERN.test(token) ? await getCode(token) : undefined;
    if (record && !record.active && record.kind === 'building' && record.targetId === buildingId) throw await codeRotated(record);
    throw notFound('二维码');
  }
  return { ...part, meta: part.meta };
}

/**
 * The public building page, opened with the building's current code. Happy path: ONE
 * DynamoDB Query of the building's partition. A token that is not the current one costs
 * one more GetItem to tell "rotated" (410) from "unknown" (404); a missing read model is
 * built once and stored.
 */
export async function buildingPage(buildingId: string, token: string): Promise<BuildingPage> {
  const part = await openBuilding(buildingId, token);
  let page = part.page;
  if (!page) {
    page = await buildPageSnapshot(buildingId);
    if (!page) throw notFound('楼栋');
    await putBuildingPage(buildingId, page);
  }
  return {
    building: page.building,
    community: page.community,
    grid: page.grid,
    members: visibleMembers(part.members),
    stations: page.stations,
    crowdfunds: [],
  };
}
