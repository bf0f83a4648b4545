/** Routes of the staff subpackage (工作台). */
const q = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

export const pendingUrl = (stationId: string, name: string) => `/packages/staff/pages/pending/index?${q({ stationId, name })}`;
export const todayUrl = (stationId: string, name: string) => `/packages/staff/pages/today/index?${q({ stationId, name })}`;
export const roomsUrl = (stationId: string, name: string) => `/packages/staff/pages/rooms/index?${q({ stationId, name })}`;
export const roomSettingsUrl = (roomId: string) => `/packages/staff/pages/room/index?${q({ roomId })}`;

/** Router params arrive URL-encoded on some platforms. */
export function param(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
