import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { WishDetail } from '@shared/api/wishes';
import { api, requestLogin } from '../../../../api/client';
import { useAction } from '../../../../hooks/useAction';
import { useRequest } from '../../../../hooks/useRequest';
import { useSession } from '../../../../hooks/useSession';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import { PhotoGallery } from '../../../../components/PhotoGallery';
import { PhotoUploader, type PhotoItem } from '../../../../components/PhotoUploader';
import { Field } from '../../../../components/CrowdfundBits';
import { Button } from '../../../../components/ui';
import { THEME_RED } from '../../../../config';
import { formatCst } from '../../../../utils/time';
import { fieldName } from '../../../../utils/a11y';
import { STATUS_TEXT, wishLine } from '../../wishes';
import '../../wishes.css';

type Act = 'claim' | 'release' | 'deliver' | 'confirm' | 'thank' | 'withdraw';

/** One wish: what it is, where it stands, and the step this viewer may take now. */
export default function WishDetailPage() {
  const id = useRouter().params.id ?? '';
  const session = useSession();
  const wish = useRequest(() => api('getWish', undefined, { params: { wishId: id }, silent: true }), [id, session?.token]);
  const { busy, run } = useAction<Act>();
  const [unitName, setUnitName] = useState('');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [thanks, setThanks] = useState('');
  useDidShow(() => {
    if (wish.data && !wish.loading) void wish.reload();
  });
  usePullDownRefresh(() => void wish.reload().finally(() => Taro.stopPullDownRefresh()));

  const w: WishDetail | undefined = wish.data;
  const params = { wishId: id };
  const step = (act: Act, call: () => Promise<unknown>, toast: string, confirm?: Taro.showModal.Option) => run(act, call, { toast: { title: toast, icon: 'success' }, reload: wish.reload, confirm });

  const claim = () => {
    if (!session) return void requestLogin().catch(() => undefined);
    const unit = unitName.trim();
    return step('claim', () => api('claimWish', { version: w!.version, ...(unit ? { unitName: unit } : {}) }, { params }), '认领成功', {
      title: '认领心愿',
      content: `认领后请在 14 天内完成并登记送达${unit ? `（以“${unit}”名义）` : ''}。确定认领吗？`,
      confirmText: '认领',
      cancelText: '取消',
    });
  };

  return (
    <PageShell id="page-wish-detail">
      <StateView idPrefix="wish" loading={wish.loading && !w} error={wish.error} empty={false} onRetry={() => void wish.reload()}>
        {w && (
          <View>
            <View className="section" id="wish-main">
              <View className="wi-card__head">
                <Text className="section__title" id="wish-title">
                  {w.title}
                </Text>
                <Text className="wi-status" id="wish-status">
                  {STATUS_TEXT[w.status]}
                </Text>
              </View>
              <Text className="wi-card__sub">{wishLine(w)}</Text>
              <Text className="wi-card__sub" id="wish-reason">
                {w.reason}
              </Text>
              {w.photos.length > 0 && <PhotoGallery id="wish-photos" photos={w.photos} />}
              {w.claim && (
                <Text className="wi-card__sub" id="wish-claim">
                  {w.claim.label} 于 {formatCst(w.claim.claimedAt, 'M月D日')} 认领{w.status === 'claimed' ? `，期限 ${formatCst(w.claim.deadline, 'M月D日')}` : ''}
                </Text>
              )}
              {w.beneficiary && (
                <View className="wi-private" id="wish-beneficiary">
                  <Text className="wi-card__sub">受助人：{w.beneficiary.name}</Text>
                  <Text className="wi-card__sub">电话：{w.beneficiary.phone}</Text>
                  <Text className="wi-card__sub">地址：{w.beneficiary.address}</Text>
                  <Text className="wi-card__sub">（仅发布人、社区工作人员和认领人可见，请勿外传）</Text>
                </View>
              )}
              {w.takeDownReason && <Text className="wi-card__sub">下架原因：{w.takeDownReason}</Text>}
            </View>

            {w.delivery && (
              <View className="section" id="wish-delivery">
                <Text className="section__title">送达情况</Text>
                <Text className="wi-card__sub">{w.delivery.note}</Text>
                <Text className="wi-card__sub">送达于 {formatCst(w.delivery.deliveredAt, 'M月D日 HH:mm')}</Text>
                {w.delivery.photos.length > 0 && <PhotoGallery id="wish-delivery-photos" photos={w.delivery.photos} />}
                {w.confirmedAt && <Text className="wi-card__sub">{w.confirmedBy === 'system' ? '送达 7 天后已自动确认' : '受助方已确认收到'}</Text>}
              </View>
            )}
            {w.thanks && (
              <View className="section" id="wish-thanks">
                <Text className="section__title">感谢的话</Text>
                <Text className="wi-card__sub">{w.thanks.note}</Text>
              </View>
            )}

            {w.status === 'open' && !w.viewer.poster && (
              <View className="section wi-form" id="wish-claim-form">
                <Field label="代表单位认领（可选，填写单位名称）">
                  <Input {...fieldName('代表单位认领的单位名称')} id="wish-unit" className="cf-input" value={unitName} maxlength={40} placeholder="个人认领请留空" onInput={(e) => setUnitName(e.detail.value)} />
                </Field>
                <Button id="wish-claim-button" type="primary" block loading={busy === 'claim'} onClick={() => void claim()}>
                  我来认领
                </Button>
              </View>
            )}

            {w.status === 'claimed' && w.viewer.claimant && (
              <View className="section wi-form" id="wish-deliver-form">
                <Text className="section__title">登记送达</Text>
                <Field label="送达说明">
                  <Textarea {...fieldName('送达说明')} id="wish-deliver-note" className="cf-textarea" value={note} maxlength={500} placeholder="例如 已把收音机送到老人家中并教会使用" onInput={(e) => setNote(e.detail.value)} />
                </Field>
                <Field label="送达照片（至少 1 张）">
                  <PhotoUploader id="wish-deliver-photos" purpose="wish" value={photos} onChange={setPhotos} max={3} />
                </Field>
                <View className="wi-actions">
                  <Button
                    id="wish-deliver-button"
                    type="primary"
                    loading={busy === 'deliver'}
                    onClick={() => void step('deliver', () => api('deliverWish', { version: w.version, note, photos: photos.map((p) => p.key) }, { params }), '已登记送达')}
                  >
                    登记送达
                  </Button>
                  <Button
                    id="wish-release-button"
                    fill="outline"
                    loading={busy === 'release'}
                    onClick={() =>
                      void step('release', () => api('releaseWishClaim', { version: w.version }, { params }), '已放弃认领', {
                        title: '放弃认领',
                        content: '放弃后心愿将重新开放给其他人认领。确定放弃吗？',
                        confirmText: '放弃',
                        confirmColor: THEME_RED,
                        cancelText: '取消',
                      })
                    }
                  >
                    放弃认领
                  </Button>
                </View>
              </View>
            )}

            {w.status === 'delivered' && (w.viewer.beneficiary || w.viewer.staff) && (
              <View className="section wi-form" id="wish-confirm-form">
                <Button
                  id="wish-confirm-button"
                  type="primary"
                  block
                  loading={busy === 'confirm'}
                  onClick={() =>
                    void step('confirm', () => api('confirmWish', { version: w.version }, { params }), '已确认', {
                      title: '确认已收到',
                      content: w.viewer.beneficiary ? '确认已收到心愿物品或服务吗？' : '代受助人确认已收到吗？',
                      confirmText: '确认',
                      cancelText: '取消',
                    })
                  }
                >
                  确认已收到
                </Button>
              </View>
            )}

            {w.status === 'confirmed' && (w.viewer.beneficiary || w.viewer.poster) && (
              <View className="section wi-form" id="wish-thank-form">
                <Field label="写几句感谢的话（会显示在心愿上）">
                  <Textarea {...fieldName('感谢的话')} id="wish-thank-note" className="cf-textarea" value={thanks} maxlength={200} onInput={(e) => setThanks(e.detail.value)} />
                </Field>
                <Button id="wish-thank-button" type="primary" block loading={busy === 'thank'} onClick={() => void step('thank', () => api('thankWish', { version: w.version, note: thanks }, { params }), '谢谢您')}>
                  发送感谢
                </Button>
              </View>
            )}

            {(w.status === 'submitted' || w.status === 'open') && w.viewer.poster && (
              <View className="block-button">
                <Button
                  id="wish-withdraw-button"
                  fill="outline"
                  block
                  loading={busy === 'withdraw'}
                  onClick={() =>
                    void step('withdraw', () => api('withdrawWish', { version: w.version }, { params }), '已撤回', {
                      title: '撤回心愿',
                      content: '撤回后心愿不再公开，也不能再被认领。确定撤回吗？',
                      confirmText: '撤回',
                      confirmColor: THEME_RED,
                      cancelText: '取消',
                    })
                  }
                >
                  撤回心愿
                </Button>
              </View>
            )}
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
