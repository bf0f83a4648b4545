import type { ScheduledHandler } from 'aws-lambda';
import { bookingRoutes } from '@shared/api/booking';
import { routesOf } from '../lib/http';
import { logger } from '../lib/logger';
import { approve, availability, bookingFor, cancel, checkIn, createBooking, myBookings, rate, reject, stationBookings, sweepNoShows, toView } from './domain';

const httpRoute = routesOf(bookingRoutes);

export const getAvailability = httpRoute('getAvailability', async ({ params, query }) => ({ body: await availability(params.roomId, query.date) }));

export const createBookingHandler = httpRoute('createBooking', async ({ principal, body }) => ({
  status: 201,
  body: toView(await createBooking(principal, body)),
}));

export const listMyBookings = httpRoute('listMyBookings', async ({ principal }) => ({ body: { items: (await myBookings(principal)).map(toView) } }));

export const getBooking = httpRoute('getBooking', async ({ principal, params }) => ({ body: toView(await bookingFor(principal, params.bookingId)) }));

export const cancelBooking = httpRoute('cancelBooking', async ({ principal, params, body }) => ({
  body: toView(await cancel(principal, params.bookingId, body.reason)),
}));

export const listStationBookings = httpRoute('listStationBookings', async ({ principal, params, query }) => ({
  body: { items: (await stationBookings(principal, params.stationId, query)).map(toView) },
}));

export const approveBooking = httpRoute('approveBooking', async ({ principal, params }) => ({ body: toView(await approve(principal, params.bookingId)) }));

export const rejectBooking = httpRoute('rejectBooking', async ({ principal, params, body }) => ({
  body: toView(await reject(principal, params.bookingId, body.reason)),
}));

export const checkInHandler = httpRoute('checkIn', async ({ principal, params, body }) => ({ body: toView(await checkIn(principal, params.bookingId, body.code)) }));

export const rateBooking = httpRoute('rateBooking', async ({ principal, params, body }) => ({
  body: toView(await rate(principal, params.bookingId, body.stars, body.comment)),
}));

/** Every 5 minutes: close bookings whose check-in window passed unchecked. */
export const sweepNoShowsHandler: ScheduledHandler = async () => {
  const result = await sweepNoShows();
  logger.info('no-show sweep', result);
};
