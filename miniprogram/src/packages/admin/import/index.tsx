import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BuildingImportResponse, BuildingImportRow } from '@shared/api/org';
import { importToTheEnd, mergeImportRounds } from '@shared/import-rounds';
import { api, requestLogin, showError } from '../../../api/client';
import { useSession } from '../../../hooks/useSession';
import { useRequest } from '../../../hooks/useRequest';
import { PageShell } from '../../../components/PageShell';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../components/ui';
import { ChoiceChips } from '../../../components/Chips';
import { IS_WEAPP, THEME_RED } from '../../../config';
import { pickSpreadsheet, type PickedFile } from './pick-file';
import './index.css';

const RESULT_NAMES: Record<BuildingImportRow['result'], string> = { created: '新增', updated: '更新', unchanged: '不变', error: '有误', pending: '待继续' };
/** Rows shown at first; 显示更多 adds as many (2,000 rows at once would make a phone stutter). */
const ROWS_STEP = 100;
/** A real run of 2,000 rows may take a while on a slow network. */
const IMPORT_TIMEOUT_MS = 60_000;

function Summary({ result, done }: { result: BuildingImportResponse; done: boolean }) {
  const t = result.totals;
  return (
    <View className="imp-summary" id={done ? 'admin-import-done' : 'admin-import-summary'}>
      <Text className="imp-summary__title">{done ? '导入完成' : '预览结果（尚未导入）'}</Text>
      <Text className="imp-summary__line" id={done ? 'admin-import-done-totals' : 'admin-import-totals'}>
        {`${done ? '已新增' : '将新增'} ${t.created} 栋 · ${done ? '已更新' : '将更新'} ${t.updated} 栋 · 不变 ${t.unchanged} 栋 · 有误 ${t.error} 行`}
        {t.skippedEmpty > 0 ? ` · 空行 ${t.skippedEmpty} 行已跳过` : ''}
        {t.pending > 0 ? ` · 待继续 ${t.pending} 行（请再次确认导入）` : ''}
      </Text>
      {t.error > 0 && <Text className="imp-summary__warn">{done ? '有误的行没有导入，请修改表格后重新导入这些行。' : '有误的行不会导入；可先修改表格再重新选择文件，或只导入无误的行。'}</Text>}
    </View>
  );
}

function RowsTable({ rows, onlyErrors }: { rows: BuildingImportRow[]; onlyErrors: boolean }) {
  const [shown, setShown] = useState(ROWS_STEP);
  const visible = onlyErrors ? rows.filter((r) => r.result === 'error') : rows;
  return (
    <View className="imp-table" id="admin-import-table">
      <View className="imp-row imp-row--head">
        <Text className="imp-cell imp-cell--row">行</Text>
        <Text className="imp-cell imp-cell--what">网格 / 小区 / 楼栋</Text>
        <Text className="imp-cell imp-cell--result">结果</Text>
      </View>
      {visible.slice(0, shown).map((r) => (
        <View key={r.row} className={`imp-row imp-row--${r.result}`} id={`admin-import-row-${r.row}`}>
          <Text className="imp-cell imp-cell--row">{r.row}</Text>
          <View className="imp-cell imp-cell--what">
            <Text className="imp-what">{[r.grid || '（无网格）', r.estate || '（无小区）', r.name || '（无楼栋）'].join(' / ')}</Text>
            {(r.units !== undefined || r.households !== undefined) && (
              <Text className="imp-counts">{[r.units !== undefined ? `${r.units} 个单元` : '', r.households !== undefined ? `${r.households} 户` : ''].filter(Boolean).join('，')}</Text>
            )}
            {r.reason && <Text className="imp-reason" id={`admin-import-row-${r.row}-reason`}>{r.reason}</Text>}
          </View>
          <Text className={`imp-cell imp-cell--result imp-result--${r.result}`} id={`admin-import-row-${r.row}-result`}>
            {RESULT_NAMES[r.result]}
          </Text>
        </View>
      ))}
      {visible.length === 0 && <Text className="imp-empty">没有有误的行</Text>}
      {visible.length > shown && (
        <View className="imp-more">
          <Button id="admin-import-more" size="small" fill="outline" onClick={() => setShown((n) => n + ROWS_STEP)}>
            {`显示更多（还有 ${visible.length - shown} 行）`}
          </Button>
        </View>
      )}
    </View>
  );
}

