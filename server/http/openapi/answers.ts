import { z } from 'zod'
import { HTTP_STATUS, type ErrorCode } from '../../errors.js'
import { SETTING_KEYS, SETTINGS } from '../../limits/settings.js'
import type { BbbSettings, SettingKey, ValuePolicyKey } from '../../contract/index.js'

// The answers of the HTTP API as zod schemas, for the OpenAPI document only (the routes answer the contract's
// types, server/contract/). tests/http/openapi.test.ts checks each schema's type equals its contract type.

const epochMs = z.number().int().describe('epoch milliseconds')
const isoTime = z.string().describe('ISO 8601 date and time')
const cap = z.number().int().nullable().describe('null: unlimited')

export const errorCode = z.enum(Object.keys(HTTP_STATUS) as [ErrorCode, ...ErrorCode[]])

export const errorBody = z.object({
  error: z.object({
    code: errorCode,
    message: z.string().describe("human text in the caller's language (not a contract: branch on code)"),
    details: z.record(z.string(), z.unknown()).optional().describe('machine-readable extras: the bad field, the cap that refused…'),
  }),
})

export const attendee = z.object({ name: z.string(), role: z.enum(['MODERATOR', 'VIEWER']) })

export const roomStatus = z.object({
  running: z.boolean(),
  participants: z.number().int(),
  moderators: z.number().int(),
  startedAt: epochMs.nullable(),
  attendees: z.array(attendee),
})

/** A BBB setting's value as answered (its BBB parameter name, set by the room or not at all). */
function bbbSettingAnswer(key: SettingKey): z.ZodType {
  const spec = SETTINGS[key]
  switch (spec.type) {
    case 'boolean':
      return z.boolean()
    case 'number':
      return z.number().int()
    case 'enum':
      return z.enum(spec.values as [string, ...string[]])
    case 'string':
      return z.string().nullable()
    case 'list':
      return z.array(z.enum(spec.values as [string, ...string[]]))
  }
}

export const roomSettingsView = z.object({
  anyoneCanStart: z.boolean(),
  allJoinAsModerator: z.boolean(),
  muteOnStart: z.boolean(),
  guestsAllowed: z.boolean(),
  waitingRoom: z.boolean(),
  record: z.boolean(),
  welcome: z.string().nullable(),
  maxParticipants: z.number().int().nullable(),
  durationMinutes: z.number().int().nullable(),
  hasAccessCode: z.boolean(),
  accessCode: z.string().nullable().optional().describe('managers only'),
  moderatorAccessCode: z.string().nullable().optional().describe('managers only'),
  coModerators: z.array(z.string()).optional().describe('managers only: host subs who join as moderators'),
  ...(Object.fromEntries(
    SETTING_KEYS.filter((k) => !['muteOnStart', 'welcome', 'record'].includes(k)).map((k) => [k, bbbSettingAnswer(k).optional()]),
  ) as { [K in Exclude<SettingKey, 'muteOnStart' | 'welcome' | 'record'>]: z.ZodOptional<z.ZodType<BbbSettings[K]>> }),
})

export const roomView = z.object({
  id: z.string(),
  name: z.string(),
  link: z.string().describe('the stable public room link (/r/{roomId})'),
  dialInNumber: z.string().optional().describe('the telephone dial-in number (DIAL_IN_NUMBER), when configured'),
  settings: roomSettingsView,
  status: roomStatus,
  role: z.enum(['manager', 'member']),
  canStart: z.boolean(),
  canEnd: z.boolean(),
  canManage: z.boolean(),
})

export const roomsAnswer = z.object({ rooms: z.array(roomView) })
export const roomAnswer = z.object({ room: roomView })
export const joinAnswer = z.object({ joinUrl: z.string().describe('send the browser there'), role: z.enum(['MODERATOR', 'VIEWER']) })
export const endAnswer = z.object({ ended: z.literal(true) })

