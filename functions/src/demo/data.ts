import type { Roles } from '@shared/roles';
import type { OrgTree } from '../org/model';
import type { OpeningHours, Room, RoomRules, Venues } from '../venues/model';
import { inChina } from '../lib/time';

/**
 * The demo world `npm start` loads and the tests use: one street, two communities, four
 * grids, eight buildings, three stations, six rooms with different rules, four users.
 * Ids are fixed so demos, browser tests and benchmarks can name them.
 */
const weekdays = (open: string, close: string) => [{ open, close }];
const hours = (weekday: { open: string; close: string }[], sat: { open: string; close: string }[], sun: { open: string; close: string }[]): OpeningHours => ({
  '0': sun,
  '1': weekday,
  '2': weekday,
  '3': weekday,
  '4': weekday,
  '5': weekday,
  '6': sat,
});

// 党群服务中心: office hours plus evening service 延时服务 on weekdays.
const CENTRE_HOURS = hours([{ open: '08:30', close: '12:00' }, { open: '14:00', close: '21:00' }], weekdays('09:00', '17:00'), []);
// Estate station: open every day into the evening.
const ESTATE_HOURS = hours(weekdays('09:00', '21:00'), weekdays('09:00', '21:00'), weekdays('09:00', '21:00'));
// School room shared off-hours 错时开放: weekday evenings and weekends only.
const SCHOOL_HOURS = hours(weekdays('18:00', '21:00'), weekdays('08:00', '18:00'), weekdays('08:00', '18:00'));

const rules = (r: Omit<RoomRules, 'slotMinutes'>): RoomRules => ({ slotMinutes: 30, ...r });
const partyDay = inChina().add(1, 'month').startOf('month').format('YYYY-MM-DD');

const rooms: Room[] = [
  {
    id: 'rm-centre-hall',
    stationId: 'sn-xingfu-centre',
    communityId: 'cm-xingfu',
    name: '多功能会议室',
    capacity: 40,
    facilities: ['投影仪', '音响', '麦克风', '空调'],
    photos: [],
    requiresApproval: true,
    rules: rules({ minNoticeMinutes: 120, maxDaysAhead: 14, maxMinutes: 240, weeklyQuota: 3 }),
    blackouts: [],
    version: 1,
  },
  {
    id: 'rm-centre-party',
    stationId: 'sn-xingfu-centre',
    communityId: 'cm-xingfu',
    name: '党员活动室',
    capacity: 20,
    facilities: ['党建书架', '电视', '白板'],
    photos: [],
    requiresApproval: true,
    rules: rules({ minNoticeMinutes: 60, maxDaysAhead: 7, maxMinutes: 180, weeklyQuota: 2 }),
    // 主题党日: the first of next month, reserved for the branch's own activity.
    blackouts: [{ id: 'bo-party-day', start: `${partyDay}T00:00`, end: `${partyDay}T24:00`, reason: '主题党日活动' }],
    version: 1,
  },
  {
    id: 'rm-centre-reading',
    stationId: 'sn-xingfu-centre',
    communityId: 'cm-xingfu',
    name: '阅览室',
    capacity: 12,
    facilities: ['图书角', '无线网络', '饮水机'],
    photos: [],
    requiresApproval: false,
    rules: rules({ minNoticeMinutes: 30, maxDaysAhead: 7, maxMinutes: 120, weeklyQuota: 5 }),
    blackouts: [],
    version: 1,
  },
  {
    id: 'rm-estate-meeting',
    stationId: 'sn-xingfu-estate',
    communityId: 'cm-xingfu',
    name: '邻里议事厅',
    capacity: 15,
    facilities: ['长桌', '白板', '茶水'],
    photos: [],
    requiresApproval: false,
    rules: rules({ minNoticeMinutes: 60, maxDaysAhead: 7, maxMinutes: 180, weeklyQuota: 2 }),
    blackouts: [],
    version: 1,
  },
  {
    id: 'rm-estate-activity',
    stationId: 'sn-xingfu-estate',
    communityId: 'cm-xingfu',
    name: '睦邻活动室',
    capacity: 30,
    facilities: ['乒乓球台', '棋牌桌', '音响'],
    photos: [],
    requiresApproval: true,
    rules: rules({ minNoticeMinutes: 120, maxDaysAhead: 10, maxMinutes: 240, weeklyQuota: 2 }),
    blackouts: [],
    version: 1,
  },
  {
    id: 'rm-school-gym',
    stationId: 'sn-hexie-school',
    communityId: 'cm-hexie',
    name: '和谐路小学体育馆',
    capacity: 60,
    facilities: ['篮球场', '羽毛球场', '更衣室'],
    photos: [],
    requiresApproval: true,
    rules: rules({ minNoticeMinutes: 1440, maxDaysAhead: 30, maxMinutes: 120, weeklyQuota: 1 }),
    blackouts: [],
    version: 1,
  },
];

