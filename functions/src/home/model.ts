/** A notice 公告 as stored (`NOTICE#<id>/META`); its live copy on the board carries the same fields. */
export interface NoticeRecord {
  id: string;
  communityId: string;
  title: string;
  body: string;
  pinned: boolean;
  /** Last day shown (YYYY-MM-DD, Asia/Shanghai) and the instant it ends (ms), when set. */
  expiresOn?: string;
  expiresMs?: number;
  createdAt: string;
  createdMs: number;
  createdBy: string;
  updatedAt: string;
  version: number;
}
