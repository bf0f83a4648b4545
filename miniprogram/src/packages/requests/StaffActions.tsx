import { useState, type ReactNode } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { RequestView } from '@shared/api/requests';
import { POSTS } from '@shared/labels';
import { api } from '../../api/client';
import { useAction } from '../../hooks/useAction';
import { useRequest } from '../../hooks/useRequest';
import { ChoiceChips } from '../../components/Chips';
import { Button } from '../../components/ui';
import { fieldName } from '../../utils/a11y';
import { formatCst } from '../../utils/time';

/**
 * Choose one of a loaded list (a station, a post holder, the original request) as chips, then
 * the form's button. Ids: `<id>-form`, chips `<chipsId ?? id>-<value>`.
 */
function PickForm(props: {
  id: string;
  chipsId?: string;
  title: string;
  hint?: string;
  state: { loading: boolean; error?: Error; data?: unknown };
  emptyText: string;
  options: { value: string; label: string }[];
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
}) {
  const { id, title, hint, state, options } = props;
  return (
    <View className="rq-form" id={`${id}-form`}>
      <Text className="rq-label">{title}</Text>
      {hint && <Text className="rq-note">{hint}</Text>}
      {state.loading && <Text className="rq-note">正在加载…</Text>}
      {state.data !== undefined && options.length === 0 && <Text className="rq-note">{props.emptyText}</Text>}
      {state.error && <Text className="rq-error">加载失败，请稍后重试</Text>}
      <ChoiceChips idPrefix={props.chipsId ?? id} options={options} value={props.value} onChange={props.onChange} />
      <View className="rq-actions">{props.children}</View>
    </View>
  );
}

type Mode = 'station' | 'member' | 'refer' | 'duplicate' | 'notOurs' | 'unable' | null;

const ASK = { title: '请确认', confirmText: '确定', cancelText: '再想想' } as const;

/**
 * What staff (and the assignee, for notes) do on a request besides accept / reject / grid
 * dispatch: dispatch to a station of the community or to a party member holding the
 * category's post, 转办 to an outside body, mark a duplicate of an open request, 非本社区职责,
 * 无法解决, and staff-only notes. Every irreversible step asks first in plain words.
 */