export const DEMO_ORG: OrgTree = {
  streets: [{ id: 'st-hongxing', name: '红星街道' }],
  communities: [
    { id: 'cm-xingfu', streetId: 'st-hongxing', streetName: '红星街道', name: '幸福社区', address: '红星街道幸福路 88 号', gridCount: 2, buildingCount: 4 },
    { id: 'cm-hexie', streetId: 'st-hongxing', streetName: '红星街道', name: '和谐社区', address: '红星街道和谐路 16 号', gridCount: 2, buildingCount: 4 },
  ],
  grids: [
    { id: 'gd-xingfu-1', communityId: 'cm-xingfu', name: '幸福社区第一网格', branchName: '幸福家园网格党支部', secretaryName: '刘红梅', workerName: '赵晓燕', workerPhone: '13800001001' },
    { id: 'gd-xingfu-2', communityId: 'cm-xingfu', name: '幸福社区第二网格', branchName: '阳光花园网格党支部', secretaryName: '孙立新', workerName: '周明', workerPhone: '13800001002' },
    { id: 'gd-hexie-1', communityId: 'cm-hexie', name: '和谐社区第一网格', branchName: '和谐小区网格党支部', secretaryName: '吴桂芳', workerName: '郑伟', workerPhone: '13800001003' },
    { id: 'gd-hexie-2', communityId: 'cm-hexie', name: '和谐社区第二网格', branchName: '翠湖苑网格党支部', secretaryName: '冯建华', workerName: '何静', workerPhone: '13800001004' },
  ],
  buildings: [
    { id: 'bd-xingfu-1', communityId: 'cm-xingfu', gridId: 'gd-xingfu-1', estate: '幸福家园', name: '1 栋' },
    { id: 'bd-xingfu-2', communityId: 'cm-xingfu', gridId: 'gd-xingfu-1', estate: '幸福家园', name: '2 栋' },
    { id: 'bd-xingfu-3', communityId: 'cm-xingfu', gridId: 'gd-xingfu-2', estate: '阳光花园', name: '3 栋' },
    { id: 'bd-xingfu-4', communityId: 'cm-xingfu', gridId: 'gd-xingfu-2', estate: '阳光花园', name: '5 栋' },
    { id: 'bd-hexie-1', communityId: 'cm-hexie', gridId: 'gd-hexie-1', estate: '和谐小区', name: '1 栋' },
    { id: 'bd-hexie-2', communityId: 'cm-hexie', gridId: 'gd-hexie-1', estate: '和谐小区', name: '2 栋' },
    { id: 'bd-hexie-3', communityId: 'cm-hexie', gridId: 'gd-hexie-2', estate: '翠湖苑', name: 'A 座' },
    { id: 'bd-hexie-4', communityId: 'cm-hexie', gridId: 'gd-hexie-2', estate: '翠湖苑', name: 'B 座' },
  ],
};

export const DEMO_VENUES: Venues = {
  stations: [
    {
      id: 'sn-xingfu-centre',
      communityId: 'cm-xingfu',
      communityName: '幸福社区',
      kind: 'centre',
      name: '幸福社区党群服务中心',
      address: '红星街道幸福路 88 号',
      location: { lat: 22.7565, lng: 113.9352 },
      phone: '0755-2700 1001',
      openingHours: CENTRE_HOURS,
      photos: [],
      roomCount: 3,
    },
    {
      id: 'sn-xingfu-estate',
      communityId: 'cm-xingfu',
      communityName: '幸福社区',
      kind: 'estate',
      name: '幸福家园红色驿站',
      address: '幸福家园小区 1 栋架空层',
      location: { lat: 22.7581, lng: 113.9377 },
      phone: '0755-2700 1002',
      openingHours: ESTATE_HOURS,
      photos: [],
      roomCount: 2,
    },
    {
      id: 'sn-hexie-school',
      communityId: 'cm-hexie',
      communityName: '和谐社区',
      kind: 'shared',
      name: '和谐路小学（共享场地）',
      address: '红星街道和谐路 20 号',
      location: { lat: 22.7502, lng: 113.9291 },
      phone: '0755-2700 1003',
      openingHours: SCHOOL_HOURS,
      photos: [],
      roomCount: 1,
    },
  ],
  rooms,
};

