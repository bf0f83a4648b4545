import type { Booking } from '@shared/api/booking';

/** A booking as stored: the API's shape plus what the locks and the sweeper need. */
export interface BookingRecord extends Booking {
  communityId: string;
  /** Epoch ms after which an unchecked booking no longer holds its slots. */
  checkInDeadline: number;
  /** The ISO week whose quota counter this booking counts in. */
  quotaWeek: string;
}

/** One 30-minute slot held by a booking. */
export interface SlotLock {
  roomId: string;
  date: string;
  start: string;
  bookingId: string;
  /** Whose booking holds it (locks written before this field have none). */
  userId?: string;
  checkedIn: boolean;
  checkInDeadline: number;
}
