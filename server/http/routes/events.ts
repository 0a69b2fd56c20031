import { Router, type Request } from 'express'
import { z } from 'zod'
import { spaceParams } from '../params.js'
import type { Principal } from '../../auth/principal.js'
import { AppError } from '../../errors.js'
import { requireMember } from '../../auth/permissions.js'
import type { Clock } from '../../clock.js'
import { loadRoomFor } from '../../rooms/rooms.js'
import type { LiveStatus } from '../../status/live-status.js'
import { visibleStatus } from '../../status/meeting-status.js'
import { deriveKey, mintTicket, verifyTicket } from '../../status/tokens.js'
import type { Store } from '../../store/types.js'
import { parseInput } from '../validate.js'
import type { EventsTicket, StatusEvent } from '../../contract/index.js'

export interface EventsRouterDeps {
  store: Store
  live: LiveStatus
  verifyToken: (token: string) => Promise<Principal>
  clock: Clock
  /** The BBB secret, from which the ticket key is derived (the same on every instance). */
  secret: string
}

const roomParams = z.object({ roomId: z.string().min(1).max(64) })

/**
 * Live status streams (Server-Sent Events) and their tickets. Mounted before the API's token check: a stream
 * accepts `Authorization: Bearer <host token>` or a short-lived `?ticket=` (for plain EventSource).
 *
 * Events: `status` `{ roomId, running, participants, moderators, startedAt, attendees: [{ name, role }] }`,
 * `ended` `{ roomId, at }`, `recording` `{ roomId, recordId }`; comment lines as heartbeats. A stream first gets
 * each room's current status, then only changes; with `Last-Event-ID` (header, or `?lastEventId=`) it gets what
 * it missed instead, or the current status when that id is unknown here.
 */
export function eventsRouter(deps: EventsRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { store, live } = deps
  const ticketKey = deriveKey(deps.secret, 'events-ticket')

  async function authenticate(req: Request, allowTicket: boolean): Promise<Principal> {
    const header = req.headers.authorization
    const bearer = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim())?.[1] : undefined
    if (bearer) return deps.verifyToken(bearer)
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : undefined
    if (allowTicket && ticket) {
      const principal = verifyTicket(ticketKey, ticket, deps.clock.now())
      if (!principal) throw new AppError('invalid_ticket', 'This events ticket is invalid or has expired.')
      return principal
    }
    throw new AppError('invalid_token', 'An Authorization: Bearer token is required.', { details: { reason: 'missing' } })
  }

  function lastEventId(req: Request): string | undefined {
    const header = req.get('last-event-id')
    if (header) return header
    return typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined
  }

  // POST /api/v1/events/tickets
  router.post('/events/tickets', async (req, res) => {
    const principal = await authenticate(req, false)
    res.status(201).json(mintTicket(ticketKey, principal, deps.clock.now()) satisfies EventsTicket)
  })

  // GET /api/v1/rooms/:roomId/events
  router.get('/rooms/:roomId/events', async (req, res) => {
    const { roomId } = parseInput(roomParams, req.params, 'params')
    const principal = await authenticate(req, true)
    const { room } = await loadRoomFor(store, principal, roomId)
    const unwatch = live.source.watch([room.meetingId])
    const stream = live.hub.open({ res, roomIds: new Set([room.id]), spaceId: null, onClose: unwatch })
    const last = lastEventId(req)
    if (last && stream.replay(last)) return
    const status = await live.source.get(room.meetingId).catch(() => null)
    if (status) stream.send('status', { roomId: room.id, ...visibleStatus(status) } satisfies StatusEvent)
  })

  // GET /api/v1/spaces/:spaceId/events
  router.get('/spaces/:spaceId/events', async (req, res) => {
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    const principal = await authenticate(req, true)
    requireMember(principal, spaceId)
    const rooms = await store.listRooms(spaceId)
    const unwatch = live.source.watch(rooms.map((r) => r.meetingId))
    const stream = live.hub.open({ res, roomIds: null, spaceId, onClose: unwatch })
    const last = lastEventId(req)
    if (last && stream.replay(last)) return
    const statuses = await live.source.getMany(rooms.map((r) => r.meetingId)).catch(() => null)
    if (!statuses) return
    for (const room of rooms) {
      const status = statuses.get(room.meetingId)
      if (status) stream.send('status', { roomId: room.id, ...visibleStatus(status) } satisfies StatusEvent)
    }
  })

  return router
}