export interface DemoUser {
  id: string;
  openid: string;
  nickname: string;
  roles: Roles;
  label: string;
}

const plain: Roles = { resident: true, member: false, staffStationIds: [], adminCommunityIds: [] };

export const DEMO_USERS: DemoUser[] = [
  { id: 'u-demo-resident', openid: 'demo-resident', nickname: '王秀兰', label: '居民', roles: plain },
  { id: 'u-demo-member', openid: 'demo-member', nickname: '李建国', label: '党员', roles: { ...plain, member: true } },
  { id: 'u-demo-staff', openid: 'demo-staff', nickname: '张丽', label: '驿站工作人员', roles: { ...plain, staffStationIds: ['sn-xingfu-centre'] } },
  { id: 'u-demo-admin', openid: 'demo-admin', nickname: '陈志强', label: '社区管理员', roles: { ...plain, member: true, adminCommunityIds: ['cm-xingfu'] } },
];

// ---- codes 码上通 and members (functions/src/codes, functions/src/members) ----

export interface DemoCode {
  token: string;
  kind: 'building' | 'community' | 'room';
  targetId: string;
  communityId: string;
  label: string;
}

/**
 * Fixed demo tokens (128 random bits each, generated once with crypto.randomBytes(16) and
 * written down) so that demos and browser tests can open e.g.
 * `/#/pages/scan/index?t=0L4c1enrElL21laH_3aldw` (幸福家园 1 栋). Real codes are random per target.
 */
export const DEMO_CODES: DemoCode[] = [
  { token: '0L4c1enrElL21laH_3aldw', kind: 'building', targetId: 'bd-xingfu-1', communityId: 'cm-xingfu', label: '幸福社区 · 幸福家园 1 栋' },
  { token: '6jQOzGO0Yd7CcKG-gmhShA', kind: 'building', targetId: 'bd-xingfu-2', communityId: 'cm-xingfu', label: '幸福社区 · 幸福家园 2 栋' },
  { token: 'b-5-aPbihaZJKFbE71kJdQ', kind: 'building', targetId: 'bd-xingfu-3', communityId: 'cm-xingfu', label: '幸福社区 · 阳光花园 3 栋' },
  { token: '_eCDM-lOHa_Xh1SHpJ7JdQ', kind: 'building', targetId: 'bd-xingfu-4', communityId: 'cm-xingfu', label: '幸福社区 · 阳光花园 5 栋' },
  { token: '9SigGYUV0EcKZVGXcB5tRA', kind: 'building', targetId: 'bd-hexie-1', communityId: 'cm-hexie', label: '和谐社区 · 和谐小区 1 栋' },
  { token: 'WQXyhJXaRKprGDuKehOBDg', kind: 'building', targetId: 'bd-hexie-2', communityId: 'cm-hexie', label: '和谐社区 · 和谐小区 2 栋' },
  { token: 'rrBZEyf82sNzFLQoQTrFFg', kind: 'building', targetId: 'bd-hexie-3', communityId: 'cm-hexie', label: '和谐社区 · 翠湖苑 A 座' },
  { token: 'Wn53X35s-RGlSPpATEul-w', kind: 'building', targetId: 'bd-hexie-4', communityId: 'cm-hexie', label: '和谐社区 · 翠湖苑 B 座' },
  { token: 'ZbpRoCUP_6YRHrlQ6kj-8A', kind: 'community', targetId: 'cm-xingfu', communityId: 'cm-xingfu', label: '幸福社区' },
  { token: 'oddW--5n47T5g82Gzx1RFw', kind: 'community', targetId: 'cm-hexie', communityId: 'cm-hexie', label: '和谐社区' },
  { token: 'vCHiVf-M0wsuIAjHP5ACIw', kind: 'room', targetId: 'rm-centre-hall', communityId: 'cm-xingfu', label: '幸福社区党群服务中心 · 多功能会议室' },
  { token: 'siJuG1zOvwoi64kyhSG7lQ', kind: 'room', targetId: 'rm-centre-party', communityId: 'cm-xingfu', label: '幸福社区党群服务中心 · 党员活动室' },
  { token: 'P0aE-z5zaY2Zd4wzJXBlXQ', kind: 'room', targetId: 'rm-centre-reading', communityId: 'cm-xingfu', label: '幸福社区党群服务中心 · 阅览室' },
  { token: 'bvEIArFcMExFuE7ap305JQ', kind: 'room', targetId: 'rm-estate-meeting', communityId: 'cm-xingfu', label: '幸福家园红色驿站 · 邻里议事厅' },
  { token: '4qztGfy7-r5CaKTfdheJRQ', kind: 'room', targetId: 'rm-estate-activity', communityId: 'cm-xingfu', label: '幸福家园红色驿站 · 睦邻活动室' },
  { token: 'AV9NbMqQP6WonTpCu2GUpg', kind: 'room', targetId: 'rm-school-gym', communityId: 'cm-hexie', label: '和谐路小学（共享场地） · 和谐路小学体育馆' },
];

