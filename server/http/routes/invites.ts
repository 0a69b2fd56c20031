import { Router } from 'express'
import { z } from 'zod'
import { freeText } from '../free-text.js'
import { attachment } from '../content-disposition.js'
import { spaceParams } from '../params.js'
import { AppError } from '../../errors.js'
import { calendarFeedIcs, isKnownTimezone, meetingInviteIcs } from '../../calendar/ics.js'
import {
  cancelScheduledMeeting,
  listSpaceMeetings,
  patchedTimes,
  readScheduledMeeting,
  requireRoomModerator,
  scheduleMeeting,
  updateScheduledMeeting,
} from '../../invites/scheduled-meetings.js'
import { DEFAULT_DURATION_MINUTES, DEFAULT_TIMEZONE, MAX_DURATION_MINUTES, type InviteDeps } from '../../invites/invite-deps.js'
import { inviteRoomOf, meetingView } from '../../invites/meeting-view.js'
import { calendarFeedEntries, createCalendarFeed, requireCalendarKey, revokeCalendarFeed } from '../../invites/calendar-feed.js'
import { principalOf } from '../auth.js'
import { bookingCapacity } from '../../usage/capacity.js'
import { parseInput } from '../validate.js'
import type { CalendarKeyAnswer, ScheduledMeetingAnswer, ScheduledMeetingsAnswer } from '../../contract/index.js'

const title = freeText(200, { min: 1 })
const description = freeText(4000, { lines: true }).nullable()
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))
const timezone = z.string().max(64).refine(isKnownTimezone, 'must be an IANA time zone such as Europe/Paris')
const duration = z.number().int().min(1).max(MAX_DURATION_MINUTES)
const attendees = z
  .array(
    z
      .object({
        email: z.email().max(254),
        name: freeText(200, { min: 1 }).refine((n) => !n.includes('"'), 'must not contain a double quote (")').optional(),
        locale: z.enum(['fr', 'en']).optional(),
        timezone: timezone.optional(),
      })
      .strict(),
  )
  .max(200)
const expectedAttendees = z.object({ internal: z.number().int().min(0).max(1_000_000), external: z.number().int().min(0).max(1_000_000) }).strict().nullable()

export const createBody = z
  .object({
    title,
    start: instant,
    end: instant.optional(),
    durationMinutes: duration.optional(),
    timezone: timezone.default(DEFAULT_TIMEZONE),
    description: description.optional(),
    attendees: attendees.default([]),
    expectedAttendees: expectedAttendees.optional(),
  })
  .strict()
  .refine((b) => b.end === undefined || b.durationMinutes === undefined, { message: 'give end or durationMinutes, not both', path: ['end'] })

export const patchBody = z
  .object({
    title: title.optional(),
    start: instant.optional(),
    end: instant.optional(),
    durationMinutes: duration.optional(),
    timezone: timezone.optional(),
    description: description.optional(),
    attendees: attendees.optional(),
    expectedAttendees: expectedAttendees.optional(),
  })
  .strict()
  .refine((b) => b.end === undefined || b.durationMinutes === undefined, { message: 'give end or durationMinutes, not both', path: ['end'] })

export const rangeQuery = z.object({ from: instant.optional(), to: instant.optional() }).strict()
export const feedQuery = z.object({ key: z.string().max(100).optional() }).strict()

function sendIcs(res: import('express').Response, body: string, filename: string): void {
  res.setHeader('Content-Type', 'text/calendar; charset=utf-8')
  res.setHeader('Content-Disposition', attachment(filename, 'ics'))
  res.setHeader('Cache-Control', 'no-store')
  res.send(body)
}

/**
 * Scheduled meetings and invitations, mounted inside `/api/v1` (host token required):
 * `POST /rooms/:roomId/meetings`, `PATCH` / `DELETE /meetings/:id`, `GET /meetings/:id`,
 * `GET /meetings/:id/invite.ics`, `GET /spaces/:spaceId/meetings?from&to`, and the feed key
 * `POST` / `DELETE /spaces/:spaceId/calendar-key` (managers).
 */