export function StaffActions({ r, onDone }: { r: RequestView; onDone: () => Promise<unknown> }) {
  const { busy, run } = useAction();
  const [mode, setMode] = useState<Mode>(null);
  const [pick, setPick] = useState('');
  const [text, setText] = useState('');
  const [body, setBody] = useState('');
  const [note, setNote] = useState('');
  const p = { params: { requestId: r.id } };
  const version = r.version;
  const staff = r.canHandle;
  const status = r.status;

  const stations = useRequest(() => api('listStations', undefined, { query: { communityId: r.communityId, limit: 50 }, silent: true }), [r.communityId], { enabled: mode === 'station' });
  const post = useRequest(
    async () => {
      const cats = await api('getRequestCategories', undefined, { query: { communityId: r.communityId }, silent: true });
      const index = cats.categories.find((c) => c.id === r.categoryId)?.postIndex;
      if (index === undefined) return { post: undefined, holders: [] };
      const page = await api('listPostHolders', undefined, { params: { communityId: r.communityId }, query: { post: POSTS[index], limit: 50 }, silent: true });
      return { post: POSTS[index] as string, holders: page.items };
    },
    [r.communityId, r.categoryId],
    { enabled: mode === 'member' },
  );
  const originals = useRequest(
    async () => {
      const [queue, similar] = await Promise.all([
        api('requestQueue', undefined, { params: { communityId: r.communityId }, query: { limit: 30 }, silent: true }),
        r.buildingId ? api('similarRequests', undefined, { query: { communityId: r.communityId, buildingId: r.buildingId, categoryId: r.categoryId }, silent: true }) : Promise.resolve({ items: [] }),
      ]);
      const seen = new Set<string>([r.id]);
      return [...similar.items, ...queue.items].filter((x) => !seen.has(x.id) && !!seen.add(x.id));
    },
    [r.id],
    { enabled: mode === 'duplicate' },
  );

  const open = (m: Mode) => {
    setMode(mode === m ? null : m);
    setPick('');
    setText('');
    setBody('');
  };
  const done = () => {
    setMode(null);
    setNote('');
    return onDone();
  };
  const act = (key: string, call: () => Promise<unknown>, toast: string, content?: string) =>
    void run(key, call, { toast: { title: toast, icon: 'success' }, reload: done, ...(content ? { confirm: { ...ASK, content } } : {}) });

  const canDispatch = staff && status === 'accepted';
  const canEnd = staff && (status === 'submitted' || status === 'accepted');
  const canUnable = staff && (status === 'accepted' || status === 'dispatched' || status === 'in_progress');
  const mayNote = staff || r.isAssignee;
  const stationName = stations.data?.items.find((s) => s.id === pick)?.name ?? '';
  const holderName = post.data?.holders.find((h) => h.userId === pick)?.name ?? '';

  return (
    <View id="request-staff">
      <View className="rq-actions">
        {canDispatch && (
          <>
            <Button id="request-dispatch-station" fill="outline" onClick={() => open('station')}>
              派给驿站
            </Button>
            <Button id="request-dispatch-member" fill="outline" onClick={() => open('member')}>
              派给认岗党员
            </Button>
          </>
        )}
        {staff && status === 'submitted' && (
          <Button id="request-refer" fill="outline" onClick={() => open('refer')}>
            转办
          </Button>
        )}
        {canEnd && (
          <>
            <Button id="request-duplicate" fill="outline" onClick={() => open('duplicate')}>
              标为重复
            </Button>
            <Button id="request-not-ours" fill="outline" onClick={() => open('notOurs')}>
              非本社区职责
            </Button>
          </>
        )}
        {canUnable && (
          <Button id="request-unable" fill="outline" onClick={() => open('unable')}>
            无法解决
          </Button>
        )}
      </View>

      {mode === 'station' && (
        <PickForm
          id="request-station"
          title="派给本社区的哪个驿站？"
          state={stations}
          emptyText="本社区还没有驿站"
          options={(stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={pick}
          onChange={setPick}
        >
          <Button id="request-station-submit" type="primary" disabled={!pick} loading={busy === 'station'} onClick={() => act('station', () => api('dispatchRequest', { kind: 'station', id: pick, version }, p), '已派单')}>
            {stationName ? `派给${stationName}` : '请选择驿站'}
          </Button>
        </PickForm>
      )}

      {mode === 'member' && (
        <PickForm
          id="request-member"
          chipsId="request-holder"
          title={post.data?.post ? `认领「${post.data.post}」岗位的党员` : '认岗党员'}
          state={post}
          emptyText={post.data?.post ? '本社区还没有党员认领这个岗位' : '这个类别没有对应的认岗岗位，请派给网格员或驿站'}
          options={(post.data?.holders ?? []).map((h) => ({ value: h.userId, label: h.name }))}
          value={pick}
          onChange={setPick}
        >
          <Button id="request-member-submit" type="primary" disabled={!pick} loading={busy === 'member'} onClick={() => act('member', () => api('dispatchRequest', { kind: 'member', id: pick, version }, p), '已派单')}>
            {holderName ? `派给${holderName}` : '请选择党员'}
          </Button>
        </PickForm>
      )}

      {mode === 'refer' && (
        <View className="rq-form" id="request-refer-form">
          <Text className="rq-label">转给哪个单位？</Text>
          <Input {...fieldName('转办单位')} id="request-refer-body" className="rq-input" value={body} maxlength={60} placeholder="例如 区城管执法局、供电公司" onInput={(e) => setBody(e.detail.value)} />
          <Text className="rq-label">说明（选填）</Text>
          <Textarea {...fieldName('转办说明')} id="request-refer-reason" className="rq-textarea" value={text} maxlength={200} placeholder="告诉居民为什么转办、对方会怎么处理" onInput={(e) => setText(e.detail.value)} />
          <View className="rq-actions">
            <Button
              id="request-refer-submit"
              type="primary"
              disabled={body.trim().length === 0}
              loading={busy === 'refer'}
              onClick={() =>
                act('refer', () => api('referRequest', { body: body.trim(), ...(text.trim() ? { reason: text.trim() } : {}), version }, p), '已转办', `确定把这条诉求转给「${body.trim()}」办理吗？转办后本社区不再跟进，此操作不能撤回。`)
              }
            >
              转办
            </Button>
          </View>
        </View>
      )}

      {mode === 'duplicate' && (
        <PickForm
          id="request-duplicate"
          chipsId="request-original"
          title="这条诉求和哪一条重复？"
          hint="下面是本社区未办结的诉求，反映人会自动关注原诉求的进展"
          state={originals}
          emptyText="本社区没有其他未办结的诉求"
          options={(originals.data ?? []).map((o) => ({ value: o.id, label: `${o.categoryName} · ${o.placeName} · ${formatCst(o.createdAt, 'M月D日')}${o.text ? ` · ${o.text.slice(0, 12)}` : ''}` }))}
          value={pick}
          onChange={setPick}
        >
          <Button
            id="request-duplicate-submit"
            type="primary"
            disabled={!pick}
            loading={busy === 'duplicate'}
            onClick={() => act('duplicate', () => api('markRequestDuplicate', { originalId: pick, version }, p), '已标为重复', '确定把这条诉求标为重复吗？它将结束办理，由原诉求一并处理，此操作不能撤回。')}
          >
            标为重复
          </Button>
        </PickForm>
      )}

      {(mode === 'notOurs' || mode === 'unable') && (
        <View className="rq-form" id="request-end-form">
          <Text className="rq-label">{mode === 'notOurs' ? '为什么不属于本社区职责？' : '为什么无法解决？'}</Text>
          <Textarea {...fieldName('原因')} id="request-end-reason" className="rq-textarea" value={text} maxlength={200} placeholder="请说明原因，反映人会看到" onInput={(e) => setText(e.detail.value)} />
          <View className="rq-actions">
            <Button
              id="request-end-submit"
              type="primary"
              disabled={text.trim().length === 0}
              loading={busy === 'end'}
              onClick={() =>
                mode === 'notOurs'
                  ? act('end', () => api('markRequestNotOurs', { reason: text.trim(), version }, p), '已处理', '确定标为“非本社区职责”吗？这条诉求将结束办理，此操作不能撤回。')
                  : act('end', () => api('markRequestUnable', { reason: text.trim(), version }, p), '已处理', '确定标为“无法解决”吗？这条诉求将结束办理，此操作不能撤回。')
              }
            >
              确定
            </Button>
          </View>
        </View>
      )}

      {mayNote && (
        <View className="rq-form" id="request-note-form">
          <Text className="rq-label">内部备注</Text>
          <Text className="rq-note">仅工作人员和承办人可见，反映人看不到</Text>
          <Textarea {...fieldName('内部备注')} id="request-note-text" className="rq-textarea" value={note} maxlength={500} placeholder="例如 已电话联系物业，周三上门" onInput={(e) => setNote(e.detail.value)} />
          <View className="rq-actions">
            <Button id="request-note-submit" type="primary" disabled={note.trim().length === 0} loading={busy === 'note'} onClick={() => act('note', () => api('addRequestNote', { note: note.trim() }, p), '备注已添加')}>
              添加备注
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
