import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Switch, Text, View } from '@tarojs/components';
import { STATION_KIND_LABELS } from '@shared/labels';
import { ApiError, api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { ChoiceChips } from '../../../../components/Chips';
import { PhotoUploader, photoItems, type PhotoItem } from '../../../../components/PhotoUploader';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { editing, TREE_URL, UNIT_LABELS } from '../../editing';
import { FORMS, toBody, toForm, type FormValues } from '../../form';
import { deactivateUnit, saveUnit } from '../../save';
import '../../../../components/booking.css';
import '../tree/index.css';

/**
 * The form of one unit of the tree: new or edit, with the server's field errors under
 * each field, and 停用 (after a confirmation) for a unit in service.
 */
export default function EditUnitPage() {
  const e = editing();
  const [values, setValues] = useState<FormValues>(() => (e ? toForm(e.kind, e.unit) : {}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'save' | 'deactivate' | null>(null);
  // Stations and rooms: the photos the form saves (keys) with the thumbnails that show them.
  const withPhotos = e?.kind === 'station' || e?.kind === 'room';
  const [photos, setPhotos] = useState<PhotoItem[]>(() => {
    const unit = e?.unit as { photos?: string[]; photoKeys?: string[] } | undefined;
    return unit?.photoKeys ? photoItems(unit.photoKeys, unit.photos ?? []) : [];
  });
  const grids = useRequest(
    () => (e?.kind === 'building' && e.communityId ? api('listGrids', undefined, { params: { communityId: e.communityId }, query: { limit: 50 } }) : Promise.resolve(undefined)),
    [],
  );
  if (!e) {
    return (
      <PageShell id="page-admin-edit">
        <View className="section">
          <Text className="section__note">请从组织架构进入</Text>
          <Button id="admin-edit-back" block onClick={() => void Taro.redirectTo({ url: TREE_URL })}>
            返回组织架构
          </Button>
        </View>
      </PageShell>
    );
  }
  const what = UNIT_LABELS[e.kind];
  const isNew = !e.unit;
  Taro.setNavigationBarTitle({ title: `${isNew ? '新建' : '编辑'}${what}` }).catch(() => undefined);
  const set = (path: string, v: string | boolean) => {
    setValues((old) => ({ ...old, [path]: v }));
    setErrors((old) => ({ ...old, [path]: '' }));
  };

  const save = async () => {
    if (busy) return;
    setBusy('save');
    try {
      await saveUnit(e, { ...toBody(e.kind, values), ...(withPhotos ? { photos: photos.map((p) => p.key) } : {}) });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      await Taro.navigateBack();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
    } finally {
      setBusy(null);
    }
  };

  const deactivate = async () => {
    if (busy || !e.unit) return;
    const sure = await Taro.showModal({
      title: `停用${what}`,
      content: `确定停用「${e.unit.name}」吗？停用后不再对居民显示，也不能预约；记录会保留。`,
      confirmText: '停用',
      confirmColor: THEME_RED,
      cancelText: '取消',
    });
    if (!sure.confirm) return;
    setBusy('deactivate');
    try {
      await deactivateUnit({ ...e, unit: e.unit });
      void Taro.showToast({ title: '已停用', icon: 'success' });
      await Taro.navigateBack();
    } catch {
      // Toasted by the client (e.g. 该网格还有在用的楼栋…).
    } finally {
      setBusy(null);
    }
  };

  const gridOptions = (grids.data?.items ?? []).filter((g) => g.active).map((g) => ({ value: g.id, label: g.name }));
  const kindOptions = Object.entries(STATION_KIND_LABELS).map(([value, label]) => ({ value: value, label }));
  const photoError = errors.photos ?? Object.entries(errors).find(([k]) => k.startsWith('photos.'))?.[1];
  return (
    <PageShell id="page-admin-edit">
      <View className="section" id={`admin-form-${e.kind}`}>
        <Text className="section__title">{isNew ? `新建${what}` : e.unit!.name}</Text>
        {FORMS[e.kind].map((f) => (
          <View className="bk-field" key={f.path}>
            <Text className="bk-field__label">
              {f.label}
              {f.optional ? '（选填）' : ''}
            </Text>
            {f.type === 'switch' ? (
              <Switch id={`field-${f.path}`} checked={values[f.path] === true} color={THEME_RED} onChange={(ev) => set(f.path, ev.detail.value)} />
            ) : f.type === 'grid' ? (
              gridOptions.length > 0 ? (
                <ChoiceChips id="field-gridId" idPrefix="field-gridId" options={gridOptions} value={String(values[f.path])} onChange={(v) => set(f.path, v)} />
              ) : (
                <Text className="tree-note">{grids.loading ? '加载中…' : '请先新建网格'}</Text>
              )
            ) : f.type === 'stationKind' ? (
              <ChoiceChips id="field-kind" idPrefix="field-kind" options={kindOptions} value={String(values[f.path])} onChange={(v) => set(f.path, v)} />
            ) : (
              <Input
                id={`field-${f.path}`}
                className="bk-field__input"
                type={f.type === 'number' ? 'number' : f.type === 'digit' ? 'digit' : 'text'}
                placeholder={f.placeholder}
                value={String(values[f.path] ?? '')}
                onInput={(ev) => set(f.path, ev.detail.value)}
              />
            )}
            {errors[f.path] && (
              <Text className="bk-field__error" id={`error-${f.path}`}>
                {errors[f.path]}
              </Text>
            )}
          </View>
        ))}
        {withPhotos && (
          <View className="bk-field">
            <Text className="bk-field__label">照片（选填）</Text>
            <PhotoUploader id="field-photos" purpose={e.kind as 'station' | 'room'} value={photos} onChange={setPhotos} />
            {photoError && (
              <Text className="bk-field__error" id="error-photos">
                {photoError}
              </Text>
            )}
          </View>
        )}
        <View className="bk-actions">
          <Button id="admin-save" type="primary" block loading={busy === 'save'} onClick={() => void save()}>
            保存
          </Button>
        </View>
        {!isNew && e.unit!.active !== false && (
          <View className="bk-actions">
            <Button id="admin-deactivate" block fill="outline" loading={busy === 'deactivate'} onClick={() => void deactivate()}>
              停用{what}
            </Button>
          </View>
        )}
      </View>
    </PageShell>
  );
}