/** 李建国 (demo-member): confirmed, reported in to 幸福社区 from 幸福家园 1 栋, shown, holding a post. */
export const DEMO_MEMBER = {
  profile: {
    userId: 'u-demo-member',
    communityId: 'cm-xingfu',
    name: '李建国',
    branch: '市供电局机关第二党支部',
    phone: '13912345678',
    status: 'confirmed' as const,
    consents: { showOnBuilding: true, phoneVisible: true },
    appliedAt: '2026-03-01T09:00:00+08:00',
    reviewedAt: '2026-03-02T10:00:00+08:00',
    reviewedBy: 'u-demo-admin',
  },
  reportIn: {
    userId: 'u-demo-member',
    communityId: 'cm-xingfu',
    buildingId: 'bd-xingfu-1',
    skills: ['法律咨询', '电脑维修'],
    availableTimes: ['周六上午', '工作日晚上'],
    status: 'confirmed' as const,
    posts: ['政策法律宣传员' as const],
    reportedAt: '2026-03-03T19:30:00+08:00',
    reviewedAt: '2026-03-04T09:15:00+08:00',
    reviewedBy: 'u-demo-staff',
  },
};

// ---- crowdfunding 众筹 (functions/src/crowdfund) ----

/**
 * One open crowdfund in 幸福社区, organised by 张丽 (demo-staff) and approved by 陈志强
 * (demo-admin): a money line, a capped materials line, an optional labour line and an
 * ideas line. The deadline is set 6 weeks after the first load.
 */
export const DEMO_CROWDFUND = {
  id: 'cf-xingfu-playground',
  communityId: 'cm-xingfu',
  // Open to the whole community: an estate-limited crowdfund takes pledges only from residents whose 我家 is there, and the demo accounts have none.
  estates: [] as string[],
  buildingIds: [] as string[],
  title: '幸福家园儿童游乐场改造',
  story:
    '幸福家园小区的儿童游乐场建于 2008 年，滑梯开裂、地面硬化，孩子们摔倒容易受伤。经居民议事会讨论，' +
    '计划更换滑梯和秋千、铺设塑胶地垫、增加休息座椅。欢迎大家出钱、出力、出物、出点子，所有收支在小程序公开。',
  photos: [] as string[],
  deadlineDaysAhead: 42,
  organiser: { id: 'u-demo-staff', name: '张丽' },
  reviewerId: 'u-demo-admin',
  lines: [
    { kind: 'money' as const, title: '改造资金', description: '滑梯、秋千、座椅的采购与安装', required: true, target: 4_800_000 },
    { kind: 'materials' as const, title: '塑胶地垫', item: 'EPDM 塑胶地垫（50×50 厘米）', unit: '块', required: true, target: 120 },
    { kind: 'labour' as const, title: '志愿劳动', skill: '搬运、安装、清扫', required: false, target: 80 },
    { kind: 'ideas' as const, title: '设计建议', required: false as const },
  ],
  /** Loaded through the pledge rules with fixed client tokens, so loading again adds nothing. */
  pledges: [
    { userId: 'u-demo-member', lineId: 'ln-3', hours: 4, anonymous: false, clientToken: 'demo-pledge-member-labour' },
    { userId: 'u-demo-staff', lineId: 'ln-2', quantity: 20, anonymous: true, clientToken: 'demo-pledge-staff-mats' },
  ],
};

