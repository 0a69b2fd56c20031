import { Router } from 'express'
import { z } from 'zod'
import { freeText } from '../free-text.js'
import { spaceParams } from '../params.js'
import { createRoom, deleteRoom, generateAccessCode, removeAccessCode, updateRoom } from '../../rooms/manage-rooms.js'
import type { Meetings } from '../../rooms/meetings.js'
import { listSpaceRooms, loadRoomFor } from '../../rooms/rooms.js'
import { authorize, roomAccess, roomTarget, type RoomAccess } from '../../auth/permissions.js'
import type { Clock } from '../../clock.js'
import { roomRules } from '../../limits/effective.js'
import { checkSettingValues, SETTING_KEYS, settingValueSchema } from '../../limits/settings.js'
import type { MeetingStatus, StatusSource } from '../../status/meeting-status.js'
import { NOT_RUNNING, visibleStatus } from '../../status/meeting-status.js'
import type { Room } from '../../model/index.js'
import type { Store } from '../../store/types.js'
import type { BbbSettings, SettingKey } from '../../contract/index.js'
import type { AuditPage, EndAnswer, JoinAnswer, RoomAnswer, RoomsAnswer, RoomView, SpaceMembersAnswer } from '../../contract/index.js'
import { localeOf, principalOf } from '../auth.js'
import { parseInput } from '../validate.js'
import { mapBbbFailure } from '../../bbb-failures.js'

const bbbSettingSchemas = Object.fromEntries(SETTING_KEYS.map((k) => [k, settingValueSchema(k)])) as {
  [K in SettingKey]: z.ZodType<BbbSettings[K], BbbSettings[K]>
}

// Letters and digits only: control characters would end up in BBB's UI and logs. How hard a code is to guess
// is checked by the domain (`400 access_code_too_weak`, see rooms/access-codes.ts).
const code = z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1 to 32 letters or digits')

export const roomSettingsSchema = z
  .object({
    // The BBB create parameters, by their BBB names (checked first by checkSettingValues: invalid_setting).
    ...bbbSettingSchemas,
    anyoneCanStart: z.boolean(),
    allJoinAsModerator: z.boolean(),
    guestsAllowed: z.boolean(),
    waitingRoom: z.boolean(),
    accessCode: code.nullable(),
    moderatorAccessCode: code.nullable(),
    maxParticipants: z.number().int().min(0).max(100_000).nullable(),
    durationMinutes: z.number().int().min(0).max(7 * 24 * 60).nullable(),
    // Host `sub`s who join as moderators besides the managers.
    coModerators: z.array(z.string().min(1).max(200).regex(/^[^\p{Cc}]+$/u, 'must be printable')).max(50),
    welcome: freeText(1000).nullable(),
    moderatorOnlyMessage: freeText(1000, { lines: true }).nullable(),
  })
  .strict()
  .partial()

const accessCodeKind = z.enum(['viewer', 'moderator'])
export const accessCodeBody = z.object({ kind: accessCodeKind }).strict()
const accessCodeParams = z.object({ roomId: z.string().min(1).max(64), kind: accessCodeKind }).strict()

/** The service's own room settings (not BBB parameters): validated by the schema, not the BBB catalogue. */
const OWN_SETTINGS: ReadonlySet<string> = new Set([
  'anyoneCanStart',
  'allJoinAsModerator',
  'guestsAllowed',
  'waitingRoom',
  'accessCode',
  'moderatorAccessCode',
  'maxParticipants',
  'durationMinutes',
  'coModerators',
  // BBB texts, normalized as typed text (controls removed) by the schema rather than refused.
  'welcome',
  'moderatorOnlyMessage',
])

/** Refuses unknown setting names and values BBB would refuse (`400 invalid_setting`), then parses the body. */
function parseRoomBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  checkSettingValues((body as { settings?: unknown } | null)?.settings, OWN_SETTINGS)
  return parseInput(schema, body)
}

const roomName = freeText(100, { min: 1 })
export const createBody = z
  .object({ name: roomName, preset: z.string().min(1).max(64).optional(), settings: roomSettingsSchema.optional() })
  .strict()
export const patchBody = z.object({ name: roomName.optional(), settings: roomSettingsSchema.optional() }).strict()

export type { RoomView }

/** What a caller sees of a room: access codes only for managers, attendee names for members. */
export function roomView(room: Room, access: RoomAccess, status: MeetingStatus, publicUrl: string, dialInNumber: string | null = null): RoomView {
  const { accessCode, moderatorAccessCode, coModerators, ...settings } = room.settings
  return {
    id: room.id,
    name: room.name,
    link: `${publicUrl}/r/${room.id}`,
    ...(dialInNumber ? { dialInNumber } : {}),
    settings: {
      ...settings,
      hasAccessCode: accessCode !== null,
      ...(access.canManage ? { accessCode, moderatorAccessCode, ...(coModerators ? { coModerators } : {}) } : {}),
    },
    status: visibleStatus(status),
    role: access.role,
    canStart: access.canStart,
    canEnd: access.canEnd,
    canManage: access.canManage,
  }
}

function statusesFor(status: StatusSource, rooms: Room[]): Promise<Map<string, MeetingStatus>> {
  return mapBbbFailure(status.getMany(rooms.map((r) => r.meetingId)))
}

export interface RoomsRouterDeps {
  store: Store
  status: StatusSource
  meetings: Meetings
  clock: Clock
  publicUrl: string
  /** `DIAL_IN_NUMBER`, told with each room so invitations can carry it. */
  dialInNumber?: string | null
}

