import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { WishKind } from '@shared/api/wishes';
import { api, ApiError } from '../../../../api/client';
import { useChosenCommunity, useCommunities, withChosen } from '../../../../hooks/useCommunities';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { useSession } from '../../../../hooks/useSession';
import { ChoiceChips } from '../../../../components/Chips';
import { Field, Toggle } from '../../../../components/CrowdfundBits';
import { LoadMore } from '../../../../components/LoadMore';
import { PageShell } from '../../../../components/PageShell';
import { PhotoUploader, type PhotoItem } from '../../../../components/PhotoUploader';
import { Button } from '../../../../components/ui';
import { fieldName } from '../../../../utils/a11y';
import { WISH_ROUTES } from '../../wishes';
import '../../wishes.css';

const KINDS: { value: WishKind; label: string }[] = [
  { value: 'goods', label: '物品' },
  { value: 'service', label: '服务' },
];

/** Yuan as typed ("80", "12.5") → fen, or NaN. */
const toFen = (yuan: string) => (/^\d{1,6}(\.\d{1,2})?$/.test(yuan.trim()) ? Math.round(Number(yuan.trim()) * 100) : NaN);

/** The wish form: what, why, where, worth (≤ ¥300), photos, and the beneficiary (kept private). */
export default function PostWishPage() {
  const router = useRouter();
  const session = useSession();
  const [communityId, setCommunityId] = useState(router.params.communityId ?? '');
  const [buildingId, setBuildingId] = useState('');
  const [kind, setKind] = useState<WishKind>('goods');
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [value, setValue] = useState('');
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [forOther, setForOther] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const communities = useCommunities({ silent: true });
  const chosen = useChosenCommunity(communityId, communities);
  const buildings = usePagedRequest((cursor) => api('listBuildings', undefined, { params: { communityId }, query: { cursor, limit: 50 }, silent: true }), [communityId], { enabled: !!communityId });
  const roles = session?.user.roles;
  const mayPostForOthers = !!roles && (roles.adminCommunityIds.length > 0 || roles.staffStationIds.length > 0 || (roles.gridIds ?? []).length > 0 || (roles.streetIds ?? []).length > 0);

  const options = withChosen(communities.items, chosen);
  const building = buildings.items.find((b) => b.id === buildingId);

  const submit = async () => {
    if (busy) return;
    const fen = toFen(value);
    const local: Record<string, string> = {};
    if (!communityId) local.communityId = '请选择社区';
    if (!buildingId) local.buildingId = '请选择楼栋';
    if (Number.isNaN(fen) || fen <= 0) local.value = '请填写估计价值（元）';
    else if (fen > 30_000) local.value = '心愿价值不能超过 300 元';
    if (Object.keys(local).length > 0) {
      setErrors(local);
      void Taro.showToast({ title: Object.values(local)[0], icon: 'none' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const saved = await api('createWish', {
        communityId,
        buildingId,
        kind,
        title,
        reason,
        value: fen,
        photos: photos.map((p) => p.key),
        forSelf: !forOther,
        beneficiary: { name, phone, address },
      });
      await Taro.showToast({ title: '已提交，等待社区审核', icon: 'none' });
      void Taro.redirectTo({ url: WISH_ROUTES.detail(saved.id) });
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell id="page-wish-post">
      <View className="section wi-form" id="wish-form">
        <Text className="section__note">微心愿只接受物品或服务（不能是钱款），价值 300 元以内。社区审核后公开；受助人的姓名、电话和地址不公开，只给社区工作人员和认领人。</Text>
        <Field label="所属社区" error={errors.communityId}>
          <Picker mode="selector" range={options.map((c) => c.name)} value={Math.max(0, options.findIndex((c) => c.id === communityId))} onChange={(e) => { setCommunityId(options[Number(e.detail.value)]?.id ?? ''); setBuildingId(''); }}>
            <Text id="wish-form-community">{chosen?.name ?? '请选择社区 ▾'}</Text>
          </Picker>
        </Field>
        <Field label="楼栋（公开时只显示到楼栋）" error={errors.buildingId}>
          <Picker mode="selector" range={buildings.items.map((b) => `${b.estate} ${b.name}`)} value={Math.max(0, buildings.items.findIndex((b) => b.id === buildingId))} onChange={(e) => setBuildingId(buildings.items[Number(e.detail.value)]?.id ?? '')}>
            <Text id="wish-form-building">{building ? `${building.estate} ${building.name}` : '请选择楼栋 ▾'}</Text>
          </Picker>
          {buildings.hasMore && <LoadMore id="wish-form-buildings-more" hasMore loading={buildings.loadingMore} onMore={() => void buildings.loadMore()} count={buildings.items.length} />}
        </Field>
        <Field label="心愿类型">
          <ChoiceChips idPrefix="wish-form-kind" options={KINDS} value={kind} onChange={setKind} />
        </Field>
        <Field label="心愿内容" error={errors.title}>
          <Input {...fieldName('心愿内容')} id="wish-form-title" className="cf-input" value={title} maxlength={40} placeholder="例如 一台收音机、陪老人去医院复诊" onInput={(e) => setTitle(e.detail.value)} />
        </Field>
        <Field label="心愿缘由" error={errors.reason}>
          <Textarea {...fieldName('心愿缘由')} id="wish-form-reason" className="cf-textarea" value={reason} maxlength={500} placeholder="说说为什么需要，方便认领人准备" onInput={(e) => setReason(e.detail.value)} />
        </Field>
        <Field label="估计价值（元，不超过 300）" error={errors.value}>
          <Input {...fieldName('估计价值（元）')} id="wish-form-value" className="cf-input" type="digit" value={value} placeholder="例如 80" onInput={(e) => setValue(e.detail.value)} />
        </Field>
        <Field label="照片（可选，最多 6 张）" error={errors['photos.0']}>
          <PhotoUploader id="wish-form-photos" purpose="wish" value={photos} onChange={setPhotos} max={6} />
        </Field>
        {mayPostForOthers && <Toggle id="wish-form-for-other" checked={forOther} label="代他人发布（工作人员、网格员）" onChange={setForOther} />}
        <Text className="section__title">受助人信息（不公开）</Text>
        <Field label="姓名" error={errors['beneficiary.name']}>
          <Input {...fieldName('受助人姓名')} id="wish-form-name" className="cf-input" value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} />
        </Field>
        <Field label="手机号" error={errors['beneficiary.phone']}>
          <Input {...fieldName('受助人手机号')} id="wish-form-phone" className="cf-input" type="number" value={phone} maxlength={11} onInput={(e) => setPhone(e.detail.value)} />
        </Field>
        <Field label="详细地址（单元、门牌）" error={errors['beneficiary.address']}>
          <Input {...fieldName('详细地址')} id="wish-form-address" className="cf-input" value={address} maxlength={60} placeholder="例如 3 单元 402 室" onInput={(e) => setAddress(e.detail.value)} />
        </Field>
        <Button id="wish-form-submit" type="primary" block loading={busy} onClick={() => void submit()}>
          提交审核
        </Button>
      </View>
    </PageShell>
  );
}