// ---- micro-wishes 微心愿 (functions/src/wishes) ----

export interface DemoWish {
  id: string;
  buildingId: string;
  kind: 'goods' | 'service';
  title: string;
  reason: string;
  /** Fen. */
  value: number;
  poster: { id: string; name: string };
  /** Posted by the beneficiary themself; otherwise by staff on their behalf. */
  forSelf: boolean;
  beneficiary: { name: string; phone: string; address: string };
  /** Days before the first load it was posted and screened. */
  postedDaysAgo: number;
  claim?: { userId: string; name: string; kind: 'member' | 'resident' | 'unit'; unitName?: string; daysAgo: number };
  delivery?: { note: string; daysAgo: number };
}

/**
 * A living 微心愿墙 in 幸福社区: three open wishes, one claimed by the demo member, one
 * delivered by a member unit and waiting for the beneficiary's confirmation. Written once
 * with fixed ids (loading again adds nothing); beneficiaries are made-up people.
 */
export const DEMO_WISHES: DemoWish[] = [
  {
    id: 'wi-demo-radio',
    buildingId: 'bd-xingfu-1',
    kind: 'goods',
    title: '一台能听戏曲的收音机',
    reason: '孙奶奶独居，眼睛不好看不了电视，想每天听听戏曲和新闻',
    value: 12_000,
    poster: { id: 'u-demo-staff', name: '张丽' },
    forSelf: false,
    beneficiary: { name: '孙桂英', phone: '13900002001', address: '幸福家园 1 栋 2 单元 301 室' },
    postedDaysAgo: 3,
  },
  {
    id: 'wi-demo-haircut',
    buildingId: 'bd-xingfu-3',
    kind: 'service',
    title: '上门理发一次',
    reason: '老伴卧床两年，行动不便，出不了门理发',
    value: 3_000,
    poster: { id: 'u-demo-resident', name: '王秀兰' },
    forSelf: true,
    beneficiary: { name: '王秀兰', phone: '13900002002', address: '阳光花园 3 栋 1 单元 502 室' },
    postedDaysAgo: 2,
  },
  {
    id: 'wi-demo-glasses',
    buildingId: 'bd-xingfu-4',
    kind: 'goods',
    title: '一副老花镜（300 度）',
    reason: '原来的眼镜摔坏了，看药盒上的字很吃力',
    value: 8_000,
    poster: { id: 'u-demo-staff', name: '张丽' },
    forSelf: false,
    beneficiary: { name: '周德明', phone: '13900002003', address: '阳光花园 5 栋 3 单元 102 室' },
    postedDaysAgo: 1,
  },
  {
    id: 'wi-demo-walker',
    buildingId: 'bd-xingfu-2',
    kind: 'goods',
    title: '一副带座椅的助行器',
    reason: '刘大爷腿脚不好，下楼晒太阳需要随时能坐下歇一歇',
    value: 25_000,
    poster: { id: 'u-demo-staff', name: '张丽' },
    forSelf: false,
    beneficiary: { name: '刘长海', phone: '13900002004', address: '幸福家园 2 栋 1 单元 201 室' },
    postedDaysAgo: 6,
    claim: { userId: 'u-demo-member', name: '李建国', kind: 'member', daysAgo: 2 },
  },
  {
    id: 'wi-demo-lamp',
    buildingId: 'bd-xingfu-1',
    kind: 'goods',
    title: '一盏护眼台灯',
    reason: '家里孩子晚上写作业，屋里只有一盏顶灯，光线太暗',
    value: 15_000,
    poster: { id: 'u-demo-staff', name: '张丽' },
    forSelf: false,
    beneficiary: { name: '陈玉梅', phone: '13900002005', address: '幸福家园 1 栋 3 单元 602 室' },
    postedDaysAgo: 10,
    claim: { userId: 'u-demo-admin', name: '陈志强', kind: 'unit', unitName: '幸福物业党支部', daysAgo: 7 },
    delivery: { note: '已送到家中并帮忙装好，孩子很喜欢', daysAgo: 1 },
  },
];
