import { Router, type Request, type Response } from 'express'
import { decodeJwt } from 'jose'
import { z } from 'zod'
import { spaceParams } from '../params.js'
import type { Principal } from '../../auth/principal.js'
import { AppError } from '../../errors.js'
import { requireMember } from '../../auth/permissions.js'
import type { Clock } from '../../clock.js'
import { loadRoomFor } from '../../rooms/rooms.js'
import type { LiveStatus } from '../../status/live-status.js'
import { visibleStatus } from '../../status/meeting-status.js'
import { deriveKey, mintTicket, TICKET_TTL_MS, verifyTicket } from '../../status/tokens.js'
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
  /** Open streams allowed per user (default 10), per client address (default 50) and in all (default 5000). */
  caps?: { perUser?: number; perAddress?: number; total?: number }
  /** Longest a stream stays open (default 1 hour); the widget then reconnects with a fresh token. */
  maxLifetimeMs?: number
}

/** Counts open streams by key; `take` says whether one more fits. */
function counter() {
  const counts = new Map<string, number>()
  return {
    count: (key: string) => counts.get(key) ?? 0,
    add(key: string) {
      counts.set(key, (counts.get(key) ?? 0) + 1)
    },
    remove(key: string) {
      const n = (counts.get(key) ?? 0) - 1
      if (n > 0) counts.set(key, n)
      else counts.delete(key)
    },
  }
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
  const perUser = deps.caps?.perUser ?? 10
  const perAddress = deps.caps?.perAddress ?? 50
  const total = deps.caps?.total ?? 5000
  const byUser = counter()
  const byAddress = counter()
  let open = 0
  // Tickets seen (until they expire): a ticket opens one stream, once.
  const usedTickets = new Map<string, number>()

  /**
   * An open stream never goes back through the router: Express's continuation (`req.next`, and through it every
   * enclosing router's state for this request) is let go, instead of being kept for the stream's lifetime (about
   * 2 KB of each open stream's 16). Set to undefined, not deleted: a delete would turn the request object into a
   * slower, larger dictionary-mode object.
   */
  function leaveRouter(req: Request): void {
    const routed: { next?: unknown } = req
    routed.next = undefined
  }

  /** Takes a place for a new stream, or refuses; the returned function gives it back when the stream ends. */
  function admit(req: Request, res: Response, principal: Principal): () => void {
    const user = principal.sub
    const address = req.ip ?? ''
    if (open >= total) {
      res.setHeader('Retry-After', '30')
      throw new AppError('service_unavailable', 'Too many live streams on this server; try again shortly.', { details: { retryAfterSeconds: 30 } })
    }
    if (byUser.count(user) >= perUser || byAddress.count(address) >= perAddress) {
      res.setHeader('Retry-After', '60')
      throw new AppError('rate_limited', 'Too many live streams open.', { details: { retryAfterSeconds: 60 } })
    }
    open++
    byUser.add(user)
    byAddress.add(address)
    let released = false
    return () => {
      if (released) return
      released = true
      open--
      byUser.remove(user)
      byAddress.remove(address)
    }
  }

  async function authenticate(req: Request, allowTicket: boolean): Promise<Principal> {
    const header = req.headers.authorization
    const bearer = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim())?.[1] : undefined
    if (bearer) return deps.verifyToken(bearer)
    const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : undefined
    if (allowTicket && ticket) {
      const now = deps.clock.now()
      const principal = verifyTicket(ticketKey, ticket, now)
      if (!principal || usedTickets.has(ticket)) throw new AppError('invalid_ticket', 'This events ticket is invalid or has expired.')
      for (const [seen, expiresAt] of usedTickets) if (expiresAt <= now) usedTickets.delete(seen)
      usedTickets.set(ticket, now + TICKET_TTL_MS)
      return principal
    }
    throw new AppError('invalid_token', 'An Authorization: Bearer token is required.', { details: { reason: 'missing' } })
  }

  /**
   * When the stream must end: at its token's `exp` (a bearer token) or after the maximum lifetime, whichever comes
   * first. A stream never outlives the right that opened it; the hub ends it (one timer for all streams).
   */
  function deadline(req: Request): number {
    const now = deps.clock.now()
    let at = now + (deps.maxLifetimeMs ?? 3_600_000)
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization?.trim() ?? '')?.[1]
    if (bearer) {
      try {
        const exp = decodeJwt(bearer).exp
        if (typeof exp === 'number') at = Math.min(at, exp * 1000)
      } catch {
        // verified already: cannot happen
      }
    }
    return at
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
    const release = admit(req, res, principal)
    const unwatch = live.source.watch([room.meetingId])
    const stream = live.hub.open({ res, roomIds: new Set([room.id]), spaceId: null, deadline: deadline(req), onClose: () => (unwatch(), release()) })
    leaveRouter(req)
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
    const release = admit(req, res, principal)
    const unwatch = live.source.watch(rooms.map((r) => r.meetingId))
    const stream = live.hub.open({ res, roomIds: null, spaceId, deadline: deadline(req), onClose: () => (unwatch(), release()) })
    leaveRouter(req)
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
