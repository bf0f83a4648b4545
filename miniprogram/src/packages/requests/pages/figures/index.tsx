import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../../../api/client';
import { useRequest } from '../../../../hooks/useRequest';
import { PageShell } from '../../../../components/PageShell';
import { StateView } from '../../../../components/StateView';
import '../../requests.css';

/** 诉求三率与时效 (staff): the community's response, solved and satisfaction rates, the overdue count and the medians, each with its one-line definition. */
export default function RequestFiguresPage() {
  const { params } = useRouter();
  const communityId = params.communityId ?? '';
  const name = params.name ? decodeURIComponent(params.name) : '';
  const figures = useRequest(() => api('requestFigures', undefined, { params: { communityId }, silent: true }), [communityId], { enabled: Boolean(communityId) });
  usePullDownRefresh(() => void figures.reload().finally(() => Taro.stopPullDownRefresh()));
  return (
    <PageShell id="page-request-figures">
      <View className="hero">
        <Text className="hero__title">{name ? `${name}诉求办理情况` : '诉求办理情况'}</Text>
        <Text className="hero__text">三率、超期件数和办理用时，每项下面写明怎么计算</Text>
      </View>
      <StateView
        idPrefix="request-figures"
        loading={figures.loading}
        error={figures.error}
        empty={!communityId}
        emptyText="请从工作台或诉求待办选择社区"
        onRetry={() => void figures.reload()}
      >
        <View id="request-figures-list">
          {(figures.data?.figures ?? []).map((f, i) => (
            <View key={f.label} className="rq-figure" id={`request-figure-${i}`}>
              <View className="rq-figure__head">
                <Text className="rq-figure__label">{f.label}</Text>
                <Text className="rq-figure__value">{f.display}</Text>
              </View>
              <Text className="rq-note">{f.definition}</Text>
            </View>
          ))}
        </View>
      </StateView>
    </PageShell>
  );
}
