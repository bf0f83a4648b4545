import * as z from 'zod';
import type { RouteDef } from './route-def';

/** HH:mm on the half hour: the slot grid of every room is 30 minutes. */
export const HalfHour = z.string().regex(/^([01]\d|2[0-3]):(00|30)$|^24:00$/, '时间须为整点或半点，如 09:00、14:30');
export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在');

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
    requiresApproval: z.boolean(),
    rules: RoomRules,
    openingHours: OpeningHours,
    blackouts: z.array(Blackout),
  })
  .meta({ id: 'Room' });
export type Room = z.infer<typeof Room>;

export const StationListQuery = z.object({
  communityId: z.string().optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
});
export const StationListResponse = z.object({ items: z.array(Station) }).meta({ id: 'StationListResponse' });
export const RoomListResponse = z.object({ items: z.array(Room) }).meta({ id: 'RoomListResponse' });

const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):(00|30)$|^\d{4}-\d{2}-\d{2}T24:00$/, '时间格式应为 YYYY-MM-DDTHH:mm（整点或半点）');
export const CreateBlackoutRequest = z
  .object({
    start: LocalDateTime,
    end: LocalDateTime,
    reason: z.string().trim().min(1, '请填写原因，如 党员活动日、维修').max(50, '原因不超过 50 字'),
  })
  .refine((b) => b.start < b.end, { message: '结束时间须晚于开始时间', path: ['end'] })
  .meta({ id: 'CreateBlackoutRequest' });

export const UpdateRoomRequest = z
  .object({
    name: z.string().trim().min(1, '请填写房间名称').max(30, '名称不超过 30 字').optional(),
    capacity: z.number().int().min(1, '容纳人数至少为 1').max(2000).optional(),
    facilities: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
    requiresApproval: z.boolean().optional(),
    rules: RoomRules.partial().omit({ slotMinutes: true }).optional(),
  })
  .meta({ id: 'UpdateRoomRequest' });

export const UpdateOpeningHoursRequest = z.object({ openingHours: OpeningHours }).meta({ id: 'UpdateOpeningHoursRequest' });

export const venueRoutes = {
  listStations: {
    method: 'get',
    path: '/stations',
    summary: '驿站列表（可按社区筛选，带位置时按距离排序）',
    auth: 'none',
    query: StationListQuery,
    response: StationListResponse,
  },
  getStation: { method: 'get', path: '/stations/{stationId}', summary: '驿站详情', auth: 'none', response: Station },
  listRooms: { method: 'get', path: '/stations/{stationId}/rooms', summary: '驿站的房间', auth: 'none', response: RoomListResponse },
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
} as const satisfies Record<string, RouteDef>;
