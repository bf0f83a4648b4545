/** 导出我的数据 as a person reads it: Chinese sections, Beijing time, names, no openid or ids. */
import { exportFileName, summariseExport } from '../src/utils/exportSummary';
import type { ExportResponse } from '@shared/api/members';

const raw: ExportResponse = {
  user: {
    id: 'u-demo-member',
    openid: 'demo-member',
    nickname: '李建国',
    roles: { resident: true, member: true, staffStationIds: [], adminCommunityIds: [] },
    createdAt: '2026-03-01T01:30:00.000Z',
  },
  memberProfile: {
    userId: 'u-demo-member',
    communityId: 'cm-xingfu',
    name: '李建国',
    branch: '市供电局机关第二党支部',
    phone: '13900001234',
    status: 'confirmed',
    consents: { showOnBuilding: true, phoneVisible: false },
    appliedAt: '2026-03-01T10:00:00+08:00',
    reviewedAt: '2026-03-02T09:00:00+08:00',
  },
  reportIn: {
    userId: 'u-demo-member',
    communityId: 'cm-xingfu',
    buildingId: 'bd-xingfu-1',
    skills: ['法律咨询'],
    availableTimes: ['周六上午', '工作日晚上'],
    status: 'confirmed',
    posts: ['政策法律宣传员'],
    reportedAt: '2026-03-03T19:30:00+08:00',
  },
  revealsMade: [],
  revealsOfMe: [
    { viewerId: 'u-x', memberId: 'u-demo-member', at: '2026-04-01T02:05:00.000Z' },
    { viewerId: 'u-y', memberId: 'u-demo-member', at: '2026-04-02T12:00:00+08:00' },
  ],
  exportedAt: '2026-05-01T06:30:00.000Z',
};

const names = { communities: { 'cm-xingfu': '幸福社区' }, buildings: { 'bd-xingfu-1': '幸福家园 1栋' } };

test('sections with Chinese labels, names for ids, Beijing times', () => {
  const sections = summariseExport(raw, names);
  expect(sections.map((s) => s.title)).toEqual(['账号', '党员资料', '社区报到与认岗', '我查看过的党员电话', '我的电话被查看的记录']);
  const rows = Object.fromEntries(sections.flatMap((s) => s.rows.map((r) => [`${s.key}.${r.label}`, r.value])));
  expect(rows['account.昵称']).toBe('李建国');
  expect(rows['account.身份']).toBe('居民、党员');
  expect(rows['account.注册时间']).toBe('2026年3月1日 09:30'); // 01:30 UTC
  expect(rows['member.所在社区']).toBe('幸福社区');
  expect(rows['member.认证状态']).toBe('已认证');
  expect(rows['member.在楼栋码上展示我']).toBe('是');
  expect(rows['member.允许居民查看我的电话']).toBe('否');
  expect(rows['reportIn.居住楼栋']).toBe('幸福家园 1栋');
  expect(rows['reportIn.认领的岗位']).toBe('政策法律宣传员');
  expect(rows['revealsOfMe.次数']).toBe('2 次');
  expect(sections[3].rows).toEqual([]);
  expect(sections[3].empty).toBe('没有查看记录');
  // Newest first, in Beijing time.
  expect(sections[4].rows.slice(1).map((r) => r.value)).toEqual(['2026年4月2日 12:00', '2026年4月1日 10:05']);
});

test('no openid, internal id or ISO time reaches the summary', () => {
  const text = JSON.stringify(summariseExport(raw, names));
  for (const leak of ['demo-member', 'u-demo-member', 'cm-xingfu', 'bd-xingfu-1', 'u-x', 'openid', 'T01:30', '+08:00', 'Z"']) {
    expect(text).not.toContain(leak);
  }
});

test('without a profile or report-in the sections say so', () => {
  const sections = summariseExport({ ...raw, memberProfile: null, reportIn: null }, { communities: {}, buildings: {} });
  expect(sections[1]).toMatchObject({ rows: [], empty: '未申请党员身份认证' });
  expect(sections[2]).toMatchObject({ rows: [], empty: '尚未向社区报到' });
});

test('the file is named in Beijing time', () => {
  expect(exportFileName(raw.exportedAt)).toBe('红色驿站-我的数据-20260501-1430.json');
});
