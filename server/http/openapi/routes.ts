import { z } from 'zod'
import type { ErrorCode } from '../../errors.js'
import { globalLimitsInput, spaceLimitsInput } from '../../limits/schema.js'
import { auditQuery as adminAuditQuery } from '../routes/admin.js'
import { createBody as scheduleBody, feedQuery, patchBody as rescheduleBody, rangeQuery } from '../routes/invites.js'
import { meLimitsQuery } from '../routes/me.js'
import { keepBody, publishBody, renameBody } from '../routes/recordings.js'
import { retentionBody, spaceRetentionBody, userParams } from '../routes/retention.js'
import { addDocumentUrlBody, documentLinkQuery } from '../routes/documents.js'
import { attendanceQuery, runsQuery } from '../routes/attendance.js'
import { joinBody as linkJoinBody } from '../routes/room-link.js'
import { attendeeActionBody } from '../routes/meeting-mail.js'
import { accessCodeBody, auditQuery as spaceAuditQuery, createBody as createRoomBody, patchBody as updateRoomBody } from '../routes/rooms.js'
import { SPACE_ID } from '../params.js'
import { capacityBody, capacityPlanQuery, usageHistoryQuery } from '../routes/usage-history.js'
import { brandingBody, presetBody } from '../routes/settings.js'
import * as a from './answers.js'

/** How a caller proves who it is: the platform's host JWT, or nothing (public, or a key/signature of its own). */
export type Auth = 'bearer' | 'none'

/** What a route answers on success. */
export type Answer =
  | { status: 200 | 201; json: z.ZodType; name: string; alsoWith?: number }
  | { status: 204 }
  | { status: 200; text: 'text/calendar' | 'text/css' | 'text/html' | 'text/javascript' | 'text/plain' | 'text/event-stream' | 'application/octet-stream'; about: string }
  | { status: 303; about: string }

/** One operation of the HTTP API (paths in Express form, `:param`). */
export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  tag: string
  summary: string
  auth: Auth
  query?: z.ZodObject
  /** Query parameters read without a schema (name → description). */
  looseQuery?: Record<string, string>
  body?: { schema: z.ZodType; name: string; /** Also takes this multipart/form-data file field (an upload). */ orFile?: string }
  answer: Answer
  /** Codes this route answers with besides the ones every route can give. */
  errors: ErrorCode[]
}

export const PARAMS: Readonly<Record<string, z.ZodType>> = {
  spaceId: SPACE_ID,
  roomId: z.string().min(1).max(64),
  recordId: z.string().min(1).max(200),
  id: z.string().min(1).max(64),
  documentId: z.string().min(1).max(64),
  runId: z.string().min(1).max(64),
  presetId: z.string().min(1).max(64),
  token: z.string(),
  kind: z.enum(['viewer', 'moderator']),
  sub: userParams.shape.sub.describe("the `sub` of the person's host tokens"),
}

const json = (status: 200 | 201, json: z.ZodType, name: string): Answer => ({ status, json, name })
const MEMBER: ErrorCode[] = ['not_a_member', 'room_not_found']
const BBB: ErrorCode[] = ['bbb_unavailable', 'bbb_error']

/**
 * Every route the service mounts (the development BBB server and the demo platform aside: stand-ins that a
 * production deployment does not have). tests/http/openapi.test.ts compares it with the app's router.
 */
