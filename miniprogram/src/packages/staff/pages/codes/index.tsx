import { useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { CodeInfo } from '@shared/api/codes';
import { formatShortCode } from '@shared/short-code';
import { api, ApiError, requestLogin, showError } from '../../../../api/client';
import { getToken } from '../../../../auth/session';
import { useAction } from '../../../../hooks/useAction';
import { useSession } from '../../../../hooks/useSession';
import { useRequest } from '../../../../hooks/useRequest';
import { usePagedRequest } from '../../../../hooks/usePagedRequest';
import { PageShell } from '../../../../components/PageShell';
import { LoadMore } from '../../../../components/LoadMore';
import { StateView } from '../../../../components/StateView';
import { Button } from '../../../../components/ui';
import { API_BASE_URL, IS_WEAPP, THEME_RED } from '../../../../config';
import { loadManagedCommunities } from '../../codes-common/communities';
import { CommunityPicker } from '../../components/CommunityPicker';
import '../../codes-common/staff.css';

const KIND_NAMES = { building: '楼栋码', community: '社区码', room: '房间码' } as const;

export function posterUrl(token: string): string {
  return `${API_BASE_URL}/codes/${encodeURIComponent(token)}/poster.png`;
}

/** The community's posters PDF needs the admin's token: download with it, then open. */
async function openPostersPdf(communityId: string): Promise<void> {
  const url = `${API_BASE_URL}/communities/${encodeURIComponent(communityId)}/posters.pdf`;
  const token = getToken();
  if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录');
  if (IS_WEAPP) {
    const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw new ApiError(res.statusCode, 'DOWNLOAD_FAILED', '海报下载失败，请稍后重试');
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true });
    return;
  }
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new ApiError(res.status, 'DOWNLOAD_FAILED', '海报下载失败，请稍后重试');
  const blobUrl = URL.createObjectURL(await res.blob());
  window.open(blobUrl, '_blank');
}

function CodeItem({ code, onRotated }: { code: CodeInfo; onRotated: () => void }) {
  const [showPoster, setShowPoster] = useState(false);
  const { busy, run } = useAction();
  const id = `code-${code.targetId}`;

  const rotate = () =>
    run(code.token, () => api('rotateCode', undefined, { params: { token: code.token } }), {
      confirm: {
        title: '更换二维码',
        content: `更换后，已张贴的“${code.label}”二维码将失效，扫码会提示“该二维码已更新，请扫描新码”，需重新打印张贴。确定更换吗？`,
        confirmText: '更换',
        confirmColor: THEME_RED,
        cancelText: '取消',
      },
      toast: '已更换，请打印新海报',
      reload: onRotated,
    });

  return (
    <View className="s-item" id={id}>
      <View className="s-item__head">
        <Text className="s-item__title">{code.label}</Text>
        <Text className="s-item__line">{KIND_NAMES[code.kind]}</Text>
      </View>
      {code.shortCode && (
        <Text className="s-item__line" id={`${id}-short-code`}>
          {`编码：${formatShortCode(code.shortCode)}（印在海报二维码下方，网页版可输入此编码打开）`}
        </Text>
      )}
      <View className="s-item__buttons">
        <Button id={`${id}-poster`} size="small" fill="outline" onClick={() => setShowPoster((v) => !v)}>
          {showPoster ? '收起海报' : '查看海报'}
        </Button>
        <Button id={`${id}-rotate`} size="small" type="primary" fill="outline" loading={busy !== null} onClick={() => void rotate()}>
          更换
        </Button>
      </View>
      {showPoster && (
        <Image
          id={`${id}-poster-image`}
          className="s-poster"
          src={posterUrl(code.token)}
          mode="widthFix"
          showMenuByLongpress
          onClick={() => void Taro.previewImage({ urls: [posterUrl(code.token)] }).catch(() => undefined)}
        />
      )}
    </View>
  );
}

/** 二维码管理 (社区管理员): the community's codes, posters, rotation. */
export default function StaffCodesPage() {
  const session = useSession();
  const communities = useRequest(async () => (await loadManagedCommunities()).filter((c) => c.admin), [session?.token], { enabled: session !== null });
  const [selected, setSelected] = useState<string | null>(null);
  const list = communities.data ?? [];
  const community = list.find((c) => c.id === selected) ?? list[0];
  const codes = usePagedRequest(
    (cursor) => api('listCommunityCodes', undefined, { params: { communityId: community!.id }, query: cursor ? { cursor } : {}, silent: true }),
    [community?.id],
    { enabled: Boolean(community) },
  );
  useReachBottom(() => void codes.loadMore());
  const [pdfBusy, setPdfBusy] = useState(false);

  if (!session) {
    return (
      <PageShell id="page-staff-codes">
        <View className="state-view" id="staff-codes-logged-out">
          <Text className="state-view__title">请先登录</Text>
          <Button id="staff-codes-login" type="primary" onClick={() => void requestLogin().catch(() => undefined)}>
            登录
          </Button>
        </View>
      </PageShell>
    );
  }

  const onPdf = async () => {
    if (!community) return;
    setPdfBusy(true);
    try {
      await openPostersPdf(community.id);
    } catch (err) {
      showError(err);
    } finally {
      setPdfBusy(false);
    }
  };

  const items = codes.items;
  return (
    <PageShell id="page-staff-codes">
      <StateView
        idPrefix="staff-codes-communities"
        loading={communities.loading}
        error={communities.error}
        empty={communities.data !== undefined && list.length === 0}
        emptyText="仅社区管理员可管理二维码"
        onRetry={() => void communities.reload()}
      >
        {community && (
          <View>
            <CommunityPicker idPrefix="staff-codes-community" communities={list} selectedId={community.id} onSelect={setSelected}>
              <View className="s-actions">
                <Button id="staff-codes-pdf" type="primary" block loading={pdfBusy} onClick={() => void onPdf()}>
                  下载全部楼栋海报（PDF）
                </Button>
              </View>
            </CommunityPicker>
            <View className="section" id="staff-codes">
              <Text className="section__title">二维码</Text>
              <StateView
                idPrefix="staff-codes"
                loading={codes.loading}
                error={!codes.loaded ? codes.error : undefined}
                empty={codes.loaded && items.length === 0}
                emptyText="暂无二维码"
                onRetry={() => void codes.reload()}
              >
                {items.map((c) => (
                  <CodeItem key={c.token} code={c} onRotated={() => void codes.reload()} />
                ))}
                <LoadMore id="staff-codes-more" hasMore={codes.hasMore} loading={codes.loadingMore} error={codes.error} onMore={() => void codes.loadMore()} count={items.length} />
              </StateView>
            </View>
          </View>
        )}
      </StateView>
    </PageShell>
  );
}