export const policy = z.enum(['forced', 'default_on', 'default_off', 'optional', 'disabled'])
export const settingValue = z.union([z.boolean(), z.number(), z.string(), z.array(z.string()), z.null()])
export const policyRule = z.object({ policy, value: settingValue.optional().describe('forced: the value fixed; default_on/default_off: the default') })
const policyEntry = z.union([policy, policyRule])
const valuePolicies = Object.fromEntries(SETTING_KEYS.filter((k) => k !== 'record').map((k) => [k, policyEntry.optional()])) as {
  [K in ValuePolicyKey]: z.ZodOptional<typeof policyEntry>
}
export const policies = z.object({
  record: policy,
  guestsAllowed: policy,
  waitingRoom: policy,
  anyoneCanStart: policy,
  accessCode: policy,
  ...valuePolicies,
})
export const roomSettingState = z.object({
  type: z.enum(['boolean', 'number', 'enum', 'string', 'list']),
  group: z.enum(['audioVideo', 'permissions', 'features', 'recording', 'meeting']),
  policy,
  allowed: z.boolean(),
  editable: z.boolean(),
  default: settingValue,
  values: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
})
const roomSettingStates = z.object(Object.fromEntries(SETTING_KEYS.map((k) => [k, roomSettingState])) as { [K in SettingKey]: typeof roomSettingState })
export const licenceLimits = z.object({ maxParticipants: cap, maxInternal: cap, maxExternal: cap, maxMeetings: cap })
export const defaultLimits = z.object({
  maxParticipantsPerMeeting: cap,
  maxDurationMinutes: cap,
  maxConcurrentMeetings: cap,
  countModerators: z.boolean(),
})

export const adminLimits = z.object({ licence: licenceLimits, defaults: defaultLimits, policies })

export const spaceLimitsAnswer = z.object({
  spaceId: z.string(),
  limits: defaultLimits.partial(),
  policies: policies.partial(),
  effective: defaultLimits.extend({ licence: licenceLimits, policies }),
})

const gauge = z.object({ used: z.number().int(), cap })
const usageCounts = z.object({ total: z.number().int(), internal: z.number().int(), external: z.number().int() })
export const usageReport = z.object({
  at: epochMs,
  licence: z.object({ participants: gauge, internal: gauge, external: gauge, meetings: gauge }),
  participants: usageCounts,
  runningMeetings: z.number().int(),
  spaces: z.array(
    z.object({
      spaceId: z.string(),
      runningMeetings: z.number().int(),
      maxConcurrentMeetings: cap,
      participants: usageCounts,
      rooms: z.array(
        z.object({
          roomId: z.string(),
          name: z.string().nullable(),
          meetingId: z.string(),
          participants: usageCounts,
          maxParticipants: cap,
        }),
      ),
    }),
  ),
})
// A union of whole objects rather than an intersection: each branch closes its properties on its own.
export const adminUsage = z.union([
  usageReport.extend({ reconciled: z.literal(true) }),
  usageReport.extend({ reconciled: z.literal(false), reason: z.string().describe('the error code BBB gave') }),
])

