import { MAX_POSTS_PER_MEMBER, POSTS as POST_NAMES } from '@shared/labels';

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

/** The eight posts 八大员, in the API's order. */
export { POST_NAMES };
export type PostNameValue = (typeof POST_NAMES)[number];
export const MAX_POSTS = MAX_POSTS_PER_MEMBER;

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
