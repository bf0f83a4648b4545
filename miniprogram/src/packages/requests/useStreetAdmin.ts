import { api } from '../../api/client';
import { useRequest } from '../../hooks/useRequest';

/** Whether the caller administers `streetId` (the street pages show their editing controls only then; the server decides anyway). */
export function useStreetAdmin(streetId: string): boolean {
  const me = useRequest(() => api('me', undefined, { silent: true }), [], {});
  return (me.data?.streets ?? []).some((s) => s.id === streetId);
}
