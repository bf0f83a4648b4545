import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { RequestCategory } from '@shared/api/requests';
import { POSTS } from '@shared/labels';
import { api, ApiError } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useStreetAdmin } from '../../useStreetAdmin';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { ChoiceChips } from '../../../../components/Chips';
import { Button } from '../../../../components/ui';
import { fieldName } from '../../../../utils/a11y';
import '../../requests.css';

interface Draft {
  /** Index in the list being edited, or -1 for a new category. */
  index: number;
  name: string;
  respondHours: string;
  resolveDays: string;
  post: string;
}

const CONFLICT = '这些类别刚刚被其他管理员修改过，已为你载入最新内容，请核对后重新操作';
const NO_POST = 'none';
const postLabel = (c: RequestCategory) => (c.postIndex === undefined ? '不派给认岗党员' : `可派给${POSTS[c.postIndex]}`);

/**
 * 诉求类别与时限 (street admin): the street's categories, each with its respond time (hours)
 * and resolve time (working days) and the 八大员 post whose holders may be dispatched. Every
 * change saves the whole list under the version read; a concurrent edit (409) is said in words
 * and the latest list is loaded.
 */
export default function RequestCategoriesPage() {
  const { params } = useRouter();
  const streetId = params.streetId ?? '';
  const streetName = params.name ? decodeURIComponent(params.name) : '';
  const data = useRequest(() => api('getRequestCategories', undefined, { query: { streetId }, silent: true }), [streetId], { enabled: Boolean(streetId) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const [saving, setSaving] = useState(false);
  const list = data.data?.categories ?? [];
  const canEdit = useStreetAdmin(streetId);

  const edit = (index: number) => {
    const c = list[index];
    setErrors({});
    setNotice('');
    setDraft(
      c
        ? { index, name: c.name, respondHours: String(c.respondHours), resolveDays: String(c.resolveDays), post: c.postIndex === undefined ? NO_POST : String(c.postIndex) }
        : { index: -1, name: '', respondHours: '24', resolveDays: '5', post: NO_POST },
    );
  };

  /** PUT the whole list; field errors of the edited row go under its fields. */
  const save = async (next: RequestCategory[], row: number, done: string): Promise<boolean> => {
    setSaving(true);
    setErrors({});
    setNotice('');
    try {
      await api('saveRequestCategories', { categories: next, version: data.data?.version ?? 0 }, { params: { streetId }, silent: true });
      void Taro.showToast({ title: done, icon: 'success' });
      await data.reload();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setNotice(CONFLICT);
        setDraft(null);
        await data.reload();
      } else if (err instanceof ApiError && err.fields.length > 0) {
        const mine = err.fields.filter((f) => f.path.startsWith(`categories.${row}.`));
        setErrors(Object.fromEntries(mine.map((f) => [f.path.split('.').pop()!, f.message])));
        if (mine.length < err.fields.length) setNotice(err.fields.find((f) => !mine.includes(f))!.message);
      } else {
        setNotice(err instanceof ApiError ? err.message : '保存失败，请检查网络后重试');
      }
      return false;
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    if (!draft) return;
    const c: RequestCategory = {
      id: draft.index >= 0 ? list[draft.index].id : `c${Date.now().toString(36)}`,
      name: draft.name.trim(),
      respondHours: Number(draft.respondHours),
      resolveDays: Number(draft.resolveDays),
      ...(draft.post === NO_POST ? {} : { postIndex: Number(draft.post) }),
    };
    const local: Record<string, string> = {};
    if (!c.name) local.name = '请填写类别名称';
    if (!/^\d+$/.test(draft.respondHours)) local.respondHours = '请填写响应时限（整数小时）';
    if (!/^\d+$/.test(draft.resolveDays)) local.resolveDays = '请填写办结时限（整数个工作日）';
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    const next = draft.index >= 0 ? list.map((x, i) => (i === draft.index ? c : x)) : [...list, c];
    const row = draft.index >= 0 ? draft.index : next.length - 1;
    if (await save(next, row, '已保存')) setDraft(null);
  };

  const remove = async (index: number) => {
    const c = list[index];
    const ok = await Taro.showModal({ title: '请确认', content: `确定删除类别「${c.name}」吗？居民今后不能再选它，已提交的诉求不受影响。`, confirmText: '删除', cancelText: '再想想' });
    if (!ok.confirm) return;
    if (draft?.index === index) setDraft(null);
    await save(
      list.filter((_, i) => i !== index),
      -1,
      '已删除',
    );
  };

  const field = (key: 'name' | 'respondHours' | 'resolveDays', label: string, placeholder: string, numeric = false) => (
    <View>
      <Text className="rq-label">{label}</Text>
      <Input
        {...fieldName(label)}
        id={`category-${key}`}
        className="rq-input"
        type={numeric ? 'number' : 'text'}
        value={draft?.[key] ?? ''}
        maxlength={numeric ? 3 : 12}
        placeholder={placeholder}
        onInput={(e) => setDraft((d) => (d ? { ...d, [key]: e.detail.value } : d))}
      />
      {errors[key] && (
        <Text className="rq-error" id={`category-${key}-error`}>
          {errors[key]}
        </Text>
      )}
    </View>
  );

  return (
    <PageShell id="page-request-categories">
      <View className="hero">
        <Text className="hero__title">{streetName ? `${streetName}诉求类别` : '诉求类别与时限'}</Text>
        <Text className="hero__text">居民反映问题时从这些类别中选择；响应时限按小时计，办结时限按工作日计（见工作日日历）</Text>
      </View>
      {notice && (
        <Text className="rq-error rq-form" id="categories-notice">
          {notice}
        </Text>
      )}
      <StateView idPrefix="categories" loading={data.loading && !data.data} error={data.error} empty={!streetId} emptyText="请从工作台选择街道" onRetry={() => void data.reload()}>
        {data.data?.isDefault && <Text className="rq-note rq-form" id="categories-default">目前使用系统默认类别，修改后将保存为本街道的类别</Text>}
        <View id="categories-list">
          {list.map((c, i) => (
            <View key={c.id} className="rq-item" id={`category-row-${c.id}`}>
              <Text className="rq-row__title">{c.name}</Text>
              <Text className="rq-row__sub">
                {c.respondHours} 小时内响应 · {c.resolveDays} 个工作日内办结 · {postLabel(c)}
              </Text>
              {canEdit && (
                <View className="rq-item__buttons">
                  <Button id={`category-edit-${c.id}`} size="small" fill="outline" onClick={() => edit(i)}>
                    编辑
                  </Button>
                  <Button id={`category-remove-${c.id}`} size="small" fill="outline" disabled={saving || list.length <= 1} onClick={() => void remove(i)}>
                    删除
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
        {!canEdit && data.data && <Text className="rq-note rq-form" id="categories-readonly">只有本街道的街道管理员可以修改类别</Text>}
        {canEdit && !draft && (
          <View className="rq-actions">
            <Button id="category-add" type="primary" onClick={() => edit(-1)}>
              添加类别
            </Button>
          </View>
        )}
        {canEdit && draft && (
          <View className="rq-form" id="category-form">
            <Text className="section__title">{draft.index >= 0 ? '编辑类别' : '添加类别'}</Text>
            {field('name', '类别名称', '例如 环境卫生（不超过 12 字）')}
            {field('respondHours', '响应时限（小时）', '1–168', true)}
            {field('resolveDays', '办结时限（工作日）', '1–30', true)}
            <Text className="rq-label">可派给的认岗岗位</Text>
            <ChoiceChips
              idPrefix="category-post"
              options={[{ value: NO_POST, label: '不指定' }, ...POSTS.map((p, i) => ({ value: String(i), label: p }))]}
              value={draft.post}
              onChange={(post) => setDraft((d) => (d ? { ...d, post } : d))}
            />
            <View className="rq-actions">
              <Button id="category-save" type="primary" loading={saving} onClick={() => void submit()}>
                保存
              </Button>
              <Button id="category-cancel" fill="outline" onClick={() => setDraft(null)}>
                取消
              </Button>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
