/**
 * Every key template of the single table, in one place. The table has a partition key
 * `pk`, sort key `sk`, two overloaded GSIs (`gsi1pk`/`gsi1sk`, `gsi2pk`/`gsi2sk`) and a
 * TTL attribute `ttl`. docs/data-model.md lists the access patterns that use them.
 */
export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  /** Pointer that makes openid unique and finds the user behind it. */
  openid: (openid: string) => ({ pk: `OPENID#${openid}`, sk: 'USER' }),
  /** WeChat's access token of an app, shared by every container (wechat/storage.ts). The pk is fixed: IAM grants only it. */
  wechatAccessToken: (appId: string) => ({ pk: 'WECHAT#ACCESS_TOKEN', sk: `APP#${appId}` }),

  street: (streetId: string) => ({ pk: `STREET#${streetId}`, sk: 'META' }),
  /** GSI1: every street (the system administrator's list), by id. */
  streetIndex: (streetId: string) => ({ gsi1pk: 'STREETS', gsi1sk: `STREET#${streetId}` }),
  community: (communityId: string) => ({ pk: `COMMUNITY#${communityId}`, sk: 'META' }),
  /** GSI1: all communities, grouped by street. */
  communityIndex: (streetId: string, communityId: string) => ({
    gsi1pk: 'COMMUNITIES',
    gsi1sk: `STREET#${streetId}#COMMUNITY#${communityId}`,
  }),
  /** GSI2 (sparse: only while in service): the public list of communities, grouped by street. */
  activeCommunityIndex: (streetId: string, communityId: string) => ({
    gsi2pk: 'COMMUNITIES#ACTIVE',
    gsi2sk: `STREET#${streetId}#COMMUNITY#${communityId}`,
  }),
  grid: (gridId: string) => ({ pk: `GRID#${gridId}`, sk: 'META' }),
  building: (buildingId: string) => ({ pk: `BUILDING#${buildingId}`, sk: 'META' }),
  station: (stationId: string) => ({ pk: `STATION#${stationId}`, sk: 'META' }),
  room: (roomId: string) => ({ pk: `ROOM#${roomId}`, sk: 'META' }),
  /** GSI2: every station, grouped by community (the station list when no community is given). */
  stationIndex: (communityId: string, stationId: string) => ({ gsi2pk: 'STATIONS', gsi2sk: `COMMUNITY#${communityId}#STATION#${stationId}` }),
  /** GSI1: the children of a community (grids, buildings, stations) by kind. */
  communityChild: (communityId: string, kind: 'GRID' | 'BUILDING' | 'STATION', id: string) => ({
    gsi1pk: `COMMUNITY#${communityId}`,
    gsi1sk: `${kind}#${id}`,
  }),
  /** GSI4: stations by geohash cell (precision 5, ~4.9 × 4.9 km): nearby stations. */
  stationGeoIndex: (geohash5: string, stationId: string) => ({ gsi4pk: `GEO5#${geohash5}`, gsi4sk: `STATION#${stationId}` }),
  /** GSI1: the rooms of a station. */
  stationChild: (stationId: string, roomId: string) => ({ gsi1pk: `STATION#${stationId}`, gsi1sk: `ROOM#${roomId}` }),

  // ---- codes 码上通 (functions/src/codes) ----
  /** A code record, found by its token (active or rotated away). */
  code: (token: string) => ({ pk: `CODE#${token}`, sk: 'META' }),
  /** The current code of a target, kept in the target's own partition (BUILDING#/COMMUNITY#/ROOM#). */
  currentCode: (kind: 'building' | 'community' | 'room', targetId: string) => ({ pk: `${kind.toUpperCase()}#${targetId}`, sk: 'CODE' }),
  /** GSI1 on the current-code item: a community lists its codes. */
  communityCode: (communityId: string, kind: 'building' | 'community' | 'room', targetId: string) => ({
    gsi1pk: `COMMUNITY#${communityId}`,
    gsi1sk: `CODE#${kind.toUpperCase()}#${targetId}`,
  }),
  /** Read model of a building page (building, grid, community, stations), in the building's partition. */
  buildingPage: (buildingId: string) => ({ pk: `BUILDING#${buildingId}`, sk: 'PAGE' }),
  /** A consenting member's card on the page of the building they serve. */
  buildingMember: (buildingId: string, userId: string) => ({ pk: `BUILDING#${buildingId}`, sk: `MEMBER#${userId}` }),
  buildingMemberPrefix: 'MEMBER#',
  /** The short code printed under a QR (海报编码) → the token it was created with (kept after rotation). */
  shortCode: (code: string) => ({ pk: `SHORTCODE#${code}`, sk: 'CODE' }),
  /** One reveal of a grid worker's number (联系网格员), in the grid's partition... */
  gridWorkerReveal: (gridId: string, at: string, viewerId: string, revealId: string) => ({ pk: `GRID#${gridId}`, sk: `REVEAL#${at}#${viewerId}#${revealId}` }),
  /** ...and on GSI2 under the viewer. */
  gridWorkerRevealByViewer: (viewerId: string, at: string, gridId: string, revealId: string) => ({ gsi2pk: `USER#${viewerId}`, gsi2sk: `WORKERREVEAL#${at}#${gridId}#${revealId}` }),

  // ---- members 党员, report-in 报到, posts 认岗 (functions/src/members) ----
  memberProfile: (userId: string) => ({ pk: `MEMBER#${userId}`, sk: 'PROFILE' }),
  /** GSI1 on the member profile: a community's applications by status. */
  memberApplicationIndex: (communityId: string, status: string, appliedAt: string, userId: string) => ({
    gsi1pk: `COMMUNITY#${communityId}`,
    gsi1sk: `MEMBERAPP#${status}#${appliedAt}#${userId}`,
  }),
  reportIn: (userId: string) => ({ pk: `MEMBER#${userId}`, sk: 'REPORTIN' }),
  /** GSI1 on the report-in: a community's report-ins by status. */
  reportInIndex: (communityId: string, status: string, reportedAt: string, userId: string) => ({
    gsi1pk: `COMMUNITY#${communityId}`,
    gsi1sk: `REPORTIN#${status}#${reportedAt}#${userId}`,
  }),
  /** A shown holder of a post 认岗 (public projection, like the building card): one partition per community and post. */
  postHolder: (communityId: string, postIndex: number, userId: string) => ({ pk: `COMMUNITY#${communityId}#POST#${postIndex}`, sk: `MEMBER#${userId}` }),
  postHolderPartition: (communityId: string, postIndex: number) => `COMMUNITY#${communityId}#POST#${postIndex}`,
  /** How many confirmed report-ins of a community hold each post (`p0`…`p7`, ADDed in the member's transaction). */
  postCounts: (communityId: string) => ({ pk: `COMMUNITY#${communityId}`, sk: 'POST_COUNTS' }),
  /** Per viewer per day: how many phone numbers they revealed (conditional counter, TTL'd). */
  revealCounter: (viewerId: string, day: string) => ({ pk: `REVEALS#${viewerId}`, sk: `DAY#${day}` }),
  /** One reveal, in the revealed member's partition (who saw my number); the id keeps reveals in one second apart... */
  revealAudit: (memberId: string, at: string, viewerId: string, revealId: string) => ({ pk: `MEMBER#${memberId}`, sk: `REVEAL#${at}#${viewerId}#${revealId}` }),
  /** ...and on GSI2 under the viewer (whose numbers I saw). */
  revealByViewer: (viewerId: string, at: string, memberId: string, revealId: string) => ({ gsi2pk: `USER#${viewerId}`, gsi2sk: `REVEAL#${at}#${memberId}#${revealId}` }),

  // ---- appointments 任命 (functions/src/roles) ----
  /** One role a user holds in one scope (root: scope `-`), beside the profile that carries the same role. */
  roleGrant: (userId: string, role: string, scopeId: string) => ({ pk: `USER#${userId}`, sk: `ROLE#${role}#${scopeId}` }),
  /** GSI1 on the grant: the people of a community (or street, or the system), by role and scope. */
  rolePeopleIndex: (holder: string, role: string, scopeId: string, userId: string) => ({ gsi1pk: `PEOPLE#${holder}`, gsi1sk: `${role}#${scopeId}#${userId}` }),
  rolePeoplePartition: (holder: string) => `PEOPLE#${holder}`,
  /** An invitation 邀请, found by its token. */
  invite: (token: string) => ({ pk: `INVITE#${token}`, sk: 'META' }),
  /** An admin's open invitations (token → expiry), the guard of "at most 20 open". */
  openInvites: (userId: string) => ({ pk: `USER#${userId}`, sk: 'INVITES_OPEN' }),

  booking: (bookingId: string) => ({ pk: `BOOKING#${bookingId}`, sk: 'META' }),
  /** GSI1: a station's bookings by date and start (staff lists); GSI2: a user's, newest first. */
  bookingIndexes: (b: { stationId: string; userId: string; date: string; start: string; id: string; createdAt: string }) => ({
    gsi1pk: `STATION#${b.stationId}`,
    gsi1sk: `BOOKING#${b.date}#${b.start}#${b.id}`,
    gsi2pk: `USER#${b.userId}`,
    gsi2sk: `BOOKING#${b.createdAt}#${b.id}`,
  }),
  /** One lock per 30-minute slot of a room: the item that makes double booking impossible. */
  slotLock: (roomId: string, date: string, start: string) => ({ pk: `ROOM#${roomId}`, sk: `SLOT#${date}#${start}` }),
  /** A user's count of bookings of a room in an ISO week (the weekly quota). */
  bookingQuota: (userId: string, roomId: string, week: string) => ({ pk: `USER#${userId}`, sk: `QUOTA#${roomId}#${week}` }),
  /** Present while a user may not book (three no-shows in 30 days). */
  bookingBlock: (userId: string) => ({ pk: `USER#${userId}`, sk: 'BOOKING_BLOCK' }),
  /** The same block for activity sign-ups (three activity no-shows in 60 days). */
  activityBlock: (userId: string) => ({ pk: `USER#${userId}`, sk: 'ACTIVITY_BLOCK' }),
  noShow: (userId: string, atMs: number, bookingId: string) => ({ pk: `USER#${userId}`, sk: `NOSHOW#${String(atMs).padStart(13, '0')}#${bookingId}` }),
  /**
   * Live bookings by the date and time their check-in closes: what the no-show sweeper reads.
   * Sharded (`shard` 0…BOOKING_WATCH_SHARDS−1, from the booking id) so that a city's 08:00
   * rush does not write into one partition.
   */
  bookingWatch: (date: string, deadlineMs: number, bookingId: string, shard: number) => ({
    pk: `BOOKING_WATCH#${date}#${shard}`,
    sk: `${String(deadlineMs).padStart(13, '0')}#${bookingId}`,
  }),
  bookingWatchPartition: (date: string, shard: number) => `BOOKING_WATCH#${date}#${shard}`,
  /** The no-show sweeper's checkpoint: the oldest date that may still hold due watches. */
  noShowSweep: () => ({ pk: 'SWEEP#NO_SHOW', sk: 'CHECKPOINT' }),
  /** The reminder job's checkpoint: up to which check-in deadline it has sent reminders (`upToMs`). */
  reminderSweep: () => ({ pk: 'SWEEP#REMINDER', sk: 'CHECKPOINT' }),
  /** GSI4 (sparse, only while pending): a station's approval queue by date and start. */
  pendingBookingIndex: (b: { stationId: string; date: string; start: string; id: string }) => ({
    gsi4pk: `STATION#${b.stationId}#PENDING`,
    gsi4sk: `BOOKING#${b.date}#${b.start}#${b.id}`,
  }),

  // ---- crowdfunding 众筹 (functions/src/crowdfund) ----
  /** One partition per crowdfund: META, LINE#, PLEDGE#, LEDGER#, REVERSED#, TOTALS, CLOSE. */
  crowdfund: (id: string) => ({ pk: `CROWDFUND#${id}`, sk: 'META' }),
  crowdfundLine: (id: string, lineId: string) => ({ pk: `CROWDFUND#${id}`, sk: `LINE#${lineId}` }),
  crowdfundPledge: (id: string, pledgeId: string) => ({ pk: `CROWDFUND#${id}`, sk: `PLEDGE#${pledgeId}` }),
  /** Append-only: written once by a conditional Put, never updated or deleted. */
  crowdfundLedgerEntry: (id: string, entryId: string) => ({ pk: `CROWDFUND#${id}`, sk: `LEDGER#${entryId}` }),
  /** Exists once an entry has been reversed: makes a second reversal impossible. */
  crowdfundLedgerReversal: (id: string, entryId: string) => ({ pk: `CROWDFUND#${id}`, sk: `REVERSED#${entryId}` }),
  crowdfundLedgerTotals: (id: string) => ({ pk: `CROWDFUND#${id}`, sk: 'TOTALS' }),
  /** Written once, by the deadline closer, in the transaction that closes the crowdfund. */
  crowdfundClose: (id: string) => ({ pk: `CROWDFUND#${id}`, sk: 'CLOSE' }),
  /** GSI1: a community's crowdfunds by status, then deadline. */
  crowdfundIndex: (communityId: string, status: string, deadline: string, id: string) => ({
    gsi1pk: `COMMUNITY#${communityId}#CROWDFUNDS`,
    gsi1sk: `${status}#${deadline}#${id}`,
  }),
  /** GSI2 (every status but draft): the deployment's crowdfunds of one status by deadline; `CROWDFUNDS#OPEN` is the closer's work list. */
  crowdfundStatusIndex: (status: string, deadline: string, id: string) => ({ gsi2pk: `CROWDFUNDS#${status.toUpperCase()}`, gsi2sk: `${deadline}#${id}` }),
  crowdfundDue: (deadline: string, id: string) => ({ gsi2pk: 'CROWDFUNDS#OPEN', gsi2sk: `${deadline}#${id}` }),
  /** A work-list item per failed or cancelled crowdfund whose pledges still wait to be released (written with the status change). */
  crowdfundReleasing: (id: string) => ({ pk: 'CROWDFUNDS#RELEASING', sk: id }),
  /** GSI3: an organiser's crowdfunds (我的众筹), newest first. */
  crowdfundOrganiserIndex: (userId: string, createdAt: string, id: string) => ({ gsi3pk: `USER#${userId}#CROWDFUNDS`, gsi3sk: `${createdAt}#${id}` }),
  /** GSI1 (sparse, only while pledged or fulfilled): a crowdfund's live backers, by time. */
  crowdfundBackerIndex: (id: string, createdAt: string, pledgeId: string) => ({ gsi1pk: `CROWDFUND#${id}#BACKERS`, gsi1sk: `${createdAt}#${pledgeId}` }),
  /** Finds a pledge's crowdfund from the pledge id alone (withdraw, fulfil). */
  pledgeRef: (pledgeId: string) => ({ pk: `PLEDGE#${pledgeId}`, sk: 'REF' }),
  /** Idempotency: one per user and client token, written in the pledge's own transaction. */
  pledgeToken: (userId: string, clientToken: string) => ({ pk: `PLEDGE_TOKEN#${userId}#${clientToken}`, sk: 'PLEDGE' }),
  /** GSI2: a user's pledges, newest first. */
  userPledgeIndex: (userId: string, createdAt: string, pledgeId: string) => ({ gsi2pk: `USER#${userId}`, gsi2sk: `PLEDGE#${createdAt}#${pledgeId}` }),

  // ---- uploads 照片 (functions/src/uploads) ----
  /** Who was handed the presigned POST for an object key, for which purpose (TTL a day). */
  upload: (objectKey: string) => ({ pk: `UPLOAD#${objectKey}`, sk: 'META' }),
  // ---- activities 活动 and volunteer hours 志愿服务时长 (functions/src/activities) ----
  /** One partition per activity: META, REG#<userId> (one registration per person), WAIT#<order> (the FIFO waitlist). */
  activity: (id: string) => ({ pk: `ACTIVITY#${id}`, sk: 'META' }),
  activityPartition: (id: string) => `ACTIVITY#${id}`,
  activityRegistration: (id: string, userId: string) => ({ pk: `ACTIVITY#${id}`, sk: `REG#${userId}` }),
  /** A waitlist place: the order key is the time the place was taken (ms, padded) and the registration id. */
  activityWait: (id: string, order: string) => ({ pk: `ACTIVITY#${id}`, sk: `WAIT#${order}` }),
  /** GSI1 (published and later): a community's activities by start; GSI2: every community's; GSI4: a station's, drafts too. */
  activityIndexes: (a: { communityId: string; stationId: string; start: string; id: string }, published: boolean) => ({
    ...(published ? { gsi1pk: `COMMUNITY#${a.communityId}#ACTIVITIES`, gsi1sk: `${a.start}#${a.id}`, gsi2pk: 'ACTIVITIES', gsi2sk: `${a.start}#${a.id}` } : {}),
    gsi4pk: `STATION#${a.stationId}#ACTIVITIES`,
    gsi4sk: `${a.start}#${a.id}`,
  }),
  /** Finds a registration's activity and person from its id alone (cancel, scan). */
  registrationRef: (registrationId: string) => ({ pk: `REGISTRATION#${registrationId}`, sk: 'REF' }),
  /** GSI2 on the registration: a user's registrations, newest first. */
  userRegistrationIndex: (userId: string, createdAt: string, registrationId: string) => ({ gsi2pk: `USER#${userId}`, gsi2sk: `ACTREG#${createdAt}#${registrationId}` }),
  /** Published activities by the day they end: what the no-show sweeper reads. */
  activityEndWatch: (endDate: string, endMs: number, id: string) => ({ pk: `ACTIVITY_END#${endDate}`, sk: `${String(endMs).padStart(13, '0')}#${id}` }),
  activityEndPartition: (endDate: string) => `ACTIVITY_END#${endDate}`,
  /** A no-show at an activity (the 3-in-60-days rule). */
  activityNoShow: (userId: string, atMs: number, activityId: string) => ({ pk: `USER#${userId}`, sk: `ACT_NOSHOW#${String(atMs).padStart(13, '0')}#${activityId}` }),
  /** Append-only hours ledger of a person: one credit per activity, corrections as reversal entries. */
  hoursEntry: (userId: string, at: string, entryId: string) => ({ pk: `USER#${userId}`, sk: `HOURS#${at}#${entryId}` }),
  /** Running total of a person's ledger (minutes, entries), changed only with an entry. */
  hoursTotal: (userId: string) => ({ pk: `USER#${userId}`, sk: 'HOURS_TOTAL' }),
  /** An issued certificate 志愿服务时长证明 (a snapshot, verified publicly by number). */
  certificate: (number: string) => ({ pk: `CERTIFICATE#${number}`, sk: 'META' }),
  /** An activity event still to be told to its people (cancelled → every registrant, hours → the credited): a work list drained in pages. */
  activityFanout: (activityId: string, event: string) => ({ pk: 'ACTIVITIES#FANOUT', sk: `${activityId}#${event}` }),
  /** The activity reminder job's checkpoint: up to which start time (ms) it has reminded (`upToMs`). */
  activityReminderSweep: () => ({ pk: 'SWEEP#ACTIVITY_REMINDER', sk: 'CHECKPOINT' }),
  /** A short lease: who fills an activity's free seats from its waitlist after contended cancellations. */
  activityFiller: (id: string) => ({ pk: `ACTIVITY#${id}`, sk: 'FILLER' }),
  // ---- micro-wishes 微心愿 (functions/src/wishes) ----
  /** One partition per wish: META (public fields, status, version, the live claim) and BENEFICIARY (name, phone, address: never public). */
  wish: (id: string) => ({ pk: `WISH#${id}`, sk: 'META' }),
  wishBeneficiary: (id: string) => ({ pk: `WISH#${id}`, sk: 'BENEFICIARY' }),
  /** On META: gsi1 a community's wishes by status, newest first (the wall, the screening queue); gsi2 a building's (members' buildings first); gsi3 the poster's. */
  wishIndexes: (w: { communityId: string; buildingId: string; status: string; createdAt: string; id: string; posterId: string }) => ({
    gsi1pk: `COMMUNITY#${w.communityId}#WISHES`,
    gsi1sk: `${w.status}#${w.createdAt}#${w.id}`,
    gsi2pk: `BUILDING#${w.buildingId}#WISHES`,
    gsi2sk: `${w.status}#${w.createdAt}#${w.id}`,
    gsi3pk: `USER#${w.posterId}#WISHES`,
    gsi3sk: `${w.createdAt}#${w.id}`,
  }),
  /** gsi4 on META (sparse, while someone holds or held the claim): 我认领的, newest claim first. */
  wishClaimantIndex: (claimantId: string, claimedAt: string, id: string) => ({ gsi4pk: `USER#${claimantId}#WISHCLAIMS`, gsi4sk: `${claimedAt}#${id}` }),
  /** The scheduled job's work list: one item per wish with a due time (open → expire, claimed → lapse, delivered → auto-confirm), moved in each status change's transaction. */
  wishDue: (dueAt: string, id: string) => ({ pk: 'WISHES#DUE', sk: `${dueAt}#${id}` }),
  wishDuePartition: 'WISHES#DUE',
  // ---- messages 消息 (functions/src/messages) ----
  /** One inbox message; message ids sort by the time they were written, so the partition reads newest first. */
  message: (userId: string, messageId: string) => ({ pk: `INBOX#${userId}`, sk: `MSG#${messageId}` }),
  inboxPartition: (userId: string) => `INBOX#${userId}`,
  /** The inbox's counters: `unread`, `seq` (+1 per message) and `readUpTo` (全部已读: every message id ≤ it is read). */
  inboxCounter: (userId: string) => ({ pk: `INBOX#${userId}`, sk: 'COUNTER' }),
  /** The work list of events told to many in batches (a crowdfund's outcome to its backers): `MESSAGES#FANOUT` / `<key>`. */
  messageFanout: (key: string) => ({ pk: 'MESSAGES#FANOUT', sk: key }),
  /** Marks that the once-only message `onceKey` (a reminder, a fan-out's message) reached this inbox: a second delivery is refused. */
  messageOnce: (userId: string, onceKey: string) => ({ pk: `INBOX#${userId}`, sk: `ONCE#${onceKey}` }),
  /** An event whose audience (a big station's staff, a request's followers, wish screeners) is more than its transaction tells: the rest are told from this work item. */
  audienceFanout: (event: string) => ({ pk: 'MESSAGES#AUDIENCE-FANOUT', sk: event }),
  /** Who works at a station: the recipients of its new-booking messages. */
  stationStaff: (stationId: string, userId: string) => ({ pk: `STATION#${stationId}`, sk: `STAFF#${userId}` }),
  /** The same list on one item (`userIds` set; `complete` when it is the whole list): read with a booking's other reads. */
  stationStaffList: (stationId: string) => ({ pk: `STATION#${stationId}`, sk: 'STAFFLIST' }),
  /** A user's send credits 订阅次数 of one subscription-message template (`credits`: one per acceptance). */
  subscribeCredits: (userId: string, templateId: string) => ({ pk: `INBOX#${userId}`, sk: `SUBSCRIBE#${templateId}` }),
  /** A subscription message waiting to be sent, by when it is due (epoch ms, 13 digits) and its idempotency key. */
  outboxPending: (dueMs: number, key: string) => ({ pk: 'OUTBOX#PENDING', sk: `DUE#${String(dueMs).padStart(13, '0')}#${key}` }),
  /** A subscription message done with: `status` sent / skipped / refused (kept 30 days) or failed (kept for inspection). */
  outboxDone: (status: string, key: string) => ({ pk: `OUTBOX#${status.toUpperCase()}`, sk: key }),
  // ---- home 我家 and notices 公告 (functions/src/home) ----
  /** A notice; GSI1: a community's notices newest first, expired too (the admin list). */
  notice: (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'META' }),
  noticeAdminIndex: (communityId: string, createdMs: number, noticeId: string) => ({ gsi1pk: `COMMUNITY#${communityId}#NOTICES`, gsi1sk: `${String(createdMs).padStart(13, '0')}#${noticeId}` }),
  noticeAdminPartition: (communityId: string) => `COMMUNITY#${communityId}#NOTICES`,
  /**
   * The public board: one copy per live notice, pinned first (`0#`), then newest first
   * (inverted ms); TTL at the end of its last day, so expired notices leave the partition.
   */
  noticeBoard: (communityId: string, pinned: boolean, createdMs: number, noticeId: string) => ({
    pk: `COMMUNITY#${communityId}#NOTICEBOARD`,
    sk: `${pinned ? 0 : 1}#${String(9_999_999_999_999 - createdMs).padStart(13, '0')}#${noticeId}`,
  }),
  noticeBoardPartition: (communityId: string) => `COMMUNITY#${communityId}#NOTICEBOARD`,
  // ---- requests 诉求 (functions/src/requests) ----
  /** One partition per request: META, EVENT# (timeline), FOLLOW# (我也遇到了). */
  request: (id: string) => ({ pk: `REQUEST#${id}`, sk: 'META' }),
  requestPartition: (id: string) => `REQUEST#${id}`,
  /** A timeline entry; ids sort by time. Put once, never changed. */
  requestEvent: (id: string, eventId: string) => ({ pk: `REQUEST#${id}`, sk: `EVENT#${eventId}` }),
  /** A follower 我也遇到了 (the reporter of a duplicate too). */
  requestFollow: (id: string, userId: string) => ({ pk: `REQUEST#${id}`, sk: `FOLLOW#${userId}` }),
  /** GSI2 on the request: the reporter's requests 我的诉求, newest first. */
  requestByReporter: (userId: string, createdAt: string, id: string) => ({ gsi2pk: `USER#${userId}`, gsi2sk: `REQUEST#${createdAt}#${id}` }),
  /** GSI1 (sparse, only while open): open requests of a category in a building (duplicates before submitting). */
  requestOpenInBuilding: (buildingId: string, categoryId: string, createdAt: string, id: string) => ({ gsi1pk: `BUILDING#${buildingId}#REQUESTS#${categoryId}`, gsi1sk: `${createdAt}#${id}` }),
  /** GSI4 (sparse, overloaded): a community's staff queue by due time while something is due... */
  requestQueue: (communityId: string, dueMs: number, id: string) => ({ gsi4pk: `COMMUNITY#${communityId}#REQUEST_DUE`, gsi4sk: `${String(dueMs).padStart(13, '0')}#${id}` }),
  requestQueuePartition: (communityId: string) => `COMMUNITY#${communityId}#REQUEST_DUE`,
  /** ...and, while resolved, the auto-close list by the end of the confirmation window. */
  requestResolvedWatch: (closeMs: number, id: string) => ({ gsi4pk: 'REQUESTS#RESOLVED', gsi4sk: `${String(closeMs).padStart(13, '0')}#${id}` }),
  requestResolvedPartition: 'REQUESTS#RESOLVED',
  /** GSI3 (sparse, while dispatched or in progress): an assignee's requests by due time. */
  requestAssigned: (assignee: string, dueMs: number, id: string) => ({ gsi3pk: `ASSIGNEE#${assignee}`, gsi3sk: `${String(dueMs).padStart(13, '0')}#${id}` }),
  assigneePartition: (assignee: string) => `ASSIGNEE#${assignee}`,
  /** A street's request categories with their time limits (absent: the default list). */
  requestCategories: (streetId: string) => ({ pk: `STREET#${streetId}`, sk: 'REQUEST_CATEGORIES' }),
  /** A street's working-day calendar of one year: holidays and make-up working days 调休. */
  workCalendar: (streetId: string, year: number) => ({ pk: `STREET#${streetId}`, sk: `WORKCAL#${year}` }),
  /** A community's request counters and histograms (三率, time to respond/resolve), ADDed in each change's transaction. */
  requestStats: (communityId: string) => ({ pk: `COMMUNITY#${communityId}`, sk: 'REQUEST_STATS' }),
} as const;

export type Keys = { pk: string; sk: string };
