import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import express, { Router, type Request, type RequestHandler, type Response } from 'express'
import { rateLimit } from 'express-rate-limit'
import { z } from 'zod'
import { AppError } from '../../errors.js'
import { PACKAGE_ROOT } from '../../paths.js'
import { createOidcClient, type OidcClient, type OidcTransaction } from '../../auth/oidc.js'
import type { Config } from '../../config.js'
import type { JoinDeps } from '../../rooms/join-room.js'
import { pickLocale, type MessageLocale } from '../../messages.js'
import { roomRules } from '../../limits/effective.js'
import { effectiveLimits, requireRoom, ROOM_SLUG_PATTERN } from '../../rooms/rooms.js'
import { toBbbFailure } from '../../rooms/bbb-failures.js'
import type { Room } from '../../store/types.js'
import {
  clearCookie,
  createCookieSigner,
  readCookies,
  readSignedJson,
  setCookie,
  signJson,
  type CookieSigner,
} from '../../invites/cookies.js'
import { identityOf, joinFromLink, type LinkJoinDeps, type SignedInUser } from '../../invites/link-join.js'
import { joinWindow } from '../../invites/scheduled-meetings.js'
import { parseInput } from '../validate.js'
import type { JoinAnswer, RoomLinkPageData, RoomLinkStatus } from '../../contract/index.js'
import { calendarFeedRouter, invitesRouter } from './invites.js'

const VISITOR_COOKIE = 'bbbs_visitor'
const SESSION_COOKIE = 'bbbs_session'
const TX_COOKIE = 'bbbs_oidc_tx'
const SESSION_HOURS = 8

export interface RoomLinkOptions {
  /** Signs the visitor, session and sign-in cookies. */
  signer: CookieSigner
  /** null when OIDC_* is not set: sign-in routes answer `404 oidc_not_configured`. */
  oidc: OidcClient | null
  /** Wrong-code attempts counted per client address (default 10) and per room (default 50) ... */
  attemptsPerIp?: number
  attemptsPerRoom?: number
  /** ... within this window (default 15 minutes). */
  attemptWindowMs?: number
  /** Where the page's built script is (default `dist/widget/link/room-link.js` in the project). */
  scriptPath?: string
}

type Session = SignedInUser & { exp: number }

export const joinBody = z
  .object({
    name: z.string().max(200).optional(),
    accessCode: z.string().max(64).optional(),
  })
  .strict()

export type { RoomLinkPageData, RoomLinkStatus }

function scriptFile(options: RoomLinkOptions): string {
  if (options.scriptPath) return options.scriptPath
  return join(PACKAGE_ROOT, 'dist', 'widget', 'link', 'room-link.js')
}

/**
 * The public room link: `GET /r/:roomId` (the page), `GET /r/:roomId/status.json`, `POST /r/:roomId/join`
 * (guest, access codes, signed-in user; wrong codes are rate-limited per address and per room, `429
 * rate_limited`), `GET /r/assets/room-link.js`, and the OpenID Connect sign-in `GET /auth/oidc/login?room=`,
 * `GET /auth/oidc/callback`, `POST /auth/oidc/logout`. No host token: who you are is decided at click time.
 */