export const ROUTES: readonly Route[] = [
  { method: 'get', path: '/api/v1/openapi.json', tag: 'service', summary: 'This document (OpenAPI 3.1)', auth: 'none',
    answer: json(200, a.openApiDocument, 'OpenApiDocument'), errors: [] },
  { method: 'get', path: '/healthz', tag: 'service', summary: 'Health: store and BBB reachable (503 when degraded)', auth: 'none',
    answer: { status: 200, json: a.healthAnswer, name: 'HealthAnswer', alsoWith: 503 }, errors: [] },
  { method: 'get', path: '/metrics', tag: 'service', summary: 'Prometheus metrics (private addresses or the metrics token)', auth: 'none',
    answer: { status: 200, text: 'text/plain', about: 'Prometheus text exposition' }, errors: ['forbidden'] },

  { method: 'get', path: '/api/v1/spaces/:spaceId/rooms', tag: 'rooms', summary: "A space's rooms with live status", auth: 'bearer',
    answer: json(200, a.roomsAnswer, 'RoomsAnswer'), errors: ['not_a_member', ...BBB] },
  { method: 'post', path: '/api/v1/spaces/:spaceId/rooms', tag: 'rooms', summary: 'Create a room (managers)', auth: 'bearer',
    body: { schema: createRoomBody, name: 'CreateRoomBody' }, answer: json(201, a.roomAnswer, 'RoomAnswer'),
    errors: ['not_a_member', 'not_a_manager', 'policy_forbidden', 'access_code_too_weak'] },
  { method: 'get', path: '/api/v1/rooms/:roomId', tag: 'rooms', summary: 'One room with live status', auth: 'bearer',
    answer: json(200, a.roomAnswer, 'RoomAnswer'), errors: [...MEMBER, ...BBB] },
  { method: 'patch', path: '/api/v1/rooms/:roomId', tag: 'rooms', summary: 'Rename or configure a room (managers)', auth: 'bearer',
    body: { schema: updateRoomBody, name: 'UpdateRoomBody' }, answer: json(200, a.roomAnswer, 'RoomAnswer'),
    errors: [...MEMBER, 'not_a_manager', 'policy_forbidden', 'access_code_too_weak', ...BBB] },
  { method: 'post', path: '/api/v1/rooms/:roomId/access-codes', tag: 'rooms', summary: 'Generate (or replace) the guests\' or moderators\' access code (managers)', auth: 'bearer',
    body: { schema: accessCodeBody, name: 'GenerateAccessCodeBody' }, answer: json(200, a.roomAnswer, 'RoomAnswer'),
    errors: [...MEMBER, 'not_a_manager', 'policy_forbidden', ...BBB] },
  { method: 'delete', path: '/api/v1/rooms/:roomId/access-codes/:kind', tag: 'rooms', summary: 'Remove the guests\' (`viewer`) or moderators\' access code (managers)', auth: 'bearer',
    answer: json(200, a.roomAnswer, 'RoomAnswer'), errors: [...MEMBER, 'not_a_manager', 'policy_forbidden', ...BBB] },
  { method: 'delete', path: '/api/v1/rooms/:roomId', tag: 'rooms', summary: 'Delete a room (managers; not while it runs)', auth: 'bearer',
    answer: { status: 204 }, errors: [...MEMBER, 'not_a_manager', 'room_running'] },
  { method: 'post', path: '/api/v1/rooms/:roomId/join', tag: 'rooms', summary: 'Start (when allowed) and join the meeting', auth: 'bearer',
    answer: json(200, a.joinAnswer, 'JoinAnswer'),
    errors: [...MEMBER, 'meeting_not_running', 'space_meeting_limit', 'licence_meeting_limit', 'room_full', 'licence_full', 'licence_full_internal', 'licence_full_external', ...BBB] },
  { method: 'post', path: '/api/v1/rooms/:roomId/end', tag: 'rooms', summary: 'End the meeting (moderators)', auth: 'bearer',
    answer: json(200, a.endAnswer, 'EndAnswer'), errors: [...MEMBER, 'not_a_moderator', 'meeting_not_running', ...BBB] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/members', tag: 'rooms', summary: 'The people seen in a space, to name co-moderators (managers)', auth: 'bearer',
    answer: json(200, a.spaceMembersAnswer, 'SpaceMembersAnswer'), errors: ['not_a_member', 'not_a_manager'] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/audit', tag: 'rooms', summary: "A space's audit (managers)", auth: 'bearer',
    query: spaceAuditQuery, answer: json(200, a.auditPage, 'AuditPage'), errors: ['not_a_member', 'not_a_manager'] },

  { method: 'post', path: '/api/v1/events/tickets', tag: 'live status', summary: 'A short-lived ticket for EventSource clients', auth: 'bearer',
    answer: json(201, a.eventsTicket, 'EventsTicket'), errors: [] },
  { method: 'get', path: '/api/v1/rooms/:roomId/events', tag: 'live status', summary: "A room's live status (Server-Sent Events: status, ended, recording)",
    auth: 'bearer', looseQuery: { ticket: 'instead of the Authorization header (POST /api/v1/events/tickets)', lastEventId: 'resume after this event id (or the Last-Event-ID header)' },
    answer: { status: 200, text: 'text/event-stream', about: 'events `status`, `ended`, `recording` (JSON data), comment heartbeats' }, errors: ['invalid_ticket', ...MEMBER] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/events', tag: 'live status', summary: "A space's rooms' live status (Server-Sent Events)",
    auth: 'bearer', looseQuery: { ticket: 'instead of the Authorization header (POST /api/v1/events/tickets)', lastEventId: 'resume after this event id (or the Last-Event-ID header)' },
    answer: { status: 200, text: 'text/event-stream', about: 'events `status`, `ended`, `recording` (JSON data), comment heartbeats' }, errors: ['invalid_ticket', 'not_a_member'] },

  { method: 'get', path: '/api/v1/rooms/:roomId/recordings', tag: 'recordings', summary: "A room's recordings (moderators also see unpublished ones)", auth: 'bearer',
    answer: json(200, a.recordingsAnswer, 'RecordingsAnswer'), errors: [...MEMBER, ...BBB] },
  { method: 'post', path: '/api/v1/rooms/:roomId/recordings/:recordId/publish', tag: 'recordings', summary: 'Publish or unpublish a recording (moderators)', auth: 'bearer',
    body: { schema: publishBody, name: 'PublishRecordingBody' }, answer: json(200, a.recordingAnswer, 'RecordingAnswer'),
    errors: [...MEMBER, 'not_a_moderator', 'recording_not_found', ...BBB] },
  { method: 'patch', path: '/api/v1/rooms/:roomId/recordings/:recordId', tag: 'recordings', summary: 'Rename a recording (moderators)', auth: 'bearer',
    body: { schema: renameBody, name: 'RenameRecordingBody' }, answer: json(200, a.recordingAnswer, 'RecordingAnswer'),
    errors: [...MEMBER, 'not_a_moderator', 'recording_not_found', ...BBB] },
  { method: 'post', path: '/api/v1/rooms/:roomId/recordings/:recordId/keep', tag: 'recordings', summary: 'Keep a recording whatever the retention rule, or let the purge have it again (moderators)', auth: 'bearer',
    body: { schema: keepBody, name: 'KeepRecordingBody' }, answer: json(200, a.recordingAnswer, 'RecordingAnswer'),
    errors: [...MEMBER, 'not_a_moderator', 'recording_not_found', ...BBB] },
  { method: 'delete', path: '/api/v1/rooms/:roomId/recordings/:recordId', tag: 'recordings', summary: 'Delete a recording (moderators)', auth: 'bearer',
    answer: { status: 204 }, errors: [...MEMBER, 'not_a_moderator', 'recording_not_found', ...BBB] },

  { method: 'get', path: '/api/v1/rooms/:roomId/documents', tag: 'documents', summary: "A room's documents (slides ready at start) and its caps (managers)", auth: 'bearer',
    answer: json(200, a.documentsAnswer, 'DocumentsAnswer'), errors: [...MEMBER, 'not_a_manager'] },
  { method: 'post', path: '/api/v1/rooms/:roomId/documents', tag: 'documents',
    summary: 'Add a document to a room (managers): multipart/form-data field `file` (PDF, ODP, PPTX, DOCX, PNG, JPEG), or JSON {url, filename} for an https document the platform serves; added to the running meeting too',
    auth: 'bearer', body: { schema: addDocumentUrlBody, name: 'AddDocumentUrlBody', orFile: 'file' }, answer: json(201, a.documentAnswer, 'DocumentAnswer'),
    errors: [...MEMBER, 'not_a_manager', 'document_too_large', 'document_type_not_allowed', 'too_many_documents', 'documents_quota_exceeded'] },
  { method: 'delete', path: '/api/v1/rooms/:roomId/documents/:documentId', tag: 'documents', summary: "Delete a room's document (managers)", auth: 'bearer',
    answer: { status: 204 }, errors: [...MEMBER, 'not_a_manager', 'document_not_found'] },
  { method: 'get', path: '/documents/:documentId', tag: 'documents', summary: "A document's bytes, for BBB, through a link the service signed (expiring)", auth: 'none',
    query: documentLinkQuery, answer: { status: 200, text: 'application/octet-stream', about: 'the document (its own content type)' }, errors: ['invalid_document_link', 'document_not_found'] },
  { method: 'get', path: '/api/v1/rooms/:roomId/runs', tag: 'attendance', summary: "A room's meetings, newest first (moderators)", auth: 'bearer',
    query: runsQuery, answer: json(200, a.meetingRunsAnswer, 'MeetingRunsAnswer'), errors: [...MEMBER, 'not_a_moderator'] },
  { method: 'get', path: '/api/v1/runs/:runId/attendance', tag: 'attendance',
    summary: "Who attended a meeting, when, and BBB's learning-dashboard figures (moderators); format=csv gives text/csv for spreadsheets", auth: 'bearer',
    query: attendanceQuery, answer: json(200, a.attendanceAnswer, 'AttendanceAnswer'), errors: ['run_not_found', ...MEMBER, 'not_a_moderator'] },

  { method: 'post', path: '/api/v1/rooms/:roomId/meetings', tag: 'invites', summary: 'Schedule a meeting in a room', auth: 'bearer',
    body: { schema: scheduleBody, name: 'ScheduleMeetingBody' }, answer: json(201, a.scheduledMeetingAnswer, 'ScheduledMeetingAnswer'), errors: [...MEMBER, 'capacity_exceeded'] },
  { method: 'get', path: '/api/v1/meetings/:id', tag: 'invites', summary: 'A scheduled meeting', auth: 'bearer',
    answer: json(200, a.scheduledMeetingAnswer, 'ScheduledMeetingAnswer'), errors: ['meeting_not_found', 'not_a_member'] },
  { method: 'patch', path: '/api/v1/meetings/:id', tag: 'invites', summary: 'Reschedule or edit a meeting (its invitation sequence grows)', auth: 'bearer',
    body: { schema: rescheduleBody, name: 'UpdateMeetingBody' }, answer: json(200, a.scheduledMeetingAnswer, 'ScheduledMeetingAnswer'),
    errors: ['meeting_not_found', 'not_a_member', 'forbidden', 'capacity_exceeded'] },
  { method: 'delete', path: '/api/v1/meetings/:id', tag: 'invites', summary: 'Cancel a scheduled meeting', auth: 'bearer',
    answer: { status: 204 }, errors: ['meeting_not_found', 'not_a_member', 'forbidden'] },
  { method: 'get', path: '/api/v1/meetings/:id/invite.ics', tag: 'invites', summary: "A scheduled meeting's invitation (iCalendar)", auth: 'bearer',
    answer: { status: 200, text: 'text/calendar', about: 'a VCALENDAR with one VEVENT (METHOD:REQUEST, or CANCEL once cancelled)' }, errors: ['meeting_not_found', 'not_a_member'] },
  { method: 'get', path: '/api/v1/meetings/:id/deliveries', tag: 'invites', summary: "Each attendee's invitation mail (delivery state, refusal) and personal link (moderators of the room)", auth: 'bearer',
    answer: json(200, a.meetingDeliveriesAnswer, 'MeetingDeliveriesAnswer'), errors: ['meeting_not_found', 'not_a_member', 'not_a_moderator', 'mail_disabled'] },
  { method: 'post', path: '/api/v1/meetings/:id/deliveries/resend', tag: 'invites', summary: 'Send one attendee their current invitation again (moderators of the room)', auth: 'bearer',
    body: { schema: attendeeActionBody, name: 'AttendeeActionBody' }, answer: json(200, a.meetingDeliveriesAnswer, 'MeetingDeliveriesAnswer'),
    errors: ['meeting_not_found', 'not_a_member', 'not_a_moderator', 'attendee_not_found', 'mail_disabled'] },
  { method: 'post', path: '/api/v1/meetings/:id/invitations/revoke', tag: 'invites', summary: "Withdraw one attendee's personal link (moderators of the room)", auth: 'bearer',
    body: { schema: attendeeActionBody, name: 'AttendeeActionBody' }, answer: json(200, a.meetingDeliveriesAnswer, 'MeetingDeliveriesAnswer'),
    errors: ['meeting_not_found', 'not_a_member', 'not_a_moderator', 'attendee_not_found', 'mail_disabled'] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/meetings', tag: 'invites', summary: "A space's scheduled meetings", auth: 'bearer',
    query: rangeQuery, answer: json(200, a.scheduledMeetingsAnswer, 'ScheduledMeetingsAnswer'), errors: ['not_a_member'] },
  { method: 'post', path: '/api/v1/spaces/:spaceId/calendar-key', tag: 'invites', summary: "A new key for the space's calendar feed (managers; replaces the old one)",
    auth: 'bearer', answer: json(201, a.calendarKeyAnswer, 'CalendarKeyAnswer'), errors: ['not_a_member', 'not_a_manager'] },
  { method: 'delete', path: '/api/v1/spaces/:spaceId/calendar-key', tag: 'invites', summary: "Revoke the space's calendar feed key (managers)", auth: 'bearer',
    answer: { status: 204 }, errors: ['not_a_member', 'not_a_manager'] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/calendar.ics', tag: 'invites', summary: "The space's calendar feed (authenticated by its key only)", auth: 'none',
    query: feedQuery, answer: { status: 200, text: 'text/calendar', about: "the space's scheduled meetings as one VCALENDAR" }, errors: ['invalid_calendar_key'] },

  { method: 'get', path: '/api/v1/admin/limits', tag: 'admin', summary: 'Global limits and policies (token claim admin: true)', auth: 'bearer',
    answer: json(200, a.adminLimits, 'AdminLimits'), errors: ['not_admin'] },
  { method: 'put', path: '/api/v1/admin/limits', tag: 'admin', summary: 'Change global limits and policies (keys present replace, absent are kept)', auth: 'bearer',
    body: { schema: globalLimitsInput, name: 'GlobalLimitsBody' }, answer: json(200, a.adminLimits, 'AdminLimits'), errors: ['not_admin', 'invalid_limits'] },
  { method: 'get', path: '/api/v1/admin/spaces/:spaceId/limits', tag: 'admin', summary: "A space's overrides and the limits in force", auth: 'bearer',
    answer: json(200, a.spaceLimitsAnswer, 'SpaceLimitsAnswer'), errors: ['not_admin'] },
  { method: 'put', path: '/api/v1/admin/spaces/:spaceId/limits', tag: 'admin', summary: "Replace a space's overrides", auth: 'bearer',
    body: { schema: spaceLimitsInput, name: 'SpaceLimitsBody' }, answer: json(200, a.spaceLimitsAnswer, 'SpaceLimitsAnswer'), errors: ['not_admin', 'invalid_limits'] },
  { method: 'get', path: '/api/v1/admin/usage', tag: 'admin', summary: 'Licence usage, reconciled with BBB first', auth: 'bearer',
    answer: json(200, a.adminUsage, 'AdminUsage'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/usage/history', tag: 'admin', summary: 'Usage over time: participants and meetings per minute, hour or day (format=csv: a CSV for Excel, UTF-8 BOM and ;)', auth: 'bearer',
    query: usageHistoryQuery, answer: json(200, a.usageHistoryAnswer, 'UsageHistoryAnswer'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/capacity', tag: 'admin', summary: 'When a booking warns of (or is refused for) the expected attendance', auth: 'bearer',
    answer: json(200, a.capacitySettings, 'CapacitySettings'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/capacity/plan', tag: 'admin', summary: 'Booked expected attendance per hour against the licence and the usual load at that hour', auth: 'bearer',
    query: capacityPlanQuery, answer: json(200, a.capacityPlanAnswer, 'CapacityPlanAnswer'), errors: ['not_admin'] },
  { method: 'put', path: '/api/v1/admin/capacity', tag: 'admin', summary: 'Change the capacity threshold and whether it refuses', auth: 'bearer',
    body: { schema: capacityBody, name: 'CapacitySettingsBody' }, answer: json(200, a.capacitySettings, 'CapacitySettings'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/retention', tag: 'admin', summary: 'How long attendance, audit, usage per space, mail, identities and recordings are kept; the recording-consent text', auth: 'bearer',
    answer: json(200, a.retentionSettings, 'RetentionSettings'), errors: ['not_admin'] },
  { method: 'put', path: '/api/v1/admin/retention', tag: 'admin', summary: 'Change the retention rules or the consent text (absent keys keep their value)', auth: 'bearer',
    body: { schema: retentionBody, name: 'RetentionSettingsBody' }, answer: json(200, a.retentionSettings, 'RetentionSettings'), errors: ['not_admin'] },
  { method: 'post', path: '/api/v1/admin/retention/purge', tag: 'admin', summary: 'Purge what is past retention now, whatever the daily lease (audited); answers the counts', auth: 'bearer',
    answer: json(200, a.purgeCounts, 'PurgeCounts'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/spaces/:spaceId/retention', tag: 'admin', summary: "A space's own rule for its recordings, and the one in force", auth: 'bearer',
    answer: json(200, a.spaceRetention, 'SpaceRetention'), errors: ['not_admin'] },
  { method: 'put', path: '/api/v1/admin/spaces/:spaceId/retention', tag: 'admin', summary: 'Give a space its own rule for its recordings', auth: 'bearer',
    body: { schema: spaceRetentionBody, name: 'SpaceRetentionBody' }, answer: json(200, a.spaceRetention, 'SpaceRetention'), errors: ['not_admin'] },
  { method: 'delete', path: '/api/v1/admin/spaces/:spaceId/retention', tag: 'admin', summary: "Drop a space's own recording rule (the global one applies)", auth: 'bearer',
    answer: json(200, a.spaceRetention, 'SpaceRetention'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/users/:sub/data', tag: 'admin', summary: 'Everything held about one person (RGPD access request), as JSON', auth: 'bearer',
    answer: json(200, a.userDataExport, 'UserDataExport'), errors: ['not_admin'] },
  { method: 'delete', path: '/api/v1/admin/users/:sub/data', tag: 'admin', summary: "Erase one person's data (deleted, or anonymised where others' records need the row); answers the counts", auth: 'bearer',
    answer: json(200, a.userDataErasure, 'UserDataErasure'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/audit', tag: 'admin', summary: 'The audit log, filtered and paged', auth: 'bearer',
    query: adminAuditQuery, answer: json(200, a.adminAuditPage, 'AdminAuditPage'), errors: ['not_admin'] },
  { method: 'get', path: '/api/v1/admin/presets', tag: 'admin', summary: 'Built-in and global room-setting presets', auth: 'bearer',
    answer: json(200, a.presetsAnswer, 'PresetsAnswer'), errors: ['not_admin'] },
  { method: 'post', path: '/api/v1/admin/presets', tag: 'admin', summary: 'Add a global preset (BBB settings by their BBB names)', auth: 'bearer',
    body: { schema: presetBody, name: 'PresetBody' }, answer: json(201, a.presetAnswer, 'PresetAnswer'), errors: ['not_admin', 'invalid_setting'] },
  { method: 'put', path: '/api/v1/admin/presets/:presetId', tag: 'admin', summary: 'Replace a global preset', auth: 'bearer',
    body: { schema: presetBody, name: 'PresetBody' }, answer: json(200, a.presetAnswer, 'PresetAnswer'), errors: ['not_admin', 'invalid_setting'] },
  { method: 'delete', path: '/api/v1/admin/presets/:presetId', tag: 'admin', summary: 'Delete a global preset (built-in ones stay)', auth: 'bearer',
    answer: { status: 204 }, errors: ['not_admin', 'invalid_setting'] },
  { method: 'get', path: '/api/v1/admin/spaces/:spaceId/presets', tag: 'admin', summary: "The presets a space's rooms may pick (built-in, global, the space's)", auth: 'bearer',
    answer: json(200, a.presetsAnswer, 'PresetsAnswer'), errors: ['not_admin'] },
  { method: 'post', path: '/api/v1/admin/spaces/:spaceId/presets', tag: 'admin', summary: 'Add a preset to one space', auth: 'bearer',
    body: { schema: presetBody, name: 'PresetBody' }, answer: json(201, a.presetAnswer, 'PresetAnswer'), errors: ['not_admin', 'invalid_setting'] },
  { method: 'put', path: '/api/v1/admin/spaces/:spaceId/presets/:presetId', tag: 'admin', summary: "Replace one of a space's presets", auth: 'bearer',
    body: { schema: presetBody, name: 'PresetBody' }, answer: json(200, a.presetAnswer, 'PresetAnswer'), errors: ['not_admin', 'invalid_setting'] },
  { method: 'delete', path: '/api/v1/admin/spaces/:spaceId/presets/:presetId', tag: 'admin', summary: "Delete one of a space's presets", auth: 'bearer',
    answer: { status: 204 }, errors: ['not_admin', 'invalid_setting'] },
  { method: 'get', path: '/api/v1/admin/spaces/:spaceId/branding', tag: 'admin', summary: "A space's branding (logo, banner)", auth: 'bearer',
    answer: json(200, a.spaceBrandingAnswer, 'SpaceBrandingAnswer'), errors: ['not_admin'] },
  { method: 'put', path: '/api/v1/admin/spaces/:spaceId/branding', tag: 'admin', summary: "Replace a space's branding (sent to BBB create, shown on room links)", auth: 'bearer',
    body: { schema: brandingBody, name: 'SpaceBranding' }, answer: json(200, a.spaceBrandingAnswer, 'SpaceBrandingAnswer'), errors: ['not_admin', 'invalid_setting'] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/presets', tag: 'rooms', summary: 'The presets a new room of the space may start from', auth: 'bearer',
    answer: json(200, a.presetsAnswer, 'PresetsAnswer'), errors: ['not_a_member'] },
  { method: 'get', path: '/api/v1/spaces/:spaceId/branding', tag: 'rooms', summary: "The space's branding", auth: 'bearer',
    answer: json(200, a.spaceBrandingAnswer, 'SpaceBrandingAnswer'), errors: ['not_a_member'] },
  { method: 'put', path: '/api/v1/spaces/:spaceId/branding', tag: 'rooms', summary: "Replace the space's branding (managers)", auth: 'bearer',
    body: { schema: brandingBody, name: 'SpaceBranding' }, answer: json(200, a.spaceBrandingAnswer, 'SpaceBrandingAnswer'), errors: ['not_a_member', 'not_a_manager', 'invalid_setting'] },
  { method: 'get', path: '/api/v1/me/limits', tag: 'admin', summary: "The caller's limits, policies and allowed actions in a space", auth: 'bearer',
    query: meLimitsQuery, answer: json(200, a.myLimits, 'MyLimits'), errors: ['not_a_member'] },

  { method: 'get', path: '/r/:roomId', tag: 'room links', summary: 'The public room link page (guests, access codes, sign-in)', auth: 'none',
    looseQuery: { lang: 'fr or en (else Accept-Language)', i: 'an invitation token', wait: "1: a member's waiting tab (no form)" }, answer: { status: 200, text: 'text/html', about: 'the page (404 with the same page when the room does not exist)' }, errors: [] },
  { method: 'get', path: '/r/:roomId/status.json', tag: 'room links', summary: "A room's public status, for its link page", auth: 'none',
    answer: json(200, a.roomLinkStatus, 'RoomLinkStatus'), errors: ['room_not_found', ...BBB] },
  { method: 'post', path: '/r/:roomId/join', tag: 'room links', summary: 'Join through the room link (guest name, access code, signed-in user, or personal invitation `invitation`)', auth: 'none',
    body: { schema: linkJoinBody, name: 'LinkJoinBody' }, answer: json(200, a.joinAnswer, 'JoinAnswer'),
    errors: ['room_not_found', 'invitation_not_found', 'invitation_revoked', 'invitation_expired', 'guests_not_allowed', 'access_code_required', 'invalid_access_code', 'meeting_not_running', 'meeting_not_open_yet', 'room_full', 'licence_full', 'licence_full_internal', 'licence_full_external', ...BBB] },
  { method: 'get', path: '/r/assets/room-link.js', tag: 'room links', summary: "The room link page's script", auth: 'none',
    answer: { status: 200, text: 'text/javascript', about: 'an ES module' }, errors: [] },
  { method: 'get', path: '/r/assets/room-link.css', tag: 'room links', summary: "The room link page's stylesheet (the widget's design tokens)", auth: 'none',
    answer: { status: 200, text: 'text/css', about: 'a stylesheet' }, errors: [] },
  { method: 'get', path: '/auth/oidc/login', tag: 'room links', summary: 'Sign in with the OpenID Connect provider, back to a room link', auth: 'none',
    looseQuery: { room: 'the room to come back to' }, answer: { status: 303, about: "to the provider's authorization endpoint" }, errors: ['oidc_not_configured'] },
  { method: 'get', path: '/auth/oidc/callback', tag: 'room links', summary: "The OpenID Connect provider's redirect back", auth: 'none',
    looseQuery: { code: 'authorization code', state: 'state' }, answer: { status: 303, about: 'to the room link the sign-in started from' }, errors: ['oidc_not_configured', 'oidc_failed'] },
  { method: 'post', path: '/auth/oidc/logout', tag: 'room links', summary: 'Sign out of the room link pages', auth: 'none',
    looseQuery: { room: 'the room to come back to' }, answer: { status: 303, about: 'to the room link' }, errors: [] },

  { method: 'post', path: '/callbacks/bbb/webhook', tag: 'BBB callbacks', summary: 'bbb-webhooks events (checksum or bearer signed by BBB)', auth: 'none',
    looseQuery: { checksum: "the webhook's checksum" }, answer: json(200, a.webhookAnswer, 'WebhookAnswer'), errors: ['invalid_callback'] },
  { method: 'get', path: '/callbacks/bbb/end/:token', tag: 'BBB callbacks', summary: "BBB's meeting-ended callback (token signed by the service)", auth: 'none',
    looseQuery: { recordingmarks: 'true when the meeting had recording marks' }, answer: json(200, a.endCallbackAnswer, 'EndCallbackAnswer'), errors: ['invalid_callback'] },
  { method: 'post', path: '/callbacks/bbb/end/:token', tag: 'BBB callbacks', summary: "BBB's meeting-ended callback, as a POST", auth: 'none',
    looseQuery: { recordingmarks: 'true when the meeting had recording marks' }, answer: json(200, a.endCallbackAnswer, 'EndCallbackAnswer'), errors: ['invalid_callback'] },
  { method: 'post', path: '/callbacks/bbb/recording-ready', tag: 'BBB callbacks', summary: "BBB's recording-ready callback (form field signed_parameters, a JWT)", auth: 'none',
    answer: json(200, a.recordingReadyAnswer, 'RecordingReadyAnswer'), errors: ['invalid_callback'] },
  { method: 'post', path: '/callbacks/bbb/analytics', tag: 'BBB callbacks', summary: "BBB's learning-dashboard data (JSON; Authorization: Bearer, a JWT HS512 signed with the BBB secret)", auth: 'none',
    answer: json(200, a.analyticsCallbackAnswer, 'AnalyticsCallbackAnswer'), errors: ['invalid_callback', 'room_not_found'] },
]