export const capacitySettings = z.object({ thresholdPercent: z.number().int(), refuse: z.boolean() })
const retentionDays = z.number().int().describe('days')
export const retentionSettings = z.object({
  attendanceDays: retentionDays,
  auditDays: retentionDays,
  usagePerSpaceDays: retentionDays,
  mailDays: retentionDays,
  identityDays: retentionDays,
  recordingDays: retentionDays.nullable().describe('null: kept until someone deletes them'),
  consent: z.object({
    enabled: z.boolean(),
    fr: z.string().nullable().describe("null: the service's own words"),
    en: z.string().nullable().describe("null: the service's own words"),
  }),
})
export const spaceRetention = z.object({
  spaceId: z.string(),
  override: z.object({ recordingDays: retentionDays.nullable() }).nullable().describe('null: the global rule applies'),
  recordingDays: retentionDays.nullable().describe('in force; null: kept until someone deletes them'),
})
export const userDataExport = z.object({
  sub: z.string(),
  exportedAt: epochMs,
  identity: z
    .object({ name: z.string(), email: z.string().nullable(), external: z.boolean(), spaces: z.record(z.string(), z.string()), seenAt: epochMs })
    .nullable(),
  attendance: z.array(
    z.object({ runId: z.string(), roomId: z.string(), spaceId: z.string(), name: z.string(), kind: z.string(), role: z.string(), joinedAt: epochMs, leftAt: epochMs.nullable() }),
  ),
  analytics: z.array(
    z.object({
      runId: z.string(),
      spaceId: z.string(),
      name: z.string(),
      talkSeconds: z.number().nullable(),
      messages: z.number().nullable(),
      webcamSeconds: z.number().nullable(),
      receivedAt: epochMs,
    }),
  ),
  audit: z.array(
    z.object({ id: z.number().int(), at: epochMs, action: z.string(), spaceId: z.string().nullable(), roomId: z.string().nullable(), details: z.record(z.string(), z.unknown()) }),
  ),
  runsStarted: z.array(z.object({ runId: z.string(), roomId: z.string(), spaceId: z.string(), startedAt: epochMs, endedAt: epochMs.nullable() })),
  scheduledMeetings: z.array(
    z.object({ id: z.string(), roomId: z.string(), title: z.string(), start: epochMs, end: epochMs, as: z.enum(['organizer', 'attendee']) }),
  ),
  invitations: z.array(z.object({ meetingId: z.string(), roomId: z.string(), email: z.string(), createdAt: epochMs, revokedAt: epochMs.nullable() })),
  mail: z.array(z.object({ id: z.string(), meetingId: z.string(), method: z.string(), state: z.string(), createdAt: epochMs, finishedAt: epochMs.nullable() })),
  coModeratorOf: z.array(z.object({ roomId: z.string(), spaceId: z.string(), name: z.string() })),
})
export const purgeCounts = z.object({
  runs: z.number().int().describe('ended meeting runs deleted'),
  attendanceRows: z.number().int(),
  analyticsRows: z.number().int().describe('learning-dashboard rows'),
  auditEntries: z.number().int(),
  usageRows: z.number().int().describe('usage history per space, minutes and hours'),
  mailRows: z.number().int(),
  identities: z.number().int().describe('people not seen for longer than identityDays'),
  recordings: z.number().int().describe('deleted in BBB'),
  recordingsKept: z.number().int().describe('past their time but kept on request'),
})
const erased = z.number().int()
export const userDataErasure = z.object({
  identity: erased.describe('deleted'),
  attendance: erased.describe('anonymised (still counted in their run)'),
  analytics: erased.describe('anonymised'),
  audit: erased.describe('anonymised (actor `erased`)'),
  runsStarted: erased.describe('anonymised (started by `erased`)'),
  scheduledMeetings: erased.describe('organiser or attendee removed'),
  invitations: erased.describe('deleted'),
  mail: erased.describe('deleted'),
  coModeratorOf: erased.describe('removed from the room'),
})
const capacityCounts = z.object({ total: z.number().int(), internal: z.number().int(), external: z.number().int() })
export const capacityPlanAnswer = z.object({
  from: isoTime,
  to: isoTime,
  licence: licenceLimits.describe('the caps in force now'),
  settings: capacitySettings,
  thresholds: z
    .object({ participants: cap, internal: cap, external: cap })
    .describe('where a booking warns: the threshold share of each cap (null: no cap)'),
  hours: z.array(
    z.object({
      at: isoTime.describe('start of the hour (UTC)'),
      meetings: z.number().int().describe('scheduled meetings stating an expected attendance'),
      booked: capacityCounts.describe('participants they expect'),
      usual: z.number().int().nullable().describe('mean peak at the same hour and weekday over the 4 weeks before; null: not sampled'),
    }),
  ).describe('the hours with at least one booking'),
})
const usageStat = z.object({ max: z.number().int(), avg: z.number().describe('mean over the sampled minutes') })
export const usageHistoryAnswer = z.object({
  from: isoTime,
  to: isoTime,
  step: z.enum(['minute', 'hour', 'day']),
  spaceId: z.string().nullable().describe('null: the whole service'),
  licence: licenceLimits.describe('the caps in force now'),
  points: z.array(
    z.object({
      at: isoTime.describe('start of the span (UTC)'),
      minutes: z.number().int().describe('minutes sampled in the span'),
      participants: usageStat,
      internal: usageStat,
      external: usageStat,
      meetings: usageStat,
    }),
  ),
  busiestSpaces: z.array(z.object({ spaceId: z.string(), peak: z.number().int(), avg: z.number() })),
})

export const settingRule = z.object({ policy, allowed: z.boolean(), editable: z.boolean(), default: z.boolean() })
export const myLimits = z.object({
  spaceId: z.string(),
  role: z.enum(['manager', 'member']),
  kind: z.enum(['internal', 'external']),
  limits: defaultLimits,
  policies,
  settings: z.object({ record: settingRule, guestsAllowed: settingRule, waitingRoom: settingRule, anyoneCanStart: settingRule, accessCode: settingRule }),
  roomSettings: roomSettingStates,
  meetings: z.object({ running: z.number().int(), max: cap }),
  can: z.object({
    canStart: z.boolean(),
    canRecord: z.boolean(),
    canChangeRecording: z.boolean(),
    canInviteGuests: z.boolean(),
    canUseWaitingRoom: z.boolean(),
    canSetAccessCode: z.boolean(),
    canCreateRooms: z.boolean(),
    canManageRooms: z.boolean(),
    canStartNewMeeting: z.boolean(),
  }),
})