export function roomLinkRouter(deps: LinkJoinDeps, options: RoomLinkOptions): Router {
  const router = Router()
  const { store, clock, publicUrl, status } = deps
  const secure = publicUrl.startsWith('https://')
  const windowMs = options.attemptWindowMs ?? 15 * 60_000

  // Only wrong codes count: a right code, a missing one, a room closed to guests or a meeting not yet running
  // costs nothing (a proxy putting every guest on one address must not lock them all out for a refusal).
  const wrongCode = (_req: Request, res: Response) => res.locals.errorCode !== 'invalid_access_code'
  const limited: RequestHandler = (_req, _res, next) =>
    next(new AppError('rate_limited', 'Too many wrong attempts. Wait a few minutes and try again.', { details: { retryAfterSeconds: Math.ceil(windowMs / 1000) } }))
  const perIp = rateLimit({
    windowMs,
    limit: options.attemptsPerIp ?? 10,
    skipSuccessfulRequests: true,
    requestWasSuccessful: wrongCode,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: limited,
  })
  const perRoom = rateLimit({
    windowMs,
    limit: options.attemptsPerRoom ?? 50,
    skipSuccessfulRequests: true,
    requestWasSuccessful: wrongCode,
    keyGenerator: (req) => `room:${String(req.params.roomId)}`,
    standardHeaders: false,
    legacyHeaders: false,
    handler: limited,
  })

  const sessionOf = (req: Request): SignedInUser | null => {
    const s = readSignedJson<Session>(req, options.signer, SESSION_COOKIE, Date.now())
    return s ? { sub: s.sub, email: s.email, name: s.name } : null
  }

  const localeOf = (req: Request): MessageLocale => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang.slice(0, 2).toLowerCase() : null
    return pickLocale(lang, req.headers['accept-language'])
  }

  /** The browser's stable seat id: from its signed cookie, or a new one (set on the response). */
  const visitorIdOf = (req: Request, res: Response): string => {
    const raw = readCookies(req).get(VISITOR_COOKIE)
    const id = raw ? options.signer.unsign(raw) : null
    if (id && /^[A-Za-z0-9_-]{16,64}$/.test(id)) return id
    const fresh = randomBytes(16).toString('base64url')
    setCookie(res, VISITOR_COOKIE, options.signer.sign(fresh), { maxAgeSeconds: 365 * 24 * 3600, secure })
    return fresh
  }

  async function statusOf(room: Room): Promise<RoomLinkStatus> {
    const s = await status.get(room.meetingId).catch((err: unknown) => Promise.reject(toBbbFailure(err)))
    const view: RoomLinkStatus = { name: room.name, running: s.exists }
    if (!s.exists) {
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

  router.get('/r/:roomId/status.json', async (req, res) => {
    const room = await requireRoom(store, req.params.roomId)
    res.setHeader('Cache-Control', 'no-store')
    res.json((await statusOf(room)) satisfies RoomLinkStatus)
  })

  router.post('/r/:roomId/join', perIp, perRoom, express.json({ limit: '4kb' }), async (req, res) => {
    if (!req.is('application/json')) throw new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json.')
    const body = parseInput(joinBody, req.body ?? {})
    const result = await joinFromLink(deps, req.params.roomId as string, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.accessCode !== undefined ? { accessCode: body.accessCode } : {}),
      visitorId: visitorIdOf(req, res),
      signedIn: sessionOf(req),
      locale: localeOf(req),
    })
    res.setHeader('Cache-Control', 'no-store')
    res.json(result satisfies JoinAnswer)
  })

  router.get('/r/:roomId', async (req, res) => {
    const locale = localeOf(req)
    const roomId = req.params.roomId
    const room = ROOM_SLUG_PATTERN.test(roomId) ? await store.getRoom(roomId) : undefined
    visitorIdOf(req, res)
    res.setHeader('Cache-Control', 'no-store')
    if (!room) {
      res.status(404).type('html').send(pageHtml(locale, { roomId, found: false }))
      return
    }
    const rules = roomRules(await effectiveLimits(store, room.spaceId), room.settings)
    const signedIn = sessionOf(req)
    const identity = signedIn ? await identityOf(store, signedIn) : undefined
    const st = await statusOf(room).catch(() => ({ name: room.name, running: false }) as RoomLinkStatus)
    res.type('html').send(
      pageHtml(locale, {
        roomId: room.id,
        found: true,
        ...st,
        guestsAllowed: rules.guestsAllowed,
        accessCodeRequired: rules.accessCode !== null,
        moderatorCode: room.settings.moderatorAccessCode !== null,
        waitingRoom: rules.waitingRoom,
        oidc: options.oidc !== null,
        signedIn: signedIn ? { name: signedIn.name, member: Boolean(identity && Object.hasOwn(identity.spaces, room.spaceId)) } : null,
      }),
    )
  })

  // ---- OpenID Connect sign-in ----

  const requireOidc = (): OidcClient => {
    if (!options.oidc) throw new AppError('oidc_not_configured', 'Sign-in is not configured on this service.')
    return options.oidc
  }

  router.get('/auth/oidc/login', async (req, res) => {
    const oidc = requireOidc()
    const room = typeof req.query.room === 'string' && ROOM_SLUG_PATTERN.test(req.query.room) ? req.query.room : ''
    const { url, transaction } = await oidc.begin(room)
    setCookie(res, TX_COOKIE, signJson(options.signer, { ...transaction, exp: Date.now() + 10 * 60_000 }), {
      maxAgeSeconds: 600,
      path: '/auth/oidc',
      secure,
    })
    res.redirect(303, url)
  })

  router.get('/auth/oidc/callback', async (req, res) => {
    const oidc = requireOidc()
    const tx = readSignedJson<OidcTransaction & { exp: number }>(req, options.signer, TX_COOKIE, Date.now())
    if (!tx) throw new AppError('oidc_failed', 'Sign-in expired or was started elsewhere. Try again.')
    clearCookie(res, TX_COOKIE, { path: '/auth/oidc', secure })
    const user = await oidc.finish(new URL(req.originalUrl, publicUrl), tx)
    setCookie(res, SESSION_COOKIE, signJson(options.signer, { ...user, exp: Date.now() + SESSION_HOURS * 3600_000 }), {
      maxAgeSeconds: SESSION_HOURS * 3600,
      secure,
    })
    await store.appendAudit({
      actor: `oidc:${user.sub}`,
      actorName: user.name,
      spaceId: null,
      roomId: tx.room || null,
      action: 'auth.signed_in',
      details: {},
      at: clock(),
    })
    res.redirect(303, tx.room ? `${publicUrl}/r/${tx.room}` : `${publicUrl}/`)
  })

  router.post('/auth/oidc/logout', (req, res) => {
    clearCookie(res, SESSION_COOKIE, { secure })
    const room = typeof req.query.room === 'string' && ROOM_SLUG_PATTERN.test(req.query.room) ? req.query.room : ''
    res.redirect(303, room ? `${publicUrl}/r/${room}` : `${publicUrl}/`)
  })

  return router
}


