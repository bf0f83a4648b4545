import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { LineKind } from '@shared/api/crowdfund';
import { api, ApiError, requestLogin } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useChosenCommunity, useCommunities, withChosen } from '../../../../hooks/useCommunities';
import { LoadMore } from '../../../../components/LoadMore';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { CROWDFUND_ROUTES, Field, Toggle } from '../../../../components/CrowdfundBits';
import { ChoiceChips } from '../../../../components/Chips';
import { PhotoUploader, photoItems, type PhotoItem } from '../../../../components/PhotoUploader';
import {
  buildCrowdfundInput,
  cstDate,
  emptyLine,
  KIND_LABELS,
  lineToDraft,
  type CrowdfundDraft,
  type FormErrors,
  type LineDraft,
} from '../../../../utils/crowdfund';
import { savedHome } from '../../../../utils/home';
import '../../crowdfund.css';
import { fieldName } from '../../../../utils/a11y';

const KINDS: LineKind[] = ['money', 'labour', 'materials', 'ideas'];
const TARGET_LABELS: Record<LineKind, string> = { money: '目标金额（元）', labour: '目标时长（小时）', materials: '目标数量', ideas: '' };

function defaultDraft(): CrowdfundDraft {
  return {
    // 我家's community by default (utils/home).
    communityId: savedHome()?.communityId ?? '',
    title: '',
    story: '',
    deadlineDate: cstDate(new Date(Date.now() + 30 * 86400 * 1000).toISOString()),
    estates: '',
    photos: [],
    lines: [{ ...emptyLine('money'), title: '项目资金' }],
  };
}

function LineEditor({ index, line, errors, onChange, onRemove }: { index: number; line: LineDraft; errors: FormErrors; onChange: (l: LineDraft) => void; onRemove: () => void }) {
  const err = (f: string) => errors[`lines.${index}.${f}`];
  const set = (patch: Partial<LineDraft>) => onChange({ ...line, ...patch });
  return (
    <View className="cf-form-line" id={`edit-line-${index}`}>
      <ChoiceChips
        idPrefix={`edit-line-${index}-kind`}
        options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        value={line.kind}
        onChange={(k) => onChange({ ...emptyLine(k), title: line.title, description: line.description })}
      />
      <Field label="名称" error={err('title')}>
        <Input id={`edit-line-${index}-title`} className="cf-input" value={line.title} maxlength={60} placeholder="例如 改造资金" onInput={(e) => set({ title: e.detail.value })} />
      </Field>
      {line.kind !== 'ideas' && (
        <Field label={TARGET_LABELS[line.kind]} error={err('target')}>
          <Input
            {...fieldName(TARGET_LABELS[line.kind])}
            id={`edit-line-${index}-target`}
            className="cf-input"
            type={line.kind === 'materials' ? 'number' : 'digit'}
            value={line.target}
            onInput={(e) => set({ target: e.detail.value })}
          />
        </Field>
      )}
      {line.kind === 'labour' && (
        <Field label="所需技能" error={err('skill')}>
          <Input id={`edit-line-${index}-skill`} className="cf-input" value={line.skill} maxlength={40} placeholder="例如 搬运、电工" onInput={(e) => set({ skill: e.detail.value })} />
        </Field>
      )}
      {line.kind === 'materials' && (
        <>
          <Field label="物资名称" error={err('item')}>
            <Input {...fieldName('物资名称')} id={`edit-line-${index}-item`} className="cf-input" value={line.item} maxlength={40} onInput={(e) => set({ item: e.detail.value })} />
          </Field>
          <Field label="单位" error={err('unit')}>
            <Input id={`edit-line-${index}-unit`} className="cf-input" value={line.unit} maxlength={8} placeholder="个、块、袋" onInput={(e) => set({ unit: e.detail.value })} />
          </Field>
        </>
      )}
      <Field label="说明（可选）">
        <Input {...fieldName('说明')} id={`edit-line-${index}-description`} className="cf-input" value={line.description} maxlength={500} onInput={(e) => set({ description: e.detail.value })} />
      </Field>
      {line.kind !== 'ideas' && (
        <Toggle id={`edit-line-${index}-required`} checked={line.required} label="必需（最低目标）；不勾选为可选（理想目标）" onChange={(v) => set({ required: v })} />
      )}
      <View className="cf-line-action">
        <Button id={`edit-line-${index}-remove`} size="small" fill="outline" onClick={onRemove}>
          删除此项
        </Button>
      </View>
    </View>
  );
}

