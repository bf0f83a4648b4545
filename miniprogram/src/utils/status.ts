/** Review status 审核状态 as shown to users, per thing being reviewed. */
export type ReviewStatusValue = 'pending' | 'confirmed' | 'rejected';

export const MEMBER_STATUS_TEXT: Record<ReviewStatusValue, string> = {
  pending: '待审核',
  confirmed: '已认证',
  rejected: '未通过',
};

export const REPORT_IN_STATUS_TEXT: Record<ReviewStatusValue, string> = {
  pending: '待确认',
  confirmed: '已报到',
  rejected: '未通过',
};

/** The eight posts 八大员, in the API's order (shared/src/api/members.ts POSTS). */
export const POST_NAMES = [
  '政策法律宣传员',
  '社情民意联络员',
  '文明创建示范员',
  '矛盾纠纷调解员',
  '卫生环境整治员',
  '治安巡逻处置员',
  '爱心帮扶解困员',
  '民生实事督办员',
] as const;
export type PostNameValue = (typeof POST_NAMES)[number];
export const MAX_POSTS = 2;

/** Ids use the post's index (0–7): element ids stay ASCII. */
export function postIndex(post: string): number {
  return (POST_NAMES as readonly string[]).indexOf(post);
}

/** "书法, 维修；理发" → ['书法', '维修', '理发'] (commas of either width, 、 and ；), deduplicated. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,，、;；\n]+/)) {
    const v = part.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}
