import type { ScheduledHandler } from 'aws-lambda';
import { activitiesRoutes } from '@shared/api/activities';
import { routesOf } from '../lib/http';
import { logger } from '../lib/logger';
import { activityDetail, activityOut, cancelActivity, createActivity, listActivities, managedActivity, publishActivity, updateActivity } from './activities';
import { checkInByTicket, checkInWithCode, currentCheckInCode, sweepActivityNoShows } from './check-in';
import { confirmAttendance, myVolunteerHours, verifyCertificate } from './hours';
import { attendees, cancelRegistration, myRegistrations, signUp } from './registrations';
import { drainFanouts, sendActivityReminders } from './notices';

const httpRoute = routesOf(activitiesRoutes);

export const listActivitiesHandler = httpRoute('listActivities', async ({ query, principal }) => ({ body: await listActivities(query, principal) }));
export const getActivity = httpRoute('getActivity', async ({ params, principal }) => ({ body: await activityDetail(params.activityId, principal) }));
export const createActivityHandler = httpRoute('createActivity', async ({ params, body, principal }) => ({
  status: 201,
  body: await activityOut(await createActivity(principal, params.stationId, body)),
}));
export const updateActivityHandler = httpRoute('updateActivity', async ({ params, body, principal }) => ({
  body: await activityOut(await updateActivity(principal, params.activityId, body.activity, body.version)),
}));
export const publishActivityHandler = httpRoute('publishActivity', async ({ params, principal }) => ({ body: await activityOut(await publishActivity(principal, params.activityId)) }));
export const cancelActivityHandler = httpRoute('cancelActivity', async ({ params, body, principal }) => ({
  body: await activityOut(await cancelActivity(principal, params.activityId, body.reason)),
}));

/** 201 both times: the same clientToken again answers with the same registration. */
export const signUpHandler = httpRoute('signUp', async ({ params, body, principal }) => {
  const { registration, replayed } = await signUp(principal, params.activityId, body);
  return { status: 201, body: registration, headers: replayed ? { 'idempotent-replayed': 'true' } : undefined };
});
export const cancelRegistrationHandler = httpRoute('cancelRegistration', async ({ params, principal }) => ({ body: await cancelRegistration(principal, params.registrationId) }));
export const myRegistrationsHandler = httpRoute('myRegistrations', async ({ query, principal }) => ({ body: await myRegistrations(principal, query) }));
export const listAttendees = httpRoute('listAttendees', async ({ params, query, principal }) => ({
  body: await attendees(await managedActivity(principal, params.activityId), query),
}));

export const checkInCode = httpRoute('activityCheckInCode', async ({ params, principal }) => ({
  body: await currentCheckInCode(principal, params.activityId),
  headers: { 'cache-control': 'no-store' },
}));
export const checkIn = httpRoute('activityCheckIn', async ({ params, body, principal }) => ({ body: await checkInWithCode(principal, params.activityId, body.code) }));
export const scanTicket = httpRoute('activityScanTicket', async ({ params, body, principal }) => ({ body: await checkInByTicket(principal, params.activityId, body.ticket) }));

export const confirmAttendanceHandler = httpRoute('confirmAttendance', async ({ params, body, principal }) => ({ body: await confirmAttendance(principal, params.activityId, body) }));
export const myVolunteerHoursHandler = httpRoute('myVolunteerHours', async ({ query, principal }) => ({ body: await myVolunteerHours(principal, query) }));
export const verifyCertificateHandler = httpRoute('verifyCertificate', async ({ params }) => ({ body: await verifyCertificate(params.number) }));

/** Every 5 minutes: confirmed people who never checked in become no-shows once the activity ended. */
export const sweepActivityNoShowsHandler: ScheduledHandler = async () => {
  const result = await sweepActivityNoShows();
  logger.info('activity no-show sweep', result);
  if (result.failed > 0) throw new Error(`activity no-show sweep: ${result.failed} activities failed`);
};

/**
 * Every 5 minutes: the activity messages a request left undelivered (a cancelled activity's
 * registrants, credited hours: fan-outs), then the reminders of activities starting in 24 h.
 */
export const activityMessagesHandler: ScheduledHandler = async () => {
  const deadline = Date.now() + 50_000;
  const fanouts = await drainFanouts(deadline - 20_000);
  const reminders = await sendActivityReminders(new Date(), deadline);
  logger.info('activity messages', { fanouts, reminders });
  if (reminders.failed > 0) throw new Error(`activity reminders: ${reminders.failed} activities failed`);
};
