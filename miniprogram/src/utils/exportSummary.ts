/**
 * 导出我的数据: the export (GET /me/export) as a person reads it: sections with Chinese labels,
 * Asia/Shanghai times, names instead of ids, no openid or internal ids. The raw JSON stays
 * available as a file (utils/saveFile.ts). Pure: unit-tested in test/export-summary.test.ts.
 */
import type { ExportResponse } from '@shared/api/members';
import type { RoleName, Roles } from '@shared/roles';
import { ROLE_LABELS, roleNamesOf } from './roles';
import { MEMBER_STATUS_TEXT, REPORT_IN_STATUS_TEXT } from './status';
import { formatCst } from './time';

export interface SummaryRow {
  label: string;
  value: string;
}

export interface SummarySection {
  /** ASCII key for element ids: account, member, reportIn, revealsMade, revealsOfMe. */
  key: string;
  title: string;
  rows: SummaryRow[];
  /** Shown instead of rows when there is nothing. */
  empty?: string;
}

/** Names for the ids the export refers to (from GET /communities and the community's buildings). */
export interface ExportNames {
  communities: Record<string, string>;
  buildings: Record<string, string>;
}

const yesNo = (v: boolean) => (v ? '是' : '否');
const time = (iso: string | undefined) => (iso ? formatCst(iso, 'YYYY年M月D日 HH:mm') : '');
const list = (items: readonly string[], none: string) => (items.length > 0 ? items.join('、') : none);

function isRoles(v: unknown): v is Roles {
  const r = v as Roles | undefined;
  return typeof r === 'object' && r !== null && Array.isArray(r.staffStationIds) && Array.isArray(r.adminCommunityIds);
}

function account(user: Record<string, unknown>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  if (typeof user.nickname === 'string') rows.push({ label: '昵称', value: user.nickname });
  if (isRoles(user.roles)) rows.push({ label: '身份', value: roleNamesOf(user.roles).map((r: RoleName) => ROLE_LABELS[r]).join('、') });
  if (typeof user.createdAt === 'string') rows.push({ label: '注册时间', value: time(user.createdAt) });
  return rows;
}

function reveals(items: ExportResponse['revealsMade'], what: string): SummaryRow[] {
  if (items.length === 0) return [];
  const sorted = [...items].sort((a, b) => b.at.localeCompare(a.at));
  return [{ label: '次数', value: `${items.length} 次` }, ...sorted.map((r) => ({ label: what, value: time(r.at) }))];
}

export function summariseExport(data: ExportResponse, names: ExportNames): SummarySection[] {
  const communityName = (id: string) => names.communities[id] ?? '（名称未知）';
  const p = data.memberProfile;
  const r = data.reportIn;
  return [
    { key: 'account', title: '账号', rows: account(data.user) },
    {
      key: 'member',
      title: '党员资料',
      empty: '未申请党员身份认证',
      rows: p
        ? [
            { label: '姓名', value: p.name },
            { label: '所在社区', value: communityName(p.communityId) },
            { label: '党支部或工作单位', value: p.branch },
            { label: '手机号', value: p.phone },
            { label: '认证状态', value: MEMBER_STATUS_TEXT[p.status] },
            ...(p.note ? [{ label: '审核说明', value: p.note }] : []),
            { label: '在楼栋码上展示我', value: yesNo(p.consents.showOnBuilding) },
            { label: '允许居民查看我的电话', value: yesNo(p.consents.phoneVisible) },
            { label: '申请时间', value: time(p.appliedAt) },
            ...(p.reviewedAt ? [{ label: '审核时间', value: time(p.reviewedAt) }] : []),
          ]
        : [],
    },
    {
      key: 'reportIn',
      title: '社区报到与认岗',
      empty: '尚未向社区报到',
      rows: r
        ? [
            { label: '报到社区', value: communityName(r.communityId) },
            { label: '居住楼栋', value: names.buildings[r.buildingId] ?? '（名称未知）' },
            { label: '报到状态', value: REPORT_IN_STATUS_TEXT[r.status] },
            { label: '特长', value: list(r.skills, '未填写') },
            { label: '可服务时间', value: list(r.availableTimes, '未填写') },
            { label: '认领的岗位', value: list(r.posts, '暂未认岗') },
            { label: '报到时间', value: time(r.reportedAt) },
            ...(r.reviewedAt ? [{ label: '确认时间', value: time(r.reviewedAt) }] : []),
          ]
        : [],
    },
    { key: 'revealsMade', title: '我查看过的党员电话', empty: '没有查看记录', rows: reveals(data.revealsMade, '查看时间') },
    { key: 'revealsOfMe', title: '我的电话被查看的记录', empty: '没有被查看的记录', rows: reveals(data.revealsOfMe, '被查看时间') },
  ];
}

/** "红色驿站-我的数据-20250601-1430.json" (Asia/Shanghai). */
export function exportFileName(exportedAt: string): string {
  return `红色驿站-我的数据-${formatCst(exportedAt, 'YYYYMMDD-HHmm') || 'export'}.json`;
}
