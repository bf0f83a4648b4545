import type { UnitKind } from './editing';

/** One field of a unit's form; `path` is the request field the server names in its errors. */
export interface Field {
  path: string;
  label: string;
  type: 'text' | 'number' | 'digit' | 'switch' | 'grid' | 'stationKind' | 'list';
  optional?: boolean;
  placeholder?: string;
}

export const FORMS: Record<UnitKind, Field[]> = {
  street: [{ path: 'name', label: '街道名称', type: 'text', placeholder: '如 幸福街道' }],
  community: [
    { path: 'name', label: '社区名称', type: 'text', placeholder: '如 幸福社区' },
    { path: 'address', label: '社区地址', type: 'text' },
  ],
  grid: [
    { path: 'name', label: '网格名称', type: 'text', placeholder: '如 第一网格' },
    { path: 'branchName', label: '网格党支部', type: 'text', optional: true },
    { path: 'secretaryName', label: '支部书记', type: 'text', optional: true },
  ],
  building: [
    { path: 'gridId', label: '所属网格', type: 'grid' },
    { path: 'estate', label: '小区', type: 'text', placeholder: '如 阳光小区' },
    { path: 'name', label: '楼栋', type: 'text', placeholder: '如 1 号楼' },
    { path: 'units', label: '单元数', type: 'number', optional: true },
    { path: 'households', label: '户数', type: 'number', optional: true },
  ],
  station: [
    { path: 'kind', label: '驿站类型', type: 'stationKind' },
    { path: 'name', label: '驿站名称', type: 'text' },
    { path: 'address', label: '地址', type: 'text' },
    { path: 'location.lat', label: '纬度', type: 'digit', placeholder: '如 31.2304' },
    { path: 'location.lng', label: '经度', type: 'digit', placeholder: '如 121.4737' },
    { path: 'phone', label: '联系电话', type: 'text' },
  ],
  room: [
    { path: 'name', label: '房间名称', type: 'text', placeholder: '如 多功能会议室' },
    { path: 'capacity', label: '容纳人数', type: 'number' },
    { path: 'facilities', label: '设施（用顿号或逗号分隔）', type: 'list', optional: true },
    { path: 'requiresApproval', label: '预约需审核', type: 'switch' },
  ],
};

export type FormValues = Record<string, string | boolean>;

function read(unit: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), unit);
}

/** The form's text values of a unit (empty for a new one). */
export function toForm(kind: UnitKind, unit?: Record<string, unknown>): FormValues {
  return Object.fromEntries(
    FORMS[kind].map((f) => {
      const v = unit ? read(unit, f.path) : undefined;
      if (f.type === 'switch') return [f.path, v === true];
      if (f.type === 'list') return [f.path, Array.isArray(v) ? v.join('、') : ''];
      if (f.type === 'stationKind') return [f.path, typeof v === 'string' ? v : 'estate'];
      return [f.path, v === undefined || v === null ? '' : String(v)];
    }),
  );
}

/**
 * The request body of a form: numbers as numbers (a blank optional one left out), lists
 * split on 、，, and dotted paths nested. The server checks the rest and names the field.
 */
export function toBody(kind: UnitKind, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of FORMS[kind]) {
    const raw = values[f.path];
    let value: unknown = raw;
    if (f.type === 'number' || f.type === 'digit') {
      const text = String(raw).trim();
      if (text === '' && f.optional) continue;
      value = text === '' ? undefined : Number(text);
    } else if (f.type === 'list') {
      value = String(raw)
        .split(/[、,，]/)
        .map((s) => s.trim())
        .filter(Boolean);
    }
    const keys = f.path.split('.');
    let target = body;
    for (const k of keys.slice(0, -1)) target = (target[k] ??= {}) as Record<string, unknown>;
    target[keys[keys.length - 1]] = value;
  }
  return body;
}
