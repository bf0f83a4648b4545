import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { Activity, ActivityInput, ActivityKind } from '@shared/api/activities';
import type { Slot } from '@shared/api/booking';
import type { BuildingSummary } from '@shared/api/org';
import { api, ApiError } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { ChoiceChips } from '../../../../components/Chips';
import { PhotoUploader, photoItems, type PhotoItem } from '../../../../components/PhotoUploader';
import { Button } from '../../../../components/ui';
import { fieldName } from '../../../../utils/a11y';
import { dayStrip, toMinutes } from '../../../../utils/booking';
import { ACT_ROUTES, ACTIVITY_KIND_LABELS, AUDIENCE_LABELS, Field, instantOf, localLabel, param } from '../../bits';

type PlaceMode = 'room' | 'address';
interface Draft {
  title: string;
  description: string;
  kind: ActivityKind;
  placeMode: PlaceMode;
  roomId: string;
  address: string;
  date: string;
  startTime: string;
  endTime: string;
  capacity: string;
  hours: string;
  audience: 'everyone' | 'members' | 'buildings';
  /** With audience 'buildings': the chosen buildings of the station's community. */
  buildingIds: string[];
  /** Photos: the keys the form saves with the thumbnails that show them. */
  photos: PhotoItem[];
  /** Minutes before the start. */
  closesBefore: string;
  cancelBefore: string;
  signUpOpens: string;
}
type Errors = Record<string, string>;

const KINDS = Object.keys(ACTIVITY_KIND_LABELS) as ActivityKind[];
const BEFORE = [
  { value: '0', label: '活动开始时' },
  { value: '60', label: '开始前 1 小时' },
  { value: '1440', label: '开始前 1 天' },
];
/** Slots a room activity may take: anything no booking, blackout or opening hour holds. */
const USABLE: ReadonlyArray<Slot['state']> = ['free', 'notice', 'quota'];

/** Local `YYYY-MM-DDTHH:mm` (Asia/Shanghai) of an instant. */
const localOf = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
/** Activity times are whole or half hours (the room slots' grid; shared LocalDateTime). */
const hhmm = (v: string) => {
  const m = /^(\d{1,2})[:：](00|30)$/.exec(v.trim());
  return m && Number(m[1]) < 24 ? `${m[1].padStart(2, '0')}:${m[2]}` : undefined;
};
const HALF_HOUR_MS = 30 * 60_000;

function emptyDraft(): Draft {
  return {
    title: '',
    description: '',
    kind: 'lecture',
    placeMode: 'room',
    roomId: '',
    address: '',
    date: dayStrip(1)[1].date,
    startTime: '',
    endTime: '',
    capacity: '20',
    hours: '',
    audience: 'everyone',
    buildingIds: [],
    photos: [],
    closesBefore: '0',
    cancelBefore: '0',
    signUpOpens: '',
  };
}

function draftOf(a: Activity): Draft {
  const start = instantOf(a.start);
  return {
    title: a.title,
    description: a.description,
    kind: a.kind,
    placeMode: a.place.roomId ? 'room' : 'address',
    roomId: a.place.roomId ?? '',
    address: a.place.address ?? '',
    date: a.start.slice(0, 10),
    startTime: a.start.slice(11, 16),
    endTime: a.end.slice(11, 16),
    capacity: String(a.capacity),
    hours: a.hours !== undefined ? String(a.hours) : '',
    audience: a.audience,
    buildingIds: a.audienceBuildings?.map((b) => b.id) ?? [],
    photos: photoItems(a.photoKeys ?? [], a.photos),
    closesBefore: String(Math.round((start - instantOf(a.signUpCloses)) / 60_000)),
    cancelBefore: String(Math.round((start - instantOf(a.cancelDeadline)) / 60_000)),
    signUpOpens: a.signUpOpens,
  };
}

