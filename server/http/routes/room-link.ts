import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import express, { Router, type Request, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { freeText } from '../free-text.js'
import { AppError } from '../../errors.js'
import { PACKAGE_ROOT } from '../../paths.js'
import { mapBbbFailure } from '../../bbb-failures.js'
import type { Clock } from '../../clock.js'
import type { JoinAnswer, LinkInvitation, Locale, RoomLinkStatus } from '../../contract/index.js'
import { pickLocale } from '../../i18n/index.js'
import { joinWindow } from '../../invites/join-window.js'
import { CodeAttempts } from '../../invites/code-attempts.js'
import { GuestReservations } from '../../invites/guest-reservations.js'
import { checkInvitation, identityOf, joinFromLink, type InvitationSource } from '../../invites/link-join.js'
import { roomRules } from '../../limits/effective.js'
import { GUEST_RESERVATION_MS, type Meetings } from '../../rooms/meetings.js'
import { withForcedCode } from '../../rooms/access-codes.js'
import { effectiveLimits, requireRoom, ROOM_SLUG_PATTERN } from '../../rooms/rooms.js'
import type { StatusSource } from '../../status/meeting-status.js'
import type { Room } from '../../model/index.js'
import type { Store } from '../../store/types.js'
import { sessionOf, signedVisitorId, visitorIdOf, type LinkSessions } from '../link-session.js'
import { roomLinkPageHtml } from '../pages/room-link-page.js'
import { parseInput } from '../validate.js'

export interface RoomLinkRouterDeps {
  store: Store
  clock: Clock
  status: StatusSource
  meetings: Meetings
  publicUrl: string
  /** How long before a scheduled start the link lets people in. */
  joinOpensMinutesBefore: number
  sessions: LinkSessions
  /** Personal links (`?i=`) of external attendees; absent when the service keeps none. */
  invitations?: InvitationSource
}

export interface RoomLinkOptions {
  /** Wrong-code attempts counted per client address (default 10) and per room (default 50) ... */
  attemptsPerIp?: number
  attemptsPerRoom?: number
  /** ... within this window (default 15 minutes). */
  attemptWindowMs?: number
  /** Anonymous guests with a pending seat per client address (default 3) and per room (default 20). */
  guestsPerAddress?: number
  guestsPerRoom?: number
  /** Where the page's built script is (default `dist/widget/link/room-link.js` in the project). */
  scriptPath?: string
}

export const joinBody = z
  .object({
    name: freeText(200).optional(),
    accessCode: z.string().max(64).optional(),
    invitation: z.string().max(512).optional(),
  })
  .strict()

function scriptFile(options: RoomLinkOptions): string {
  if (options.scriptPath) return options.scriptPath
  return join(PACKAGE_ROOT, 'dist', 'widget', 'link', 'room-link.js')
}

/**
 * The link page's language, chosen by the route: `?lang=fr|en` (the page's script passes it), else
 * Accept-Language. Set for the error handler too, so a refusal speaks the page's language.
 */
function linkLocale(req: Request, res: Response): Locale {
  const lang = typeof req.query.lang === 'string' ? req.query.lang.slice(0, 2).toLowerCase() : null
  const locale = pickLocale(lang, req.headers['accept-language'])
  res.locals.locale = locale
  return locale
}

/** The query parameters the link page's language links keep (`i`, the invitation; `wait`, a member's waiting tab). */
function pageQuery(req: Request): URLSearchParams {
  const q = new URLSearchParams()
  for (const key of ['i', 'wait']) {
    const value = req.query[key]
    if (typeof value === 'string' && value.length <= 512) q.set(key, value)
  }
  return q
}

/**
 * Lets this answer's page show the space's logo: branding takes an https URL, which the service's default
 * Content-Security-Policy (`img-src 'self' data:`) would block; its origin is added to `img-src` here only.
 */
function allowLogo(res: Response, logo: string | null | undefined): void {
  const csp = res.getHeader('Content-Security-Policy')
  if (typeof csp !== 'string' || !logo) return
  let origin: string
  try {
    const url = new URL(logo)
    if (url.protocol !== 'https:') return
    origin = url.origin
  } catch {
    return
  }
  const withImage = /(^|;)\s*img-src\s/.test(csp) ? csp.replace(/((?:^|;)\s*img-src\s[^;]*)/, `$1 ${origin}`) : `${csp};img-src 'self' data: ${origin}`
  res.setHeader('Content-Security-Policy', withImage)
}

/**
 * The public room link: `GET /r/:roomId` (the page), `GET /r/:roomId/status.json`, `POST /r/:roomId/join`
 * (guest, access codes, signed-in user; wrong codes are rate-limited per address and per room, `429
 * rate_limited` with Retry-After, never for signed-in members nor for an address that did not guess) and `GET /r/assets/room-link.js`. No host token: who you are is decided at click time.
 */
export function roomLinkRouter(deps: RoomLinkRouterDeps, options: RoomLinkOptions = {}): Router {
  const router = Router({ caseSensitive: true })
  const { store, clock, publicUrl, status, sessions } = deps
  const secure = publicUrl.startsWith('https://')
  const windowMs = options.attemptWindowMs ?? 15 * 60_000

  // Only wrong codes count: a right code, a missing one, a room closed to guests or a meeting not yet running
  // costs nothing (a proxy putting every guest on one address must not lock them all out for a refusal), and
  // the room's limit stops only addresses that guessed (see CodeAttempts); signed-in members are never asked.
  const attempts = new CodeAttempts(clock, {
    perAddress: options.attemptsPerIp ?? 10,
    perRoom: options.attemptsPerRoom ?? 50,
    windowMs,
  })
  const guestSeats = new GuestReservations(clock, {
    perAddress: options.guestsPerAddress ?? 3,
    perRoom: options.guestsPerRoom ?? 20,
    holdMs: GUEST_RESERVATION_MS,
  })
  const chooseLocale: RequestHandler = (req, res, next) => {
    linkLocale(req, res)
    next()
  }

  async function statusOf(room: Room): Promise<RoomLinkStatus> {
    const s = await mapBbbFailure(status.get(room.meetingId))
    const view: RoomLinkStatus = { name: room.name, running: s.exists }
    if (s.exists) {
      view.participants = s.participants
      const max = roomRules(await effectiveLimits(store, room.spaceId), room.settings).maxParticipants
      view.full = max !== null && max > 0 && s.participants >= max
    } else {
      const w = await joinWindow(deps, room)
      if (!w.open) view.opensAt = new Date(w.opensAt).toISOString()
    }
    return view
  }

  router.get('/r/assets/room-link.js', (_req, res) => {
    const file = scriptFile(options)
    if (!existsSync(file)) {
      throw new AppError('route_not_found', 'The room-link page is not built: run npm run build:widget.')
    }
    res.setHeader('Cache-Control', 'public, max-age=300')
    res.type('application/javascript').send(readFileSync(file))
  })

  router.get('/r/assets/room-link.css', (_req, res) => {
    const file = scriptFile(options).replace(/\.js$/, '.css')
    if (!existsSync(file)) {
      throw new AppError('route_not_found', 'The room-link page is not built: run npm run build:widget.')
    }
    res.setHeader('Cache-Control', 'public, max-age=300')
    res.type('text/css').send(readFileSync(file))
  })

  router.get('/r/:roomId/status.json', chooseLocale, async (req, res) => {
    const room = await requireRoom(store, req.params.roomId as string)
    res.setHeader('Cache-Control', 'no-store')
    res.json((await statusOf(room)) satisfies RoomLinkStatus)
  })

  router.post('/r/:roomId/join', chooseLocale, express.json({ limit: '4kb' }), async (req, res) => {
    if (!req.is('application/json')) throw new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json.')
    const body = parseInput(joinBody, req.body ?? {})
    const roomId = req.params.roomId as string
    const signedIn = sessionOf(req, sessions, clock)
    const room = signedIn && ROOM_SLUG_PATTERN.test(roomId) ? await store.getRoom(roomId) : undefined
    const identity = signedIn && room ? await identityOf(store, signedIn, sessions.trustSub) : undefined
    const member = Boolean(room && identity && Object.hasOwn(identity.spaces, room.spaceId))
    const address = req.ip ?? ''
    if (!member && !attempts.allowed(roomId, address)) {
      const retryAfterSeconds = attempts.retryAfterSeconds(roomId, address)
      res.setHeader('Retry-After', String(retryAfterSeconds))
      throw new AppError('rate_limited', 'Too many wrong attempts.', { details: { retryAfterSeconds } })
    }
    // Only the page's signed cookie makes an anonymous guest (see linkJoiner): a seat costs a page load.
    const visitorId = signedVisitorId(req, sessions.signer)
    const result = await joinFromLink(deps, roomId, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.accessCode !== undefined ? { accessCode: body.accessCode } : {}),
      ...(body.invitation !== undefined ? { invitation: body.invitation } : {}),
      visitorId,
      guestSeats: {
        allowed: () => guestSeats.allowed(roomId, address, visitorId ?? ''),
        granted: () => guestSeats.granted(roomId, address, visitorId ?? ''),
        retryAfterSeconds: () => {
          const seconds = guestSeats.retryAfterSeconds(roomId, address)
          res.setHeader('Retry-After', String(seconds))
          return seconds
        },
      },
      signedIn,
      trustSub: sessions.trustSub,
      locale: res.locals.locale as Locale,
    }).catch((err: unknown) => {
      if (!member && err instanceof AppError && err.code === 'invalid_access_code') attempts.wrong(roomId, address)
      throw err
    })
    res.setHeader('Cache-Control', 'no-store')
    res.json(result satisfies JoinAnswer)
  })

  router.get('/r/:roomId', async (req, res) => {
    const locale = linkLocale(req, res)
    const roomId = req.params.roomId
    const found = ROOM_SLUG_PATTERN.test(roomId) ? await store.getRoom(roomId) : undefined
    visitorIdOf(req, res, sessions.signer, secure)
    res.setHeader('Cache-Control', 'no-store')
    if (!found) {
      res.status(404).type('html').send(roomLinkPageHtml(locale, { roomId, found: false }, pageQuery(req)))
      return
    }
    const limits = await effectiveLimits(store, found.spaceId)
    // Under a forced access-code policy the room gets its code now if it has none, so the page asks for a code
    // instead of saying guests are refused (the join does the same).
    const room = await withForcedCode(store, found, limits)
    const rules = roomRules(limits, room.settings)
    const signedIn = sessionOf(req, sessions, clock)
    const identity = signedIn ? await identityOf(store, signedIn, sessions.trustSub) : undefined
    const st = await statusOf(room).catch((): RoomLinkStatus => ({ name: room.name, running: false }))
    const spaceName = await store.getSpaceName(room.spaceId)
    const branding = await store.getBranding(room.spaceId)
    // A personal link (`?i=`): the page greets its attendee by name and asks no code, or says why it is refused.
    const token = typeof req.query.i === 'string' ? req.query.i : null
    let invitation: LinkInvitation | undefined
    if (token !== null) {
      const check = await checkInvitation(deps, room, token)
      invitation = check.valid ? { name: check.name, valid: true } : { name: check.name, valid: false, reason: check.reason }
      if (check.valid && !st.running && clock.now() < check.opensAt) st.opensAt = new Date(check.opensAt).toISOString()
    }
    allowLogo(res, branding.logo)
    res.type('html').send(
      roomLinkPageHtml(locale, {
        roomId: room.id,
        found: true,
        ...st,
        ...(spaceName ? { spaceName } : {}),
        guestsAllowed: rules.guestsAllowed,
        accessCodeRequired: rules.accessCode !== null,
        moderatorCode: room.settings.moderatorAccessCode !== null,
        waitingRoom: rules.waitingRoom,
        oidc: sessions.oidc !== null,
        signedIn: signedIn ? { name: signedIn.name, member: Boolean(identity && Object.hasOwn(identity.spaces, room.spaceId)) } : null,
        ...(Object.keys(branding).length > 0 ? { branding } : {}),
        ...(invitation ? { invitation } : {}),
      }, pageQuery(req)),
    )
  })

  return router
}
