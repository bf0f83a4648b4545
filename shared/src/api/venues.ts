import * as z from 'zod';
import type { RouteDef } from './route-def';
import { DateString, Id, LocalDateTime, PageQuery, Text, pageOf } from './common';
import { Photos } from './photos';

// Kept importable from here: booking and the mini-program import the date from venues.
export { DateString };

/** HH:mm on the half hour: the slot grid of every room is 30 minutes. */
export const HalfHour = z.string().regex(/^([01]\d|2[0-3]):(00|30)$|^24:00$/, '时间须为整点或半点，如 09:00、14:30');

export const OpeningInterval = z
  .object({ open: HalfHour, close: HalfHour })
  .refine((i) => i.open < i.close, { message: '结束时间须晚于开始时间', path: ['close'] });
/** Per weekday, "0" = Sunday … "6" = Saturday; an empty list means closed that day. */
export const OpeningHours = z
  .object({
    '0': z.array(OpeningInterval),
    '1': z.array(OpeningInterval),
    '2': z.array(OpeningInterval),
    '3': z.array(OpeningInterval),
    '4': z.array(OpeningInterval),
    '5': z.array(OpeningInterval),
    '6': z.array(OpeningInterval),
  })
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.infer<typeof OpeningHours>;

export const StationKind = z.enum(['centre', 'estate', 'shared']);
export { STATION_KIND_LABELS } from '../labels';

export const Station = z
  .object({
    id: z.string(),
    communityId: z.string(),
    communityName: z.string(),
    kind: StationKind,
    name: z.string(),
    address: z.string(),
    location: z.object({ lat: z.number(), lng: z.number() }),
    phone: z.string(),
    openingHours: OpeningHours,
    photos: z.array(z.string()),
    /** The stored photo keys behind `photos`, in the same order: what an admin's form sends back to keep them. */
    photoKeys: z.array(z.string()).optional(),
    roomCount: z.number().int(),
    /** Metres from the caller, when they sent their location. */
    distance: z.number().optional(),
  })
  .meta({ id: 'Station' });
export type Station = z.infer<typeof Station>;

export const RoomRules = z
  .object({
    slotMinutes: z.literal(30),
    minNoticeMinutes: z.number().int().min(0, '提前预约时间不能为负').max(30 * 24 * 60),
    maxDaysAhead: z.number().int().min(0).max(90, '最多可提前 90 天'),
    maxMinutes: z.number().int().min(30, '单次时长至少 30 分钟').max(24 * 60).multipleOf(30, '单次时长须为 30 分钟的整数倍'),
    weeklyQuota: z.number().int().min(1, '每周次数至少为 1').max(50),
  })
  .meta({ id: 'RoomRules' });
export type RoomRules = z.infer<typeof RoomRules>;

export const Blackout = z
  .object({
    id: z.string(),
    /** Asia/Shanghai local date-times, `YYYY-MM-DDTHH:mm`; a whole day is 00:00–24:00. */
    start: z.string(),
    end: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'Blackout' });
export type Blackout = z.infer<typeof Blackout>;

export const Room = z
  .object({
    id: z.string(),
    stationId: z.string(),
    stationName: z.string(),
    communityId: z.string(),
    name: z.string(),
    capacity: z.number().int(),
    facilities: z.array(z.string()),
    photos: z.array(z.string()),
    /** The stored photo keys behind `photos` (see Station.photoKeys). */
    photoKeys: z.array(z.string()).optional(),
    requiresApproval: z.boolean(),
    rules: RoomRules,
    openingHours: OpeningHours,
    blackouts: z.array(Blackout),
  })
  .meta({ id: 'Room' });
export type Room = z.infer<typeof Room>;

/** `?communityId=` (a community's stations) or `?lat=&lng=` (nearby, nearest first); both pages. */
export const StationListQuery = PageQuery.extend({
  communityId: Id.optional(),
  lat: z.coerce.number({ error: '纬度须为数字' }).min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间').optional(),
  lng: z.coerce.number({ error: '经度须为数字' }).min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间').optional(),
})
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: '经纬度须同时提供', path: ['lng'] })
  .refine((q) => q.communityId !== undefined || q.lat !== undefined, { message: '请选择社区，或允许获取位置查看附近的驿站', path: ['communityId'] });
export const StationListResponse = pageOf(Station, 'StationListResponse');
export const RoomListResponse = pageOf(Room, 'RoomListResponse');

export const CreateBlackoutRequest = z
  .object({
    start: LocalDateTime,
    end: LocalDateTime,
    reason: Text({ max: 50, label: '原因', messages: { required: '请填写原因，如 党员活动日、维修', max: '原因不超过 50 字' } }),
  })
  .refine((b) => b.start < b.end, { message: '结束时间须晚于开始时间', path: ['end'] })
  .meta({ id: 'CreateBlackoutRequest' });

