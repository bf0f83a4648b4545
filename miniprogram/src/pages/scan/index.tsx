import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CodeInfo } from '@shared/api/codes';
import { api, ApiError } from '../../api/client';
import { PageShell } from '../../components/PageShell';
import { RoomCheckIn } from '../../components/RoomCheckIn';
import { ScanBox } from '../../components/ScanBox';
import { CodeReplaced, replacedContact, type ReplacedContact } from '../../components/CodeReplaced';
import { HomeEntry } from '../../components/HomeEntry';
import { Button } from '../../components/ui';
import { buildingPageUrl, openRoom, POSTS_PAGE, reportInUrl } from '../../utils/links';
import { scanPageUrl, tokenFromParams } from '../../utils/scan';
import '../../components/StateView.css';
import './index.css';

type State =
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'resolved'; code: CodeInfo }
  | { kind: 'rotated'; contact: ReplacedContact }
  | { kind: 'unknown'; message: string }
  | { kind: 'error'; message: string };

const KIND_NAMES = { building: '楼栋码', community: '社区码', room: '房间码' } as const;

/**
 * Scan entry page (pages/scan/index): the poster's H5 URL opens it with `t=<token>`,
 * WeChat's camera with `scene=<token>` (a mini-program code). Resolves the code and goes on:
 * building → building page; community → report-in / posts; room → booking.
 */
export default function ScanPage() {
  const { params } = useRouter();
  const token = tokenFromParams(params);
  const [state, setState] = useState<State>(token ? { kind: 'loading' } : { kind: 'missing' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) {
      setState({ kind: 'missing' });
      return;
    }
    let live = true;
    setState({ kind: 'loading' });
    api('resolveCode', undefined, { params: { token }, silent: true })
      .then((code) => {
        if (!live) return;
        if (code.kind === 'building') {
          void Taro.redirectTo({ url: buildingPageUrl(code.targetId, code.token) });
        }
        setState({ kind: 'resolved', code });
      })
      .catch((err: unknown) => {
        if (!live) return;
        const contact = replacedContact(err);
        if (contact) setState({ kind: 'rotated', contact });
        else if (err instanceof ApiError && (err.status === 404 || err.status === 400))
          setState({ kind: 'unknown', message: '未找到该二维码，请确认扫描的是红色驿站的二维码' });
        else setState({ kind: 'error', message: err instanceof Error ? err.message : '加载失败，请稍后重试' });
      });
    return () => {
      live = false;
    };
  }, [token, attempt]);

  const openToken = (t: string) => void Taro.redirectTo({ url: scanPageUrl(t) });

  return (
    <PageShell id="page-scan">
      {state.kind === 'loading' && (
        <View className="state-view" id="scan-loading">
          <View className="state-view__spinner" />
          <Text className="state-view__text">正在识别二维码…</Text>
        </View>
      )}

      {state.kind === 'resolved' && state.code.kind === 'building' && (
        <View className="state-view" id="scan-redirecting">
          <Text className="state-view__text">正在打开楼栋页…</Text>
        </View>
      )}

      {state.kind === 'resolved' && state.code.kind !== 'building' && (
        <View className="section scan-result" id={`scan-result-${state.code.kind}`}>
          <Text className="section__title" id="scan-result-label">
            {state.code.label}
          </Text>
          <Text className="section__note">{KIND_NAMES[state.code.kind]}</Text>
          {state.code.kind === 'community' ? (
            <View className="scan-result__actions">
              <Text className="scan-result__text">在职党员可在此向社区报到，并认领八大员岗位。</Text>
              <Button id="scan-reportin-button" type="primary" block onClick={() => void Taro.navigateTo({ url: reportInUrl(state.code.token) })}>
                党员报到
              </Button>
              <View className="scan-result__gap" />
              <Button
                id="scan-posts-button"
                fill="outline"
                block
                onClick={() => void Taro.navigateTo({ url: `${POSTS_PAGE}?communityId=${encodeURIComponent(state.code.communityId)}` })}
              >
                查看社区认岗情况
              </Button>
            </View>
          ) : (
            <View className="scan-result__actions">
              <Text className="scan-result__text">扫码预约此房间，或到场后凭预约签到。</Text>
              <RoomCheckIn roomId={state.code.targetId} token={state.code.token} />
              <View className="scan-result__gap" />
              <Button id="scan-room-book" type="primary" block onClick={() => openRoom(state.code.targetId)}>
                去预约
              </Button>
            </View>
          )}
        </View>
      )}

      {state.kind === 'rotated' && <CodeReplaced id="scan-rotated" contact={state.contact} />}

      {state.kind === 'unknown' && (
        <View className="state-view state-view--error" id={`scan-${state.kind}`}>
          <Text className="state-view__icon">!</Text>
          <Text className="state-view__title" id="scan-message">
            {state.message}
          </Text>
        </View>
      )}

      {state.kind === 'error' && (
        <View className="state-view state-view--error" id="scan-error">
          <Text className="state-view__icon">!</Text>
          <Text className="state-view__title">加载失败</Text>
          <Text className="state-view__text" id="scan-error-message">
            {state.message}
          </Text>
          <Button id="scan-retry" type="primary" size="small" onClick={() => setAttempt((a) => a + 1)}>
            重试
          </Button>
        </View>
      )}

      {(state.kind === 'missing' || state.kind === 'rotated' || state.kind === 'unknown') && (
        <View className="section">
          <Text className="section__title">{state.kind === 'missing' ? '扫描二维码' : '重新扫码'}</Text>
          <ScanBox id="scan-box" onToken={openToken} />
        </View>
      )}

      {state.kind !== 'loading' && !(state.kind === 'resolved' && state.code.kind === 'building') && <HomeEntry id="scan-home" />}
    </PageShell>
  );
}
