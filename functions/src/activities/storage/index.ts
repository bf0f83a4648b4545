/**
 * The only code of the activities domain that speaks DynamoDB, one module per concept.
 * Everything one activity's rules touch lives in its partition `ACTIVITY#<id>` (META,
 * REG#<userId>, WAIT#<order>); the room's slot locks are the booking domain's own
 * (booking/storage.ts builds them).
 */
export * from './activities';
export * from './registrations';
export * from './hours';
export * from './notices';