/** The options of a "before the start" choice, with an existing activity's own value when it is not one of them. */
const beforeOptions = (value: string) => (BEFORE.some((o) => o.value === value) ? BEFORE : [...BEFORE, { value, label: `开始前 ${value} 分钟` }]);

/** The API's body from the form, or the errors by field. */
function build(d: Draft, existing?: Activity): { ok: true; body: ActivityInput } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const title = d.title.trim();
  if (title.length < 2) errors.title = '请填写活动名称（至少 2 个字）';
  const start = hhmm(d.startTime);
  const end = hhmm(d.endTime);
  if (!start || !end) errors.time = d.placeMode === 'room' ? '请在下方选择房间的空闲时段' : '请填写开始和结束时间（整点或半点），如 14:00、14:30';
  else if (toMinutes(end) <= toMinutes(start)) errors.time = '结束时间须晚于开始时间';
  if (d.placeMode === 'room' && !d.roomId) errors.place = '请选择房间';
  if (d.placeMode === 'address' && d.address.trim().length === 0) errors.place = '请填写活动地址';
  const capacity = Number(d.capacity);
  if (!Number.isInteger(capacity) || capacity < 1) errors.capacity = '请填写名额（正整数）';
  const hours = Number(d.hours);
  if (d.kind === 'volunteer' && (!d.hours || !(hours > 0))) errors.hours = '志愿服务须填写每人计入的志愿时长，如 2 或 1.5';
  if (d.audience === 'buildings' && d.buildingIds.length === 0) errors.buildingIds = '请选择可以报名的楼栋';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const startLocal = `${d.date}T${start}`;
  const startMs = instantOf(startLocal);
  const body: ActivityInput = {
    title,
    description: d.description.trim(),
    photos: d.photos.map((p) => p.key),
    kind: d.kind,
    start: startLocal,
    end: `${d.date}T${end}`,
    place: d.placeMode === 'room' ? { roomId: d.roomId } : { address: d.address.trim(), ...(existing?.place.location ? { location: existing.place.location } : {}) },
    capacity,
    // Sign-up opens now: the half hour just begun (times are whole or half hours).
    signUpOpens: d.signUpOpens || localOf(Math.floor(Date.now() / HALF_HOUR_MS) * HALF_HOUR_MS),
    signUpCloses: localOf(startMs - Number(d.closesBefore) * 60_000),
    cancelDeadline: localOf(startMs - Number(d.cancelBefore) * 60_000),
    audience: d.audience,
    ...(d.audience === 'buildings' ? { buildingIds: d.buildingIds } : {}),
    ...(d.kind === 'volunteer' ? { hours } : {}),
  };
  return { ok: true, body };
}

/** The server's field paths (`activity.capacity`, `place.roomId`, `start` …) onto the form's fields. */
function formErrors(err: ApiError): Errors {
  const out: Errors = {};
  for (const f of err.fields) {
    const path = f.path.replace(/^activity\./, '');
    const key = path.startsWith('place') ? 'place' : path === 'start' || path === 'end' ? 'time' : path;
    out[key] ??= f.message;
  }
  return out;
}