export function invitesRouter(deps: InviteDeps): Router {
  const router = Router({ caseSensitive: true })

  router.post('/rooms/:roomId/meetings', async (req, res) => {
    const body = parseInput(createBody, req.body)
    const end = body.end ?? body.start + (body.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000
    if (end <= body.start) throw new AppError('invalid_request', 'end: must be after start', { details: { field: 'end' } })
    if (end - body.start > MAX_DURATION_MINUTES * 60_000) {
      throw new AppError('invalid_request', `end: a meeting lasts at most ${MAX_DURATION_MINUTES} minutes`, { details: { field: 'end' } })
    }
    // Who may book comes first: a capacity answer (warning or refusal) is only for the room's moderators.
    await requireRoomModerator(deps.store, principalOf(res), req.params.roomId)
    const warnings = await bookingCapacity(deps.store, { start: body.start, end, expected: body.expectedAttendees })
    const meeting = await scheduleMeeting(deps, principalOf(res), req.params.roomId, {
      title: body.title,
      start: body.start,
      end,
      timezone: body.timezone,
      description: body.description ?? null,
      attendees: body.attendees,
      expectedAttendees: body.expectedAttendees ?? null,
    })
    res.status(201).json({ meeting: meetingView(meeting, deps), ...(warnings.length > 0 ? { warnings } : {}) } satisfies ScheduledMeetingAnswer)
  })

  router.get('/meetings/:id', async (req, res) => {
    const { meeting } = await readScheduledMeeting(deps, principalOf(res), req.params.id)
    res.json({ meeting: meetingView(meeting, deps) } satisfies ScheduledMeetingAnswer)
  })

  router.patch('/meetings/:id', async (req, res) => {
    const body = parseInput(patchBody, req.body)
    const { description: desc, ...rest } = body
    const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
    // Capacity is checked against the meeting as it will be, once the caller is known to be allowed to change it.
    const { meeting: current } = await readScheduledMeeting(deps, principalOf(res), req.params.id)
    await requireRoomModerator(deps.store, principalOf(res), current.roomId)
    const times = patchedTimes(current, body)
    const warnings = await bookingCapacity(deps.store, {
      ...times,
      expected: body.expectedAttendees !== undefined ? body.expectedAttendees : current.expectedAttendees,
      excludeId: current.id,
    })
    const meeting = await updateScheduledMeeting(deps, principalOf(res), req.params.id, {
      ...patch,
      ...(desc !== undefined ? { description: desc } : {}),
    })
    res.json({ meeting: meetingView(meeting, deps), ...(warnings.length > 0 ? { warnings } : {}) } satisfies ScheduledMeetingAnswer)
  })

  router.delete('/meetings/:id', async (req, res) => {
    await cancelScheduledMeeting(deps, principalOf(res), req.params.id)
    res.status(204).end()
  })

  router.get('/meetings/:id/invite.ics', async (req, res) => {
    const principal = principalOf(res)
    const { meeting, room } = await readScheduledMeeting(deps, principal, req.params.id)
    sendIcs(res, meetingInviteIcs(meeting, await inviteRoomOf(deps, room, principal)), meeting.title)
  })

  router.get('/spaces/:spaceId/meetings', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    const range = parseInput(rangeQuery, req.query, 'query')
    const meetings = await listSpaceMeetings(deps, principalOf(res), id, {
      ...(range.from !== undefined ? { from: range.from } : {}),
      ...(range.to !== undefined ? { to: range.to } : {}),
    })
    res.json({ meetings: meetings.map((m) => meetingView(m, deps)) } satisfies ScheduledMeetingsAnswer)
  })

  router.post('/spaces/:spaceId/calendar-key', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    res.status(201).json((await createCalendarFeed(deps, principalOf(res), id)) satisfies CalendarKeyAnswer)
  })

  router.delete('/spaces/:spaceId/calendar-key', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    await revokeCalendarFeed(deps, principalOf(res), id)
    res.status(204).end()
  })

  return router
}

/**
 * The per-space feed `GET /api/v1/spaces/:spaceId/calendar.ics?key=…`, authenticated by its key only so
 * calendar clients can subscribe: mount it on the app before the `/api/v1` router (whose host-token check
 * would refuse them). Unknown or revoked key: `404 invalid_calendar_key`.
 */
export function calendarFeedRouter(deps: InviteDeps): Router {
  const router = Router({ caseSensitive: true })
  router.get('/api/v1/spaces/:spaceId/calendar.ics', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    const { key } = parseInput(feedQuery, req.query, 'query')
    await requireCalendarKey(deps.store, id, key)
    sendIcs(res, calendarFeedIcs(id, await calendarFeedEntries(deps, id)), id)
  })
  return router
}