export const auditEntry = z.object({
  id: z.number().int(),
  at: epochMs,
  actor: z.string(),
  actorName: z.string().nullable(),
  spaceId: z.string().nullable(),
  roomId: z.string().nullable(),
  roomName: z.string().nullable().describe("the room's name now, or as recorded when it was deleted"),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
})
export const auditPage = z.object({ entries: z.array(auditEntry), total: z.number().int() })
export const adminAuditPage = auditPage.extend({ limit: z.number().int(), offset: z.number().int() })

export const recording = z.object({
  recordId: z.string(),
  name: z.string(),
  published: z.boolean(),
  state: z.string(),
  startTime: epochMs,
  endTime: epochMs,
  participants: z.number().int().nullable(),
  playbackUrl: z.string().nullable(),
  formats: z.array(z.object({ type: z.string(), url: z.string(), lengthMinutes: z.number() })),
  keep: z.boolean().describe('kept on request: the retention purge never deletes it'),
})
export const recordingsAnswer = z.object({ recordings: z.array(recording) })
export const recordingAnswer = z.object({ recording })

export const roomDocumentView = z.object({
  id: z.string(),
  filename: z.string(),
  size: z.number().int().describe('bytes; 0 for a document given as a URL'),
  contentType: z.string(),
  source: z.enum(['upload', 'url']),
})
export const documentLimits = z.object({
  maxDocuments: z.number().int(),
  maxBytes: z.number().int().describe('per document'),
  roomMaxBytes: z.number().int().describe("all of a room's documents"),
  types: z.array(z.string()).describe('content types rooms take'),
})
export const documentsAnswer = z.object({ documents: z.array(roomDocumentView), limits: documentLimits })
export const documentAnswer = z.object({ document: roomDocumentView })
export const meetingRunView = z.object({
  id: z.string(),
  roomId: z.string(),
  startedAt: epochMs,
  endedAt: epochMs.nullable().describe('null while the meeting runs'),
  participants: z.number().int().describe('distinct people seen'),
})
export const meetingRunsAnswer = z.object({
  runs: z.array(meetingRunView),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
export const attendanceEntry = z.object({
  name: z.string(),
  userId: z.string().nullable(),
  kind: z.enum(['internal', 'external', 'guest']),
  role: z.enum(['moderator', 'viewer']),
  sessions: z.array(z.object({ joinedAt: epochMs, leftAt: epochMs.nullable() })),
  firstJoinedAt: epochMs,
  lastLeftAt: epochMs.nullable(),
  presentSeconds: z.number().int(),
  talkSeconds: z.number().int().nullable().describe("from BBB's learning dashboard, when sent"),
  messages: z.number().int().nullable(),
  webcamSeconds: z.number().int().nullable(),
})
export const attendanceAnswer = z.object({
  run: meetingRunView,
  room: z.object({ id: z.string(), name: z.string() }),
  attendees: z.array(attendanceEntry),
  hasAnalytics: z.boolean(),
})

export const scheduledMeeting = z.object({
  id: z.string(),
  roomId: z.string(),
  spaceId: z.string(),
  uid: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  start: isoTime,
  end: isoTime,
  timezone: z.string(),
  attendees: z.array(
    z.object({ email: z.string(), name: z.string().optional(), locale: z.enum(['fr', 'en']).optional(), timezone: z.string().optional() }),
  ),
  sequence: z.number().int(),
  organizer: z.object({ name: z.string() }),
  cancelled: z.boolean(),
  opensAt: isoTime,
  icsUrl: z.string(),
  link: z.string(),
  expectedAttendees: z.object({ internal: z.number().int(), external: z.number().int() }).nullable().optional(),
})
const capacityWarning = z.object({
  code: z.literal('capacity_warning'),
  at: isoTime.describe('start of the hour'),
  expected: z.number().int().describe('participants expected then, this meeting included'),
  limit: z.number().int().describe("the admins' share of the licence cap"),
})
export const scheduledMeetingAnswer = z.object({ meeting: scheduledMeeting, warnings: z.array(capacityWarning).optional() })
export const scheduledMeetingsAnswer = z.object({ meetings: z.array(scheduledMeeting) })
export const mailStatus = z.object({
  enabled: z.boolean().describe('false: this service sends no invitation mail (production without SMTP_URL)'),
  mode: z.enum(['smtp', 'dev', 'off']).describe('dev: kept in the development mailbox at /dev/mail'),
})
export const attendeeDelivery = z.object({
  email: z.string(),
  name: z.string().nullable(),
  external: z.boolean().describe('not a member of the space: invited by a personal link'),
  invited: z.boolean().describe('false: removed from the meeting (their last message is the CANCEL)'),
  delivery: z
    .object({
      state: z.enum(['pending', 'sent', 'failed']).describe('pending: queued or retrying; failed: refused for good (5xx) or given up'),
      method: z.enum(['REQUEST', 'CANCEL']),
      sequence: z.number().int(),
      attempts: z.number().int(),
      error: z.string().nullable().describe('the last refusal, e.g. 550 5.1.1'),
      queuedAt: isoTime,
      finishedAt: isoTime.nullable(),
    })
    .nullable(),
  link: z.object({ state: z.enum(['active', 'revoked', 'expired']), url: z.string().nullable() }).nullable(),
})
export const meetingDeliveriesAnswer = z.object({ mail: mailStatus, deliveries: z.array(attendeeDelivery) })
export const calendarKeyAnswer = z.object({ key: z.string().describe('shown once'), feedUrl: z.string() })

const bbbSettingsPartial = z.object(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, bbbSettingAnswer(k).optional()])) as { [K in SettingKey]: z.ZodOptional<z.ZodType<BbbSettings[K]>> },
)
export const preset = z.object({
  id: z.string(),
  name: z.string().describe("as typed by an administrator; a built-in preset's is English: clients name those in their own language by `id`"),
  scope: z.enum(['builtin', 'global', 'space']),
  spaceId: z.string().nullable(),
  settings: bbbSettingsPartial.describe('BBB create parameters, by their BBB names'),
})
export const presetsAnswer = z.object({ presets: z.array(preset) })
export const spaceMembersAnswer = z.object({
  members: z.array(z.object({ sub: z.string().describe('the host token sub'), name: z.string(), role: z.enum(['manager', 'member']) })),
})
export const presetAnswer = z.object({ preset })
export const roomLinkStatus = z.object({
  name: z.string(),
  running: z.boolean(),
  opensAt: isoTime.optional(),
  participants: z.number().int().optional().describe('how many are in, while it runs'),
  full: z.boolean().optional().describe("the room's participant cap is reached"),
})
export const spaceBranding = z.object({
  logo: z.string().nullable().optional(),
  bannerText: z.string().nullable().optional(),
  bannerColor: z.string().nullable().optional(),
})
export const spaceBrandingAnswer = z.object({ spaceId: z.string(), branding: spaceBranding })
export const linkInvitation = z.object({
  name: z.string().nullable(),
  valid: z.boolean(),
  reason: z.enum(['invitation_revoked', 'invitation_expired', 'invitation_not_found']).optional(),
})
export const eventsTicket = z.object({ ticket: z.string(), expiresAt: epochMs })
export const healthAnswer = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.enum(['ok', 'error']),
  bbb: z.enum(['ok', 'secret_rejected', 'unreachable']),
})

export const webhookAnswer = z.object({ received: z.number().int().describe('events applied') })
export const endCallbackAnswer = z.object({ applied: z.boolean() })
export const recordingReadyAnswer = z.object({ recorded: z.string().describe('the recordID') })
export const analyticsCallbackAnswer = z.object({ stored: z.number().int().describe('people whose figures were stored') })

export const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })

/** Parts several answers share: named components of the document, referenced where they appear. */
export const SHARED_ANSWER_PARTS: Readonly<Record<string, z.ZodType>> = {
  ErrorCode: errorCode,
  Attendee: attendee,
  RoomStatus: roomStatus,
  RoomSettingsView: roomSettingsView,
  RoomView: roomView,
  Policy: policy,
  Policies: policies,
  LicenceLimits: licenceLimits,
  DefaultLimits: defaultLimits,
  UsageReport: usageReport,
  SettingRule: settingRule,
  AuditEntry: auditEntry,
  Recording: recording,
  ScheduledMeeting: scheduledMeeting,
}