export function roomsRouter(deps: RoomsRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { store, clock, meetings } = deps
  const view = (room: Room, access: RoomAccess, status: MeetingStatus) => roomView(room, access, status, deps.publicUrl, deps.dialInNumber ?? null)

  // GET /api/v1/spaces/:spaceId/rooms
  router.get('/spaces/:spaceId/rooms', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    const principal = principalOf(res)
    const { limits, rooms } = await listSpaceRooms(store, principal, id, clock.now())
    const statuses = await statusesFor(deps.status, rooms)
    res.json({
      rooms: rooms.map((room) =>
        view(room, roomAccess(principal, roomTarget(room, roomRules(limits, room.settings))), statuses.get(room.meetingId) ?? NOT_RUNNING),
      ),
    } satisfies RoomsAnswer)
  })

  // POST /api/v1/spaces/:spaceId/rooms
  router.post('/spaces/:spaceId/rooms', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    const body = parseRoomBody(createBody, req.body)
    const principal = principalOf(res)
    const room = await createRoom(store, principal, { spaceId: id, name: body.name, settings: body.settings, preset: body.preset }, clock.now())
    const ctx = await loadRoomFor(store, principal, room.id)
    res.status(201).json({ room: view(room, ctx.access, NOT_RUNNING) } satisfies RoomAnswer)
  })

  // GET /api/v1/rooms/:roomId
  router.get('/rooms/:roomId', async (req, res) => {
    const ctx = await loadRoomFor(store, principalOf(res), req.params.roomId)
    const statuses = await statusesFor(deps.status, [ctx.room])
    res.json({ room: view(ctx.room, ctx.access, statuses.get(ctx.room.meetingId) ?? NOT_RUNNING) } satisfies RoomAnswer)
  })

  // PATCH /api/v1/rooms/:roomId
  router.patch('/rooms/:roomId', async (req, res) => {
    const body = parseRoomBody(patchBody, req.body)
    const principal = principalOf(res)
    await updateRoom(store, principal, req.params.roomId, body, clock.now())
    const ctx = await loadRoomFor(store, principal, req.params.roomId)
    const statuses = await statusesFor(deps.status, [ctx.room])
    res.json({ room: view(ctx.room, ctx.access, statuses.get(ctx.room.meetingId) ?? NOT_RUNNING) } satisfies RoomAnswer)
  })

  // POST /api/v1/rooms/:roomId/access-codes (managers): a generated code replaces the room's code of this kind
  router.post('/rooms/:roomId/access-codes', async (req, res) => {
    const body = parseInput(accessCodeBody, req.body)
    const principal = principalOf(res)
    await generateAccessCode(store, principal, req.params.roomId, body.kind, clock.now())
    const ctx = await loadRoomFor(store, principal, req.params.roomId)
    const statuses = await statusesFor(deps.status, [ctx.room])
    res.json({ room: view(ctx.room, ctx.access, statuses.get(ctx.room.meetingId) ?? NOT_RUNNING) } satisfies RoomAnswer)
  })

  // DELETE /api/v1/rooms/:roomId/access-codes/:kind (managers): the room no longer has this code
  router.delete('/rooms/:roomId/access-codes/:kind', async (req, res) => {
    const params = parseInput(accessCodeParams, req.params, 'params')
    const principal = principalOf(res)
    await removeAccessCode(store, principal, params.roomId, params.kind, clock.now())
    const ctx = await loadRoomFor(store, principal, params.roomId)
    const statuses = await statusesFor(deps.status, [ctx.room])
    res.json({ room: view(ctx.room, ctx.access, statuses.get(ctx.room.meetingId) ?? NOT_RUNNING) } satisfies RoomAnswer)
  })

  // DELETE /api/v1/rooms/:roomId
  router.delete('/rooms/:roomId', async (req, res) => {
    await deleteRoom(store, principalOf(res), req.params.roomId, clock.now())
    res.status(204).end()
  })

  // POST /api/v1/rooms/:roomId/join
  router.post('/rooms/:roomId/join', async (req, res) => {
    const result = await meetings.join(principalOf(res), req.params.roomId, localeOf(req, res))
    res.json(result satisfies JoinAnswer)
  })

  // POST /api/v1/rooms/:roomId/end
  router.post('/rooms/:roomId/end', async (req, res) => {
    await meetings.end(principalOf(res), req.params.roomId)
    res.json({ ended: true } satisfies EndAnswer)
  })

  // GET /api/v1/spaces/:spaceId/members (managers): the people seen in the space, e.g. to name co-moderators
  router.get('/spaces/:spaceId/members', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    authorize(principalOf(res), 'space.manage', { spaceId: id })
    const found = await store.listSpaceIdentities(id, 500)
    res.json({ members: found.map((i) => ({ sub: i.sub, name: i.name, role: i.spaces[id] ?? 'member' })) } satisfies SpaceMembersAnswer)
  })

  // GET /api/v1/spaces/:spaceId/audit (managers)
  router.get('/spaces/:spaceId/audit', async (req, res) => {
    const { spaceId: id } = parseInput(spaceParams, req.params, 'params')
    const query = parseInput(auditQuery, req.query, 'query')
    const principal = principalOf(res)
    authorize(principal, 'space.manage', { spaceId: id })
    res.json((await store.listAudit({ ...query, spaceId: id })) satisfies AuditPage)
  })

  return router
}

export const auditQuery = z
  .object({
    action: z.string().max(64).optional(),
    roomId: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
