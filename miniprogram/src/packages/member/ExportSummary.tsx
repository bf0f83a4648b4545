/** 导出我的数据 on screen: the summary sections and the JSON as a file (党员中心 → 我的数据). */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ExportResponse } from '@shared/api/members';
import { api } from '../../api/client';
import { Button } from '../../components/ui';
import { IS_WEAPP } from '../../config';
import { exportFileName, type ExportNames, type SummarySection } from '../../utils/exportSummary';
import { saveTextFile } from '../../utils/saveFile';
import { formatCst } from '../../utils/time';

/** The export as read on screen, and the raw JSON for a file (see utils/exportSummary.ts). */
export interface Exported {
  raw: ExportResponse;
  sections: SummarySection[];
}

/** Names for the community and building ids in the export; missing names fall back in the summary. */
export async function exportNames(raw: ExportResponse): Promise<ExportNames> {
  const names: ExportNames = { communities: {}, buildings: {} };
  // Only the communities the export names (one read each), not the list of all of them.
  const communityIds = [...new Set([raw.memberProfile?.communityId, raw.reportIn?.communityId].filter((id): id is string => Boolean(id)))];
  const [communities, buildings] = await Promise.all([
    Promise.all(communityIds.map((communityId) => api('getCommunity', undefined, { params: { communityId }, silent: true }).catch(() => null))),
    raw.reportIn ? api('listBuildings', undefined, { params: { communityId: raw.reportIn.communityId }, query: { limit: 50 }, silent: true }).catch(() => null) : null,
  ]);
  for (const c of communities) if (c) names.communities[c.id] = c.name;
  for (const b of buildings?.items ?? []) names.buildings[b.id] = `${b.estate} ${b.name}`;
  return names;
}

export function ExportSummary({ data }: { data: Exported }) {
  const text = JSON.stringify(data.raw, null, 2);
  const save = async () => {
    const outcome = await saveTextFile(exportFileName(data.raw.exportedAt), text).catch(() => null);
    if (outcome === 'copied') void Taro.showToast({ title: '已复制到剪贴板', icon: 'none' });
    else if (outcome === null) void Taro.showToast({ title: '保存失败，请用“复制”', icon: 'none' });
  };
  return (
    <View id="member-export-summary">
      <Text className="m-export-note">导出于 {formatCst(data.raw.exportedAt, 'YYYY年M月D日 HH:mm')}（北京时间）</Text>
      {data.sections.map((section) => (
        <View key={section.key} className="m-export-section" id={`member-export-${section.key}`}>
          <Text className="m-export-section__title">{section.title}</Text>
          {section.rows.length === 0 ? (
            <Text className="m-export-row__value">{section.empty ?? '无'}</Text>
          ) : (
            section.rows.map((row, i) => (
              <View key={`${row.label}-${i}`} className="m-export-row">
                <Text className="m-export-row__label">{row.label}</Text>
                <Text className="m-export-row__value">{row.value}</Text>
              </View>
            ))
          )}
        </View>
      ))}
      <Text className="m-export-note">完整数据（含系统编号）可保存为 JSON 文件。</Text>
      <View className="m-export-actions">
        <Button id="member-export-download" size="small" type="primary" onClick={() => void save()}>
          {IS_WEAPP ? '保存为文件' : '下载 JSON 文件'}
        </Button>
        <Button id="member-export-copy" size="small" fill="outline" onClick={() => void Taro.setClipboardData({ data: text })}>
          复制 JSON
        </Button>
      </View>
    </View>
  );
}