export const UpdateRoomRequest = z
  .object({
    name: Text({ max: 30, label: '房间名称', messages: { max: '名称不超过 30 字' } }).optional(),
    capacity: z.number().int().min(1, '容纳人数至少为 1').max(2000).optional(),
    facilities: z.array(Text({ max: 20, label: '设施', messages: { max: '每项设施不超过 20 字' } })).max(20, '设施最多 20 项').optional(),
    requiresApproval: z.boolean().optional(),
    rules: RoomRules.partial().omit({ slotMinutes: true }).optional(),
    photos: Photos.optional(),
  })
  .meta({ id: 'UpdateRoomRequest' });

export const UpdateOpeningHoursRequest = z.object({ openingHours: OpeningHours }).meta({ id: 'UpdateOpeningHoursRequest' });

// ---- maintaining stations and rooms (#8: functions/src/venues/tree.ts)

const Phone = z
  .string({ error: '请填写联系电话' })
  .trim()
  .regex(/^[0-9][0-9-]{4,19}$/, '联系电话只能包含数字和 -，5–20 位');

export const Location = z.object({
  lat: z.number({ error: '纬度须为数字' }).min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间'),
  lng: z.number({ error: '经度须为数字' }).min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间'),
});

export const StationRequest = z
  .object({
    kind: z.enum(StationKind.options, { error: '请选择驿站类型' }),
    name: Text({ max: 40, label: '驿站名称' }),
    address: Text({ max: 100, label: '驿站地址' }),
    location: Location,
    phone: Phone,
    /** Absent on create: 09:00–17:00 every day; absent on edit: unchanged. */
    openingHours: OpeningHours.optional(),
    /** Absent on create: none; absent on edit: unchanged. */
    photos: Photos.optional(),
  })
  .meta({ id: 'StationRequest' });
export type StationRequest = z.output<typeof StationRequest>;

export const RoomRequest = z
  .object({
    name: Text({ max: 30, label: '房间名称', messages: { max: '名称不超过 30 字' } }),
    capacity: z.number({ error: '请填写容纳人数' }).int('容纳人数须为整数').min(1, '容纳人数至少为 1').max(2000, '容纳人数不超过 2000'),
    facilities: z.array(Text({ max: 20, label: '设施', messages: { max: '每项设施不超过 20 字' } })).max(20, '设施最多 20 项').default([]),
    requiresApproval: z.boolean().default(false),
    /** Absent: the usual rules (2 hours ahead, 14 days, 4 hours, 3 a week). */
    rules: RoomRules.partial().omit({ slotMinutes: true }).optional(),
    photos: Photos.default([]),
  })
  .meta({ id: 'RoomRequest' });
export type RoomRequest = z.output<typeof RoomRequest>;

export const venueRoutes = {
  listStations: {
    method: 'get',
    path: '/stations',
    summary: '驿站列表（按社区，或按位置查附近，由近到远；分页）',
    auth: 'none',
    query: StationListQuery,
    response: StationListResponse,
  },
  getStation: { method: 'get', path: '/stations/{stationId}', summary: '驿站详情', auth: 'none', response: Station },
  listRooms: { method: 'get', path: '/stations/{stationId}/rooms', summary: '驿站的房间（分页）', auth: 'none', query: PageQuery, response: RoomListResponse },
  getRoom: { method: 'get', path: '/rooms/{roomId}', summary: '房间详情（规则、开放时间、停用时段）', auth: 'none', response: Room },
  updateRoom: { method: 'put', path: '/rooms/{roomId}', summary: '修改房间设置（工作人员）', auth: 'user', body: UpdateRoomRequest, response: Room },
  updateOpeningHours: {
    method: 'put',
    path: '/stations/{stationId}/opening-hours',
    summary: '修改驿站开放时间（工作人员）',
    auth: 'user',
    body: UpdateOpeningHoursRequest,
    response: Station,
  },
  createBlackout: { method: 'post', path: '/rooms/{roomId}/blackouts', summary: '新增停用时段（工作人员）', auth: 'user', body: CreateBlackoutRequest, response: Room },
  deleteBlackout: {
    method: 'delete',
    path: '/rooms/{roomId}/blackouts/{blackoutId}',
    summary: '删除停用时段（工作人员）',
    auth: 'user',
    response: Room,
  },
  createStation: { method: 'post', path: '/communities/{communityId}/stations', summary: '新建驿站', auth: 'user', body: StationRequest, response: Station },
  updateStation: { method: 'put', path: '/stations/{stationId}', summary: '修改驿站', auth: 'user', body: StationRequest, response: Station },
  deactivateStation: { method: 'post', path: '/stations/{stationId}/deactivate', summary: '停用驿站', auth: 'user', response: Station },
  createRoom: { method: 'post', path: '/stations/{stationId}/rooms', summary: '新建房间（同时生成房间码）', auth: 'user', body: RoomRequest, response: Room },
  deactivateRoom: { method: 'post', path: '/rooms/{roomId}/deactivate', summary: '停用房间', auth: 'user', response: Room },
} as const satisfies Record<string, RouteDef>;