/** Organiser: create or edit a draft crowdfund, then submit it for review. */
export default function EditCrowdfundPage() {
  const session = useSession();
  const openedId = useRouter().params.id ?? '';
  const [id, setId] = useState(openedId);
  const [draft, setDraft] = useState<CrowdfundDraft>(defaultDraft);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState<'' | 'save' | 'submit'>('');
  /** The draft's photos with their thumbnails (the draft itself keeps the keys it saves). */
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const communities = useCommunities({ silent: true });
  const existing = useRequest(() => api('getCrowdfund', undefined, { params: { crowdfundId: id }, silent: true }), [id, session?.token], {
    enabled: !!id && session !== null,
  });
  const chosen = useChosenCommunity(draft.communityId, communities);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id ? '编辑众筹草稿' : '发起众筹' });
  }, [id]);
  // The saved draft fills the form in the render that shows it (an effect drew the empty form
  // first); a draft opened for editing shows its form only once it has arrived.
  const [filledFrom, setFilledFrom] = useState(existing.data);
  const cf = existing.data;
  if (cf && cf !== filledFrom) {
    setFilledFrom(cf);
    setDraft({
      communityId: cf.communityId,
      title: cf.title,
      story: cf.story,
      deadlineDate: cstDate(cf.deadline),
      estates: cf.estates.join('、'),
      photos: cf.photoKeys,
      lines: cf.lines.map(lineToDraft),
    });
    setPhotos(photoItems(cf.photoKeys, cf.photos));
  }

  const set = (patch: Partial<CrowdfundDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setLine = (i: number, l: LineDraft) => setDraft((d) => ({ ...d, lines: d.lines.map((x, j) => (j === i ? l : x)) }));

  const changePhotos = (items: PhotoItem[]) => {
    setPhotos(items);
    set({ photos: items.map((p) => p.key) });
  };

  /** Saves the draft (create or update); returns its id, or '' when invalid/failed. */
  const save = async (): Promise<string> => {
    const built = buildCrowdfundInput(draft);
    if (!built.ok) {
      setErrors(built.errors);
      void Taro.showToast({ title: Object.values(built.errors)[0] ?? '请检查填写内容', icon: 'none' });
      return '';
    }
    setErrors({});
    try {
      const saved = id
        ? await api('updateCrowdfund', built.body, { params: { crowdfundId: id } })
        : await api('createCrowdfund', built.body);
      setId(saved.id);
      return saved.id;
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
      return '';
    }
  };

  const onSave = async () => {
    if (busy) return;
    setBusy('save');
    const saved = await save();
    setBusy('');
    if (saved) void Taro.showToast({ title: '草稿已保存', icon: 'success' });
  };

  const onSubmit = async () => {
    if (busy) return;
    const res = await Taro.showModal({ title: '提交审核', content: '提交后由社区管理员审核，审核期间不能修改。确定提交吗？', confirmText: '提交', cancelText: '取消' });
    if (!res.confirm) return;
    setBusy('submit');
    try {
      const saved = await save();
      if (!saved) return;
      await api('submitCrowdfund', undefined, { params: { crowdfundId: saved } });
      void Taro.showToast({ title: '已提交审核', icon: 'success' });
      void Taro.redirectTo({ url: CROWDFUND_ROUTES.mine() });
    } catch {
      // toast shown by api()
    } finally {
      setBusy('');
    }
  };

  if (!session) {
    return (
      <PageShell id="page-crowdfund-edit">
        <View className="section" id="edit-logged-out">
          <Text className="section__title">登录后发起众筹</Text>
          <View className="cf-actions">
            <Button id="edit-login-button" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
              登录
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }

  const options = withChosen(communities.items, chosen);
  const communityIndex = options.findIndex((c) => c.id === draft.communityId);
  const notDraft = existing.data && existing.data.status !== 'draft';

  return (
    <PageShell id="page-crowdfund-edit">
      <StateView
        idPrefix="edit"
        loading={(!!id && existing.loading) || communities.loading}
        error={existing.error ?? (!communities.loaded ? communities.error : undefined)}
        onRetry={() => void Promise.all([communities.reload(), id ? existing.reload() : Promise.resolve()])}
      >
        {openedId && !cf ? null : notDraft ? (
          <View className="section" id="edit-not-draft">
            <Text className="section__title">该众筹已提交，不能再修改</Text>
            <Text className="section__note">只有草稿可以编辑。</Text>
          </View>
        ) : (
          <View className="section cf-form" id="edit-form">
            <Field label="所属社区" error={errors.communityId}>
              <Picker mode="selector" range={options.map((c) => c.name)} value={Math.max(0, communityIndex)} onChange={(e) => set({ communityId: options[Number(e.detail.value)]?.id ?? '' })}>
                <Text id="edit-community">{chosen?.name ?? '请选择社区 ▾'}</Text>
              </Picker>
              {communities.hasMore && <LoadMore id="edit-communities-more" hasMore={communities.hasMore} loading={communities.loadingMore} error={communities.error} onMore={() => void communities.loadMore()} count={options.length} />}
            </Field>
            <Field label="标题" error={errors.title}>
              <Input id="edit-title" className="cf-input" value={draft.title} maxlength={60} placeholder="例如 3 号楼加装电梯" onInput={(e) => set({ title: e.detail.value })} />
            </Field>
            <Field label="项目介绍" error={errors.story}>
              <Textarea id="edit-story" className="cf-textarea" value={draft.story} maxlength={5000} placeholder="为什么要做、怎么做、钱和力用在哪里" onInput={(e) => set({ story: e.detail.value })} />
            </Field>
            <Field label="截止日期（当天 24 点前，北京时间）" error={errors.deadline}>
              <Picker mode="date" value={draft.deadlineDate} onChange={(e) => set({ deadlineDate: String(e.detail.value) })}>
                <Text id="edit-deadline">{draft.deadlineDate || '请选择日期 ▾'}</Text>
              </Picker>
            </Field>
            <Field label="面向小区（可选，多个用顿号分隔；不填为全社区）">
              <Input id="edit-estates" className="cf-input" value={draft.estates} placeholder="例如 幸福家园" onInput={(e) => set({ estates: e.detail.value })} />
            </Field>
            <Field label="照片（第一张作封面）" error={errors.photos ?? Object.entries(errors).find(([k]) => k.startsWith('photos.'))?.[1]}>
              <PhotoUploader id="edit-photos" purpose="crowdfund" value={photos} onChange={changePhotos} />
            </Field>

            <Text className="section__title">预算项</Text>
            <Text className="cf-hint">筹款（元）、筹力（小时）、筹物（数量）、筹智（建议，无目标）。必需项全部筹满即达成。</Text>
            {errors.lines && (
              <Text className="cf-field__error" id="edit-lines-error">
                {errors.lines}
              </Text>
            )}
            {draft.lines.map((line, i) => (
              <LineEditor
                key={i}
                index={i}
                line={line}
                errors={errors}
                onChange={(l) => setLine(i, l)}
                onRemove={() => set({ lines: draft.lines.filter((_, j) => j !== i) })}
              />
            ))}
            <View className="cf-actions">
              {KINDS.map((k) => (
                <Button key={k} id={`edit-add-line-${k}`} size="small" fill="outline" onClick={() => set({ lines: [...draft.lines, emptyLine(k)] })}>
                  + {KIND_LABELS[k]}
                </Button>
              ))}
            </View>

            <View className="cf-actions">
              <Button id="edit-save" fill="outline" loading={busy === 'save'} disabled={busy === 'submit'} onClick={() => void onSave()}>
                保存草稿
              </Button>
              <Button id="edit-submit" type="primary" loading={busy === 'submit'} disabled={busy === 'save'} onClick={() => void onSubmit()}>
                提交审核
              </Button>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