/** The buildings of the station's community, to tick the ones whose residents may sign up (at most 20). */
function BuildingPicker({ stationId, chosen, onChange }: { stationId: string; chosen: string[]; onChange: (ids: string[]) => void }) {
  const station = useRequest(() => api('getStation', undefined, { params: { stationId }, silent: true }), [stationId]);
  const communityId = station.data?.communityId;
  const [pages, setPages] = useState<{ items: BuildingSummary[]; nextCursor?: string }>({ items: [] });
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const load = async (cursor?: string) => {
    if (!communityId) return;
    setLoading(true);
    setFailed(false);
    try {
      const page = await api('listBuildings', undefined, { params: { communityId }, query: { limit: 50, ...(cursor ? { cursor } : {}) }, silent: true });
      setPages((p) => ({ items: cursor ? [...p.items, ...page.items] : page.items, nextCursor: page.nextCursor }));
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [communityId]);
  const toggle = (id: string) => onChange(chosen.includes(id) ? chosen.filter((c) => c !== id) : chosen.length < 20 ? [...chosen, id] : chosen);
  return (
    <View id="edit-buildings" className="ui-chips" role="group" aria-label="可以报名的楼栋">
      {pages.items.map((b) => {
        const on = chosen.includes(b.id);
        return (
          <View key={b.id} id={`edit-building-${b.id}`} className={`ui-chip${on ? ' ui-chip--on' : ''}`} role="checkbox" aria-checked={on} onClick={() => toggle(b.id)}>
            {on && <Text className="ui-chip__tick">✓</Text>}
            <Text className="ui-chip__label">{`${b.estate} ${b.name}`}</Text>
          </View>
        );
      })}
      {loading && <Text className="act-field__hint">正在加载楼栋…</Text>}
      {failed && (
        <Text className="act-error" onClick={() => void load()}>
          楼栋加载失败，点此重试
        </Text>
      )}
      {!loading && pages.nextCursor && (
        <Text className="act-link" id="edit-buildings-more" onClick={() => void load(pages.nextCursor)}>
          加载更多楼栋
        </Text>
      )}
      <Text className="act-field__hint">{`已选 ${chosen.length} 个楼栋（最多 20 个）`}</Text>
    </View>
  );
}

/** The room's half hours on the chosen day: tap a free one to start, tap a later one to extend. */
function SlotPicker({ roomId, date, start, end, onPick }: { roomId: string; date: string; start: string; end: string; onPick: (start: string, end: string) => void }) {
  const day = useRequest(() => api('getAvailability', undefined, { params: { roomId }, query: { date }, silent: true }), [roomId, date], { enabled: !!roomId });
  const slots = day.data?.slots ?? [];
  const inPick = (s: Slot) => !!start && !!end && s.start >= start && s.end <= end;
  const tap = (i: number) => {
    const s = slots[i];
    if (!USABLE.includes(s.state)) return;
    const first = slots.findIndex((x) => x.start === start);
    if (first >= 0 && i >= first && slots.slice(first, i + 1).every((x) => USABLE.includes(x.state)) && !(i === first && end === s.end)) {
      onPick(start, s.end);
    } else {
      onPick(s.start, s.end);
    }
  };
  return (
    <StateView
      idPrefix="edit-slots"
      loading={day.loading}
      error={day.error}
      empty={day.data !== undefined && slots.length === 0}
      emptyText={day.data?.closedReason ?? '当天不开放'}
      onRetry={() => void day.reload()}
    >
      {day.data?.closedReason ? (
        <Text className="act-error">{day.data.closedReason}</Text>
      ) : (
        <View className="act-slots" id="edit-slot-grid">
          {slots.map((s, i) => {
            const usable = USABLE.includes(s.state);
            const on = inPick(s);
            return (
              <View
                key={s.start}
                id={`edit-slot-${s.start.replace(':', '')}`}
                className={`act-slot${usable ? '' : ' act-slot--busy'}${on ? ' act-slot--on' : ''}`}
                role="checkbox"
                aria-checked={on}
                aria-disabled={!usable}
                onClick={() => tap(i)}
              >
                <Text className="act-slot__time">{s.start}</Text>
                <Text className="act-slot__state">{on ? '已选' : usable ? '空闲' : s.state === 'taken' || s.state === 'mine' ? '已占用' : s.state === 'past' ? '已过' : '不开放'}</Text>
              </View>
            );
          })}
        </View>
      )}
    </StateView>
  );
}

/** Organiser: create or edit an activity (a room of the station with its free slots, or an address), then publish. */
export default function EditActivityPage() {
  const { params } = useRouter();
  const stationId = param(params.stationId);
  const session = useSession();
  const openedId = param(params.id);
  const [id, setId] = useState(openedId);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState<'' | 'save' | 'publish'>('');
  const existing = useRequest(() => api('getActivity', undefined, { params: { activityId: id }, silent: true }), [id, session?.token], { enabled: !!id && session !== null });
  const station = existing.data?.stationId ?? stationId;
  const rooms = useRequest(() => api('listRooms', undefined, { params: { stationId: station }, query: { limit: 50 }, silent: true }), [station], { enabled: !!station });

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id ? '编辑活动' : '新建活动' });
  }, [id]);
  // The saved activity fills the form in the render that shows it (an effect drew the empty
  // form first); an activity opened for editing shows its form only once it has arrived.
  const [filledFrom, setFilledFrom] = useState(existing.data);
  if (existing.data && existing.data !== filledFrom) {
    setFilledFrom(existing.data);
    setDraft(draftOf(existing.data));
  }

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const published = existing.data?.status === 'published';
  const editable = !existing.data || existing.data.status === 'draft' || published;

  /** Creates or updates; returns the saved activity, or undefined when invalid or refused. */
  const save = async (): Promise<Activity | undefined> => {
    const built = build(draft, existing.data);
    if (!built.ok) {
      setErrors(built.errors);
      void Taro.showToast({ title: Object.values(built.errors)[0], icon: 'none' });
      return undefined;
    }
    setErrors({});
    try {
      const saved = id
        ? await api('updateActivity', { activity: built.body, version: existing.data!.version }, { params: { activityId: id } })
        : await api('createActivity', built.body, { params: { stationId } });
      if (saved.id !== id) setId(saved.id);
      else void existing.reload();
      return saved;
    } catch (err) {
      if (err instanceof ApiError) setErrors(formErrors(err));
      return undefined;
    }
  };

  const onSave = async () => {
    if (busy) return;
    setBusy('save');
    const saved = await save();
    setBusy('');
    if (saved) void Taro.showToast({ title: published ? '已保存' : '草稿已保存', icon: 'success' });
  };

  const onPublish = async () => {
    if (busy) return;
    const built = build(draft, existing.data);
    if (!built.ok) {
      setErrors(built.errors);
      void Taro.showToast({ title: Object.values(built.errors)[0], icon: 'none' });
      return;
    }
    const where = draft.placeMode === 'room' ? `，同时占用房间 ${draft.startTime}–${draft.endTime} 的时段` : '';
    const ok = await Taro.showModal({
      title: '发布活动',
      content: `发布后居民即可看到并报名${where}。发布后时间、地点、类型、报名范围和志愿时长不能再改。确定发布吗？`,
      confirmText: '发布',
      cancelText: '取消',
    });
    if (!ok.confirm) return;
    setBusy('publish');
    try {
      const saved = await save();
      if (!saved) return;
      await api('publishActivity', {}, { params: { activityId: saved.id } });
      void Taro.showToast({ title: '已发布', icon: 'success' });
      void Taro.redirectTo({ url: ACT_ROUTES.staff(saved.id) });
    } catch (err) {
      if (err instanceof ApiError) setErrors({ publish: err.message });
    } finally {
      setBusy('');
    }
  };

  const roomItems = rooms.data?.items ?? [];
  const days = dayStrip(30);
  const a = existing.data;

  return (
    <PageShell id="page-activity-edit">
      <StateView
        idPrefix="edit"
        loading={!!id && existing.loading && !a}
        error={!station ? new Error('缺少驿站，请从工作台进入') : existing.error}
        onRetry={station ? () => void existing.reload() : undefined}
      >
        {openedId && !a ? null : !editable ? (
          <View className="section" id="edit-not-editable">
            <Text className="section__title">活动已开始、结束或取消，不能再修改</Text>
          </View>
        ) : (
          <View className="section" id="edit-form">
            <Text className="section__title">{published ? '修改已发布的活动' : id ? '编辑草稿' : '新建活动'}</Text>
            {published && <Text className="section__note">已发布：时间、地点、类型、报名范围和志愿时长不能修改；名额只能增加（候补的人按顺序递补）。</Text>}
            <Field label="活动名称" error={errors.title}>
              <Input {...fieldName('活动名称')} id="edit-title" className="act-input" value={draft.title} maxlength={40} placeholder="例如 防诈骗知识讲座" onInput={(e) => set({ title: e.detail.value })} />
            </Field>
            <Field label="活动介绍（可选）" error={errors.description}>
              <Textarea {...fieldName('活动介绍')} id="edit-description" className="act-textarea" value={draft.description} maxlength={2000} onInput={(e) => set({ description: e.detail.value })} />
            </Field>
            {!published ? (
              <View>
                <View className="act-field">
                  <Text className="act-field__label">活动类型</Text>
                  <ChoiceChips idPrefix="edit-kind" options={KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] }))} value={draft.kind} onChange={(kind) => set({ kind })} />
                </View>
                {draft.kind === 'volunteer' && (
                  <Field label="每人计入志愿时长（小时，0.5 为单位）" error={errors.hours}>
                    <Input {...fieldName('志愿时长')} id="edit-hours" className="act-input" type="digit" value={draft.hours} placeholder="例如 2" onInput={(e) => set({ hours: e.detail.value })} />
                  </Field>
                )}
                <View className="act-field">
                  <Text className="act-field__label">日期</Text>
                  <ChoiceChips idPrefix="edit-date" options={days.map((d) => ({ value: d.date, label: `${d.label} ${d.short}` }))} value={draft.date} onChange={(date) => set({ date, ...(draft.placeMode === 'room' ? { startTime: '', endTime: '' } : {}) })} />
                </View>
                <View className="act-field">
                  <Text className="act-field__label">活动地点</Text>
                  <ChoiceChips
                    idPrefix="edit-place"
                    options={[
                      { value: 'room' as const, label: '驿站房间' },
                      { value: 'address' as const, label: '其他地址' },
                    ]}
                    value={draft.placeMode}
                    onChange={(placeMode) => set({ placeMode, startTime: '', endTime: '' })}
                  />
                </View>
                {draft.placeMode === 'room' ? (
                  <View className="act-field">
                    <Text className="act-field__label">房间</Text>
                    <StateView idPrefix="edit-rooms" loading={rooms.loading} error={rooms.error} empty={rooms.data !== undefined && roomItems.length === 0} emptyText="本驿站还没有房间，请填写地址" onRetry={() => void rooms.reload()}>
                      <ChoiceChips idPrefix="edit-room" options={roomItems.map((r) => ({ value: r.id, label: r.name }))} value={draft.roomId} onChange={(roomId) => set({ roomId, startTime: '', endTime: '' })} />
                    </StateView>
                    {draft.roomId && (
                      <View>
                        <Text className="act-field__label">时段（点选开始，再点结束；灰色为已占用或不开放）</Text>
                        <SlotPicker roomId={draft.roomId} date={draft.date} start={draft.startTime} end={draft.endTime} onPick={(startTime, endTime) => set({ startTime, endTime })} />
                      </View>
                    )}
                    <Text className="act-field__label" id="edit-picked-time">
                      {draft.startTime ? `已选 ${draft.startTime}–${draft.endTime}` : '尚未选择时段'}
                    </Text>
                    {(errors.place || errors.time) && <Text className="act-error" id="edit-place-error">{errors.place ?? errors.time}</Text>}
                  </View>
                ) : (
                  <View>
                    <Field label="活动地址" error={errors.place} errorId="edit-place-error">
                      <Input {...fieldName('活动地址')} id="edit-address" className="act-input" value={draft.address} maxlength={100} placeholder="例如 幸福路 88 号小广场" onInput={(e) => set({ address: e.detail.value })} />
                    </Field>
                    <Field label="开始时间（北京时间）" error={errors.time} errorId="edit-time-error">
                      <Input {...fieldName('开始时间')} id="edit-start" className="act-input" value={draft.startTime} maxlength={5} placeholder="整点或半点，如 14:00" onInput={(e) => set({ startTime: e.detail.value })} />
                    </Field>
                    <Field label="结束时间（北京时间）">
                      <Input {...fieldName('结束时间')} id="edit-end" className="act-input" value={draft.endTime} maxlength={5} placeholder="整点或半点，如 16:30" onInput={(e) => set({ endTime: e.detail.value })} />
                    </Field>
                  </View>
                )}
                <View className="act-field">
                  <Text className="act-field__label">活动图片（选填，最多 9 张）</Text>
                  <PhotoUploader id="edit-photos" purpose="activity" value={draft.photos} onChange={(photos) => set({ photos })} />
                  {Object.entries(errors).find(([k]) => k.startsWith('photos'))?.[1] && (
                    <Text className="act-error" id="edit-photos-error">
                      {Object.entries(errors).find(([k]) => k.startsWith('photos'))?.[1]}
                    </Text>
                  )}
                </View>
                <View className="act-field">
                  <Text className="act-field__label">报名范围</Text>
                  <ChoiceChips idPrefix="edit-audience" options={(['everyone', 'members', 'buildings'] as const).map((v) => ({ value: v, label: AUDIENCE_LABELS[v] }))} value={draft.audience} onChange={(audience) => set({ audience })} />
                  {draft.audience === 'buildings' && station && (
                    <BuildingPicker stationId={station} chosen={draft.buildingIds} onChange={(buildingIds) => set({ buildingIds })} />
                  )}
                  {errors.buildingIds && <Text className="act-error" id="edit-buildings-error">{errors.buildingIds}</Text>}
                </View>
                <View className="act-field">
                  <Text className="act-field__label">报名截止</Text>
                  <ChoiceChips idPrefix="edit-closes" options={beforeOptions(draft.closesBefore)} value={draft.closesBefore} onChange={(closesBefore) => set({ closesBefore })} />
                  {errors.signUpCloses && <Text className="act-error">{errors.signUpCloses}</Text>}
                </View>
                <View className="act-field">
                  <Text className="act-field__label">可取消报名至</Text>
                  <ChoiceChips idPrefix="edit-cancel-before" options={beforeOptions(draft.cancelBefore)} value={draft.cancelBefore} onChange={(cancelBefore) => set({ cancelBefore })} />
                  {errors.cancelDeadline && <Text className="act-error">{errors.cancelDeadline}</Text>}
                </View>
              </View>
            ) : (
              <View className="act-body">
                <Text className="act-line">
                  {ACTIVITY_KIND_LABELS[a!.kind]} · {localLabel(a!.start)}–{a!.end.slice(11, 16)} · {a!.placeName}
                </Text>
              </View>
            )}
            <Field label={draft.kind === 'volunteer' ? '名额（计时长的活动不超过 49 人）' : '名额（人）'} error={errors.capacity} errorId="edit-capacity-error">
              <Input {...fieldName('名额')} id="edit-capacity" className="act-input" type="number" value={draft.capacity} onInput={(e) => set({ capacity: e.detail.value })} />
            </Field>
            {errors.publish && (
              <Text className="act-error" id="edit-publish-error" style={{ padding: `0 ${Taro.pxTransform(28)}` }}>
                {errors.publish}
              </Text>
            )}
            <View className="act-actions">
              <Button id="edit-save" fill="outline" loading={busy === 'save'} disabled={busy === 'publish'} onClick={() => void onSave()}>
                {published ? '保存修改' : '保存草稿'}
              </Button>
              {!published && (
                <Button id="edit-publish" type="primary" loading={busy === 'publish'} disabled={busy === 'save'} onClick={() => void onPublish()}>
                  发布
                </Button>
              )}
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
