import type { RequestFigures } from '@shared/api/requests';
import { authorize, type Principal } from '../lib/authorize';
import { handleScope } from './access';
import { RESOLVE_BUCKETS, RESPOND_BUCKETS, medianFromBuckets } from './rules';
import * as store from './storage';

/**
 * The community figures: 三率 (response, solved, satisfaction), overdue now, and the median
 * times to respond and to resolve. All come from the counters the change transactions ADD
 * to `REQUEST_STATS` (and, for overdue, a COUNT over the queue's index range before now):
 * no request is read.
 */

const pct = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 1000) / 10);
const showPct = (v: number | null) => (v === null ? '暂无数据' : `${v}%`);

function showMinutes(m: number | null): string {
  if (m === null) return '暂无数据';
  if (m === Infinity) return '超过 30 天';
  if (m < 60) return `${m} 分钟以内`;
  if (m < 1440) return `${m / 60} 小时以内`;
  return `${m / 1440} 天以内`;
}

export async function figures(communityId: string, p: Principal, now = new Date()): Promise<RequestFigures> {
  authorize(p, 'request:handle', await handleScope(p, communityId));
  const [c, overdue] = await Promise.all([store.getStats(communityId), store.overdueCount(communityId, now.getTime())]);
  const n = (k: string) => c[k] ?? 0;
  const response = pct(n('respondedOnTime'), n('submitted'));
  const solved = pct(n('confirmed'), n('finished'));
  const satisfaction = pct(n('sat_satisfied') + n('sat_basic'), n('rated'));
  const respondMedian = medianFromBuckets(RESPOND_BUCKETS.map((_, i) => n(`r${i}`)), RESPOND_BUCKETS);
  const resolveMedian = medianFromBuckets(RESOLVE_BUCKETS.map((_, i) => n(`s${i}`)), RESOLVE_BUCKETS);
  return {
    communityId,
    figures: [
      { label: '响应率', value: response, display: showPct(response), definition: '在类别规定的响应时限内受理、不予受理或转办的诉求，占全部提交诉求的比例' },
      { label: '解决率', value: solved, display: showPct(solved), definition: '反映人确认“已解决”的诉求，占已结束诉求（确认、逾期自动关闭、无法解决）的比例；自动关闭不算解决' },
      { label: '满意率', value: satisfaction, display: showPct(satisfaction), definition: '评价为“满意”或“基本满意”的诉求，占已评价诉求的比例' },
      { label: '当前超期', value: overdue, display: `${overdue} 件`, definition: '尚未响应或尚未办结、且已过到期时间的诉求件数' },
      { label: '响应用时中位数', value: respondMedian === Infinity ? null : respondMedian, display: showMinutes(respondMedian), definition: '从提交到首次响应（受理、不予受理、转办等）所用时间的中位数，按时间段统计，显示中位数所在时间段的上限' },
      { label: '办结用时中位数', value: resolveMedian === Infinity ? null : resolveMedian, display: showMinutes(resolveMedian), definition: '从提交到首次办结所用时间的中位数，按时间段统计，显示中位数所在时间段的上限' },
    ],
    counts: c,
  };
}
