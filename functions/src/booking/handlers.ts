import type { ScheduledHandler } from 'aws-lambda';
import { bookingRoutes } from '@shared/api/booking';
import { routesOf } from '../lib/http';
import { logger } from '../lib/logger';
import { checkIn, myRoomBookingsToday, staffCheckIn } from './check-in';
import { approve, availability, bookingFor, bookingReads, type BookingReads, cancel, createBooking, myBookings, rate, reject, stationBookings, sweepNoShows, toView } from './domain';
import { sendBookingReminders } from './reminders';

const httpRoute = routesOf(bookingRoutes);

export const getAvailability = httpRoute('getAvailability', async ({ principal, params, query }) => ({
  body: await availability(params.roomId, query.date, principal),
}));

// The booking's pre-reads run while the caller's user record loads (one round trip, not two).
export const createBookingHandler = httpRoute<'createBooking', BookingReads>(
  'createBooking',
  async ({ principal, body, prefetched }) => ({ status: 201, body: toView(await createBooking(principal, body, new Date(), prefetched)) }),
  { prefetch: ({ userId, body }) => bookingReads(userId, body) },
);

const pageView = (p: Awaited<ReturnType<typeof myBookings>>) => ({ items: p.items.map(toView), ...(p.nextCursor ? { nextCursor: p.nextCursor } : {}) });

export const listMyBookings = httpRoute('listMyBookings', async ({ principal, query }) => ({ body: pageView(await myBookings(principal, query)) }));

export const getBooking = httpRoute('getBooking', async ({ principal, params }) => ({ body: toView(await bookingFor(principal, params.bookingId)) }));

export const cancelBooking = httpRoute('cancelBooking', async ({ principal, params, body }) => ({
  body: toView(await cancel(principal, params.bookingId, body.reason)),
}));

export const listStationBookings = httpRoute('listStationBookings', async ({ principal, params, query }) => ({
  body: pageView(await stationBookings(principal, params.stationId, query)),
}));

export const approveBooking = httpRoute('approveBooking', async ({ principal, params }) => ({ body: toView(await approve(principal, params.bookingId)) }));

export const rejectBooking = httpRoute('rejectBooking', async ({ principal, params, body }) => ({
  body: toView(await reject(principal, params.bookingId, body.reason)),
}));

export const checkInHandler = httpRoute('checkIn', async ({ principal, params, body }) => ({ body: toView(await checkIn(principal, params.bookingId, body.code)) }));

export const staffCheckInHandler = httpRoute('staffCheckIn', async ({ principal, params }) => ({ body: toView(await staffCheckIn(principal, params.bookingId)) }));

export const listMyRoomBookingsToday = httpRoute('myRoomBookingsToday', async ({ principal, params }) => ({
  body: { items: (await myRoomBookingsToday(principal, params.roomId)).map(toView) },
}));

export const rateBooking = httpRoute('rateBooking', async ({ principal, params, body }) => ({
  body: toView(await rate(principal, params.bookingId, body.stars, body.comment)),
}));

/** Every 5 minutes: close bookings whose check-in window passed unchecked. */
export const sweepNoShowsHandler: ScheduledHandler = async () => {
  const result = await sweepNoShows();
  logger.info('no-show sweep', result);
};

/** Every 5 minutes: the reminder one hour before each approved booking (booking/reminders.ts). */
export const bookingRemindersHandler: ScheduledHandler = async () => {
  const result = await sendBookingReminders();
  logger.info('booking reminders', result);
  if (result.failed > 0) throw new Error(`booking reminders: ${result.failed} failed; see the log`);
};
