import { useState } from 'react';
import { savedHome } from '../../../../utils/home';
import { askSubscribe } from '../../../../utils/subscribe';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { api, ApiError } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { useCommunities } from '../../../../hooks/useCommunities';
import { useAction } from '../../../../hooks/useAction';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { ChoiceChips } from '../../../../components/Chips';
import { PhotoUploader, type PhotoItem } from '../../../../components/PhotoUploader';
import { Button } from '../../../../components/ui';
import { fieldName } from '../../../../utils/a11y';
import { REQUEST_PAGES } from '../../links';
import '../../requests.css';

/** As MAX_REQUEST_PHOTOS of @shared/api/requests (importing that module would bundle its zod schemas). */
const MAX_REQUEST_PHOTOS = 6;

/**
 * 我要反映: category, description, up to 6 photos, the building (from a building page) or a
 * location, public or not. Before submitting, open requests of the same category in the same
 * building are shown with 我也遇到了, so a neighbour follows instead of filing twice.
 */
export default function ReportPage() {
  const { params } = useRouter();
  // Opened from a building page: that building; otherwise 我家 when the person has set one.
  const home = params.buildingId ? undefined : savedHome();
  const buildingId = params.buildingId ?? home?.buildingId ?? '';
  const placeName = params.place ? decodeURIComponent(params.place) : home ? `${home.estate} ${home.buildingName}` : '';
  const communities = useCommunities({ silent: true, enabled: !params.communityId && !home });
  const [communityId, setCommunityId] = useState(params.communityId ?? home?.communityId ?? '');
  const categories = useRequest(() => api('getRequestCategories', undefined, { query: { communityId }, silent: true }), [communityId], { enabled: Boolean(communityId) });
  const [categoryId, setCategoryId] = useState('');
  const [text, setText] = useState('');
  const [location, setLocation] = useState('');
  const [phone, setPhone] = useState('');
  const [visibility, setVisibility] = useState<'private' | 'public'>('private');
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const similar = useRequest(() => api('similarRequests', undefined, { query: { communityId, buildingId, categoryId }, silent: true }), [communityId, buildingId, categoryId], {
    enabled: Boolean(communityId && buildingId && categoryId),
  });
  const { busy, run } = useAction();

  const follow = (id: string) =>
    run(id, () => api('followRequest', {}, { params: { requestId: id } }), {
      toast: { title: '已关注，进展会通知您', icon: 'success' },
      reload: () => Taro.redirectTo({ url: REQUEST_PAGES.detail(id) }),
    });

  const submit = async () => {
    // WeChat asks for subscription messages only inside the tap itself, before anything awaits.
    void askSubscribe('request');
    setFieldErrors({});
    await run('submit', async () => {
      try {
        const created = await api('createRequest', {
          communityId,
          categoryId,
          text,
          photos: photos.map((p) => p.key),
          ...(buildingId ? { buildingId } : {}),
          ...(location.trim() ? { location: location.trim() } : {}),
          public: visibility === 'public',
          ...(phone.trim() ? { contactPhone: phone.trim() } : {}),
        });
        await Taro.redirectTo({ url: REQUEST_PAGES.detail(created.id) });
      } catch (err) {
        if (err instanceof ApiError) setFieldErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
        throw err;
      }
    });
  };

  const err = (path: string) => (fieldErrors[path] ? <Text className="rq-error" id={`report-error-${path.replace('.', '-')}`}>{fieldErrors[path]}</Text> : null);

  return (
    <PageShell id="page-request-report">
      <View className="rq-form">
        {!params.communityId && !home && (
          <View>
            <Text className="rq-label">所在社区</Text>
            <StateView idPrefix="report-communities" loading={communities.loading} error={communities.error} onRetry={() => void communities.reload()}>
              <ChoiceChips idPrefix="report-community" options={communities.items.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={setCommunityId} />
            </StateView>
          </View>
        )}
        {placeName && (
          <Text className="rq-note" id="report-place">
            位置：{placeName}
            {home ? '（我家）' : ''}
          </Text>
        )}
        {communityId && (
          <View>
            <Text className="rq-label">问题类别</Text>
            <StateView idPrefix="report-categories" loading={categories.loading} error={categories.error} onRetry={() => void categories.reload()}>
              <ChoiceChips
                idPrefix="report-category"
                options={(categories.data?.categories ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={categoryId}
                onChange={setCategoryId}
              />
              {err('categoryId')}
            </StateView>
          </View>
        )}
        {(similar.data?.items.length ?? 0) > 0 && (
          <View id="report-similar">
            <Text className="rq-label">这栋楼近 30 天有相同的问题正在办理</Text>
            {similar.data!.items.map((s) => (
              <View key={s.id} className="rq-row" id={`report-similar-${s.id}`}>
                <Text className="rq-row__title">{s.text ?? `${s.categoryName}（未公开内容）`}</Text>
                <Text className="rq-row__sub">
                  {s.statusLabel} · {s.followers} 人也遇到了
                </Text>
                <View className="rq-actions">
                  <Button id={`report-follow-${s.id}`} size="small" type="primary" fill="outline" loading={busy === s.id} onClick={() => void follow(s.id)}>
                    我也遇到了
                  </Button>
                </View>
              </View>
            ))}
          </View>
        )}
        <Text className="rq-label">问题描述</Text>
        <Textarea {...fieldName('问题描述')} id="report-text" className="rq-textarea" value={text} maxlength={500} placeholder="请描述问题的时间、地点和情况（至少 5 个字）" onInput={(e) => setText(e.detail.value)} />
        {err('text')}
        <Text className="rq-label">照片（最多 {MAX_REQUEST_PHOTOS} 张）</Text>
        <PhotoUploader id="report-photos" purpose="request" value={photos} onChange={setPhotos} max={MAX_REQUEST_PHOTOS} />
        {err('photos.0')}
        <Text className="rq-label">{buildingId ? '具体位置（选填）' : '位置'}</Text>
        <Input {...fieldName('位置')} id="report-location" className="rq-input" value={location} maxlength={100} placeholder="例如 2 单元楼道、小区东门" onInput={(e) => setLocation(e.detail.value)} />
        {err('location')}
        <Text className="rq-label">联系电话（选填，仅工作人员可见）</Text>
        <Input {...fieldName('联系电话')} id="report-phone" className="rq-input" type="number" value={phone} maxlength={11} onInput={(e) => setPhone(e.detail.value)} />
        {err('contactPhone')}
        <Text className="rq-label">是否公开</Text>
        <ChoiceChips
          idPrefix="report-visibility"
          options={[
            { value: 'private', label: '不公开' },
            { value: 'public', label: '公开（隐去姓名和电话）' },
          ]}
          value={visibility}
          onChange={setVisibility}
        />
        <View className="block-button">
          <Button id="report-submit" type="primary" block loading={busy === 'submit'} disabled={!communityId || !categoryId} onClick={() => void submit()}>
            提交
          </Button>
        </View>
      </View>
    </PageShell>
  );
}