function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function pageHtml(locale: MessageLocale, data: Omit<RoomLinkPageData, 'locale'>): string {
  const fr = locale === 'fr'
  const title = data.found ? (data.name ?? '') : fr ? 'Salle introuvable' : 'Room not found'
  const status = !data.found
    ? fr
      ? "Cette salle n'existe pas (ou plus)."
      : 'This room does not exist (any more).'
    : data.running
      ? fr
        ? 'La réunion est en cours.'
        : 'The meeting is running.'
      : fr
        ? "La réunion n'a pas commencé."
        : 'The meeting has not started.'
  const json = JSON.stringify({ ...data, locale } satisfies RoomLinkPageData).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · bbb-spaces</title>
</head>
<body>
<div id="room-link-root"><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(status)}</p>
<noscript>${fr ? 'Cette page a besoin de JavaScript pour rejoindre la réunion.' : 'This page needs JavaScript to join the meeting.'}</noscript></main></div>
<script type="application/json" id="room-link-data">${json}</script>
<script type="module" src="/r/assets/room-link.js"></script>
</body>
</html>`
}

/**
 * Everything issue 7 adds to the app, built from the config: the `/api/v1` invites routes, the key-only
 * calendar feed (mount before `/api/v1`) and the public room-link routes. The cookie key is derived from the
 * BBB secret and the host-token secret; the OpenID client exists only when `OIDC_*` is set.
 */
export function linkRouters(config: Config, joinDeps: JoinDeps): { invites: Router; feed: Router; link: Router } {
  const inviteDeps = {
    store: joinDeps.store,
    clock: joinDeps.clock,
    publicUrl: config.publicUrl,
    joinOpensMinutesBefore: config.joinOpensMinutesBefore,
    dialInNumber: config.dialInNumber,
  }
  const signer = createCookieSigner([config.bbb.secret, ...(config.hostJwt.secret ? [config.hostJwt.secret] : [])])
  const oidc = config.oidc
    ? createOidcClient({
        ...config.oidc,
        redirectUri: `${config.publicUrl}/auth/oidc/callback`,
        allowHttp: !config.production,
      })
    : null
  return {
    invites: invitesRouter(inviteDeps),
    feed: calendarFeedRouter(inviteDeps),
    link: roomLinkRouter({ ...joinDeps, joinOpensMinutesBefore: config.joinOpensMinutesBefore }, { signer, oidc }),
  }
}