/** 批量导入楼栋 (社区管理员): pick the office's spreadsheet, preview row by row, then 确认导入. */
export default function ImportBuildingsPage() {
  const session = useSession();
  const me = useRequest(() => api('me', undefined, { silent: true }), [session?.token], { enabled: session !== null });
  // Opened from a community of the tree (`?communityId=`): that community is chosen.
  const [selected, setSelected] = useState<string | null>(useRouter().params.communityId ?? null);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [preview, setPreview] = useState<BuildingImportResponse | null>(null);
  const [done, setDone] = useState<BuildingImportResponse | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);

  if (!session) {
    return (
      <PageShell id="page-admin-import">
        <View className="state-view" id="admin-import-logged-out">
          <Text className="state-view__title">请先登录</Text>
          <Button id="admin-import-login" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  const communities = me.data?.adminCommunities ?? [];
  const community = communities.find((c) => c.id === selected) ?? communities[0];

  const run = async (picked: PickedFile, dryRun: boolean) =>
    api(
      'importBuildings',
      { fileName: picked.name, contentBase64: picked.contentBase64, dryRun },
      { params: { communityId: community!.id }, timeout: IMPORT_TIMEOUT_MS },
    );

  const choose = async () => {
    if (!community) return;
    let picked: PickedFile | null;
    try {
      picked = await pickSpreadsheet();
    } catch (err) {
      showError(err);
      return;
    }
    if (!picked) return;
    setFile(picked);
    setPreview(null);
    setDone(null);
    setOnlyErrors(false);
    setBusy('preview');
    try {
      setPreview(await run(picked, true));
    } catch {
      // api() has shown the server's message (missing columns, not a spreadsheet…).
    } finally {
      setBusy(null);
    }
  };

  const confirmImport = async () => {
    if (!file || !preview || !community) return;
    const t = preview.totals;
    const { confirm } = await Taro.showModal({
      title: '确认导入',
      content: `将在“${community.name}”新增 ${t.created} 栋、更新 ${t.updated} 栋楼栋，新楼栋同时生成楼栋码。${t.error > 0 ? `有误的 ${t.error} 行不会导入。` : ''}确定导入吗？`,
      confirmText: '导入',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!confirm) return;
    setBusy('import');
    try {
      // A slow moment may leave rows pending: the same file again goes on (the import is idempotent).
      const { result } = await importToTheEnd(() => run(file, false));
      setDone(result);
      setPreview(null);
      void Taro.showToast({ title: '导入完成', icon: 'success' });
    } catch {
      // shown by api()
    } finally {
      setBusy(null);
    }
  };

  const goOn = async () => {
    if (!file || !done) return;
    setBusy('import');
    try {
      const { result } = await importToTheEnd(() => run(file, false));
      setDone(mergeImportRounds(done, result));
    } catch {
      // shown by api()
    } finally {
      setBusy(null);
    }
  };

  const changes = preview ? preview.totals.created + preview.totals.updated : 0;
  const shown = done ?? preview;

  return (
    <PageShell id="page-admin-import">
      <StateView
        idPrefix="admin-import"
        loading={me.loading}
        error={me.error}
        empty={me.data !== undefined && communities.length === 0}
        emptyText="仅社区管理员可导入楼栋"
        onRetry={() => void me.reload()}
      >
        {community && (
          <View>
            <View className="section">
              <Text className="section__title">社区</Text>
              <View className="imp-chips">
                <ChoiceChips
                  idPrefix="admin-import-community"
                  options={communities.map((c) => ({ value: c.id, label: c.name }))}
                  value={community.id}
                  onChange={(id) => {
                    setSelected(id);
                    setFile(null);
                    setPreview(null);
                    setDone(null);
                  }}
                />
              </View>
            </View>
            <View className="section imp-help">
              <Text className="section__title">表格格式</Text>
              <Text className="imp-help__line">第一行为列名：网格、小区、楼栋（必填），单元数、户数（选填），列的顺序不限。</Text>
              <Text className="imp-help__line">网格须已在本社区建立；同一网格、小区、楼栋只写一行。每次最多 2000 行，文件不超过 2 MB。</Text>
              <Text className="imp-help__line">再次导入同一表格不会重复创建；单元数、户数有变化的楼栋会更新。</Text>
              <View className="imp-actions">
                <Button id="admin-import-choose" type="primary" block loading={busy === 'preview'} disabled={busy !== null} onClick={() => void choose()}>
                  {IS_WEAPP ? '从聊天中选择 Excel / CSV 文件' : '选择 Excel / CSV 文件'}
                </Button>
                {file && (
                  <Text className="imp-file" id="admin-import-file-name">
                    {`已选择：${file.name}（${(file.size / 1024).toFixed(1)} KB）`}
                  </Text>
                )}
              </View>
            </View>
            {shown && (
              <View className="section">
                <Summary result={shown} done={done !== null} />
                {shown.totals.error > 0 && (
                  <View className="imp-chips">
                    <ChoiceChips
                      idPrefix="admin-import-filter"
                      options={[
                        { value: 'all', label: '全部行' },
                        { value: 'errors', label: '只看有误的行' },
                      ]}
                      value={onlyErrors ? 'errors' : 'all'}
                      onChange={(v) => setOnlyErrors(v === 'errors')}
                    />
                  </View>
                )}
                <RowsTable key={`${done ? 'done' : 'preview'}-${onlyErrors}`} rows={shown.rows} onlyErrors={onlyErrors} />
                {preview && (
                  <View className="imp-actions">
                    <Button id="admin-import-confirm" type="primary" block loading={busy === 'import'} disabled={changes === 0 || busy !== null} onClick={() => void confirmImport()}>
                      {changes === 0 ? '没有需要导入的楼栋' : `确认导入（${changes} 栋）`}
                    </Button>
                  </View>
                )}
                {done && (
                  <View className="imp-actions">
                    {done.totals.pending > 0 && (
                      <Button id="admin-import-go-on" type="primary" block loading={busy === 'import'} onClick={() => void goOn()}>
                        {`继续导入（${done.totals.pending} 行）`}
                      </Button>
                    )}
                    <Button id="admin-import-codes" fill="outline" block onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/codes/index' })}>
                      查看楼栋码（打印海报）
                    </Button>
                  </View>
                )}
              </View>
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}

