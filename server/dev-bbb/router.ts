import { randomBytes } from 'node:crypto'
import express, { type Request, type Response } from 'express'
import { SignJWT } from 'jose'
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../bbb/checksum.js'
import { HANDLERS, JSON_CALLS, NOT_FOUND, SCALELITE_UNSUPPORTED, type Reply } from './api.js'
import { clientPage, clientState, landingPage, playbackPage } from './client-page.js'
import { checkChecksum, Params } from './params.js'
import { DevState, type Attendee, type Meeting, type Recording, type Role } from './state.js'
import { DEFAULT_DELIVERY, Deliverer, Webhooks, type DeliveryOptions } from './webhooks.js'
import { el, failed, response } from './xml.js'

/** Options of the development BigBlueButton server. Every one has a default. */
export interface DevBbbOptions {
  /** The shared secret; random (32 hex chars) when absent. */
  secret?: string
  /** Checksum algorithms accepted; default all four. */
  algorithms?: readonly ChecksumAlgorithm[]
  /** Answer as bbb-web (default) or as a Scalelite pool. */
  like?: 'bbb' | 'scalelite'
  /** Scalelite only: getMeetings always answers noMeetings. Default false. */
  getMeetingsDisabled?: boolean
  /** Serve `/dev/*` (simulation, faults, stats). Default true; the service turns it off in production. */
  devRoutes?: boolean
  /** Externally visible URL of the `/bigbluebutton/` mount (ending in '/'); default from the request Host. */
  publicUrl?: string
  /** Time source for timestamps (createTime, heartbeats). Default Date.now. Timers use real time. */
  clock?: () => number
  /** Cap on meetings held at once (create answers FAILED `maxMeetingsReached` past it). Default 5000. */
  maxMeetings?: number
  /** Cap on people in one meeting, whatever its maxParticipants. Default 1000. */
  maxAttendeesPerMeeting?: number
  /** Recordings kept (oldest dropped first). Default 10000. */
  maxRecordings?: number
  /** Default 5 (fractions allowed). */
  meetingExpireIfNoUserJoinedInMinutes?: number
  /** Default 1 (fractions allowed; 0 = never). */
  meetingExpireWhenLastUserLeftInMinutes?: number
  /** A client page that sends no heartbeat for this long has left. Default 30000. */
  heartbeatTimeoutMs?: number
  /** Delay between `end` and the meeting actually ending. Default 250. */
  endDelayMs?: number
  /**
   * How long an ended meeting stays listed (getMeetingInfo answers hasBeenForciblyEnded, joins get
   * meetingForciblyEnded). Default 0: gone as soon as it ends, like bbb-web.
   */
  endedRetentionMs?: number
  /** How long the client pages of an ended meeting still get its ended state. Default 60000. */
  endedSessionsRetentionMs?: number
  /** Webhook and callback delivery: retry delays (default 1, 2, 5, 10, 30, 60 s) and per-attempt timeout. */
  delivery?: Partial<DeliveryOptions>
  /** Webhook `domain` field; default the host of publicUrl or of the last request. */
  domain?: string
}

export interface DevBbbStats {
  calls: Record<string, number>
}

/** A fault injected into `/api` calls. */
export interface DevFault {
  mode: 'down' | 'slow' | 'error' | 'malformed' | 'none'
  calls?: string[]
  delayMs?: number
  /** For mode error: 500 (default) or 502. */
  status?: 500 | 502
}

export interface DevBbb {
  /** Mount at `/bigbluebutton`: serves `/api/*`, `/client`, `/playback/*` and (when enabled) `/dev/*`. */
  router: express.Router
  secret: string
  stats(): DevBbbStats
  /** The in-memory state (for tests and tools in this repository). */
  state: DevState
  /** Resolves when every webhook/callback delivery queued so far has finished. */
  deliveriesIdle(): Promise<void>
  /** Stops timers and pending webhook deliveries. */
  close(): Promise<void>
}

const XML_TYPES = ['text/xml', 'application/xml']
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * Creates the BigBlueButton-compatible development server as an Express router. Answers like bbb-web:
 * HTTP 200 with `FAILED` and a messageKey (`checksumError`, `notFound`, `idNotUnique`, …) on errors.
 */
export function createDevBbb(options: DevBbbOptions = {}): DevBbb {
  const secret = options.secret ?? randomBytes(16).toString('hex')
  const like = options.like ?? 'bbb'
  const allowed = (options.algorithms ?? CHECKSUM_ALGORITHMS).filter((a) => like === 'bbb' || a !== 'sha384')
  const clock = options.clock ?? Date.now
  const maxMeetings = options.maxMeetings ?? 5000
  let lastBase: string | undefined
  const base = () => options.publicUrl ?? lastBase ?? 'http://127.0.0.1/bigbluebutton/'
  const deliverer = new Deliverer({ ...DEFAULT_DELIVERY, ...options.delivery })
  const webhooks = new Webhooks({
    secret,
    domain: () => options.domain ?? new URL(base()).hostname,
    deliverer,
    maxHooks: 1000,
  })
  const state: DevState = new DevState({
    clock,
    maxMeetings,
    maxAttendeesPerMeeting: options.maxAttendeesPerMeeting ?? 1000,
    maxRecordings: options.maxRecordings ?? 10_000,
    meetingExpireIfNoUserJoinedInMinutes: options.meetingExpireIfNoUserJoinedInMinutes ?? 5,
    meetingExpireWhenLastUserLeftInMinutes: options.meetingExpireWhenLastUserLeftInMinutes ?? 1,
    endDelayMs: options.endDelayMs ?? 250,
    endedRetentionMs: options.endedRetentionMs ?? 0,
    endedSessionsRetentionMs: options.endedSessionsRetentionMs ?? 60_000,
    pendingSeatMs: 60_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 30_000,
    playbackBase: base,
    onEvent: (event) => {
      if (like === 'bbb') webhooks.dispatch(event)
    },
    onMeetingEnded: (meeting, recording) => sendCallbacks(meeting, recording),
  })

  function sendCallbacks(meeting: Meeting, recording: Recording | undefined): void {
    const endUrl = meeting.metadata.get('endcallbackurl')
    if (endUrl) {
      // bbb-web appends recordingmarks, then the external meetingID (MeetingService.meetingEnded).
      const added = new URLSearchParams([
        ['recordingmarks', String(meeting.record && !!recording)],
        ['meetingID', meeting.meetingID],
      ])
      const url = `${endUrl}${endUrl.includes('?') ? '&' : '?'}${added.toString()}`
      deliverer.send(`end:${meeting.internalMeetingID}`, () => ({ url, init: { method: 'GET' } }), () => true)
    }
    const readyUrl = meeting.metadata.get('bbb-recording-ready-url')
    if (readyUrl && recording) {
      void new SignJWT({ meeting_id: meeting.meetingID, record_id: recording.recordID })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(secret))
        .then((jwt) => {
          const body = new URLSearchParams([['signed_parameters', jwt]]).toString()
          deliverer.send(
            `ready:${recording.recordID}`,
            () => ({
              url: readyUrl,
              init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
            }),
            // post_publish gives up on 401 (secret mismatch), 404 and 410; retries anything else.
            (s) => s < 300 || s === 401 || s === 404 || s === 410,
          )
        })
    }
  }

  const calls: Record<string, number> = {}
  let fault: DevFault = { mode: 'none' }
  const router = express.Router()

  router.use((req, _res, next) => {
    if (!options.publicUrl) lastBase = `${req.protocol}://${req.get('host')}${req.baseUrl}/`
    next()
  })

  router.use('/api', express.raw({ type: () => true, limit: '4mb' }), async (req: Request, res: Response) => {
    const call = req.path.replace(/^\/+|\/+$/g, '') || 'index'
    calls[call] = (calls[call] ?? 0) + 1
    const applies = fault.mode !== 'none' && (!fault.calls || fault.calls.includes(call))
    if (applies && fault.mode === 'down') {
      req.socket.destroy()
      return
    }
    if (applies && fault.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 3000))
    if (applies && fault.mode === 'error') {
      const status = fault.status ?? 500
      res.status(status).type('html').send(
        `<html><head><title>${status} ${status === 502 ? 'Bad Gateway' : 'Internal Server Error'}</title></head>` +
          `<body><center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Internal Server Error'}</h1></center>` +
          '<hr><center>nginx</center></body></html>',
      )
      return
    }
    const reply = await answer(call, req)
    if (reply.kind === 'status') {
      res.status(reply.status).type('html').send(reply.body)
      return
    }
    if (reply.kind === 'redirect') {
      res.redirect(302, reply.location)
      return
    }
    let body = reply.kind === 'xml' ? reply.body : JSON.stringify(reply.body)
    if (applies && fault.mode === 'malformed') body = body.slice(0, Math.max(1, Math.floor(body.length / 2)))
    res.status(200).type(reply.kind === 'xml' ? 'text/xml; charset=utf-8' : 'application/json').send(body)
  })

  async function answer(call: string, req: Request): Promise<Reply> {
    if (call === 'index') {
      const inner = like === 'scalelite' ? el('version', '2.0') : el('version', '2.0') + el('apiVersion', '2.0') + el('bbbVersion', '3.0.0-dev')
      return { kind: 'xml', body: response('SUCCESS', inner) }
    }
    if (like === 'scalelite' && SCALELITE_UNSUPPORTED.has(call)) {
      return { kind: 'xml', body: failed('unsupportedRequest', 'This request is not supported.') }
    }
    const handler = HANDLERS[call]
    if (!handler) {
      if (like === 'scalelite') return { kind: 'xml', body: failed('unsupportedRequest', 'This request is not supported.') }
      return NOT_FOUND
    }
    if (call === 'join' && req.method !== 'GET') {
      return { kind: 'xml', body: failed('unsupportedRequest', 'join only accepts GET.') }
    }
    const original = req.originalUrl
    const q = original.indexOf('?')
    const rawQuery = q < 0 ? '' : original.slice(q + 1)
    const checked = checkChecksum(call, rawQuery, secret, allowed)
    const params = new Params(checked.ok ? checked.query : '')
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? (req.body as Buffer) : undefined
    let xmlBody: string | undefined
    if (req.method === 'POST' && body) {
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      const xmlOk = call === 'create' || call === 'insertDocument'
      const formOk = call !== 'insertDocument'
      if (xmlOk && XML_TYPES.includes(type)) xmlBody = body.toString('utf8')
      else if (formOk && FORM_TYPES.includes(type)) {
        if (type === 'application/x-www-form-urlencoded' && checked.ok) {
          const clashes = params.merge(new URLSearchParams(body.toString('utf8')))
          if (clashes.length > 0) {
            return redirectOrXml(call, req, 'checksumError', 'Parameters may not be both in the URL and in the body')
          }
        }
      } else {
        return { kind: 'xml', body: failed('unsupportedContentType', 'POST request Content-Type is missing or unsupported') }
      }
    }
    if (!checked.ok) {
      if (JSON_CALLS.has(call)) return { kind: 'json', body: { response: { returncode: 'FAILED', message: 'Checksums do not match' } } }
      return redirectOrXml(call, req, 'checksumError', 'Checksums do not match')
    }
    return handler({
      call,
      params,
      xmlBody,
      rawBody: body,
      base: base(),
      state,
      secret,
      webhooks,
      like,
      getMeetingsDisabled: like === 'scalelite' && !!options.getMeetingsDisabled,
      maxMeetings,
    })
  }

  // A join with a bad checksum still redirects (bbb-web 3.0 redirects every join validation error), but only to
  // this server's own page: an unsigned errorRedirectUrl would make it an open redirect.
  function redirectOrXml(call: string, req: Request, key: string, message: string): Reply {
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '')
    if (call === 'join' && query.get('redirect')?.toLowerCase() !== 'false') {
      const target = base()
      const sep = target.includes('?') ? '&' : '?'
      return {
        kind: 'redirect',
        location: `${target}${sep}errors=${encodeURIComponent(JSON.stringify([{ key, message }]))}`,
      }
    }
    return { kind: 'xml', body: failed(key, message) }
  }

  router.get('/', (req, res) => {
    const errors = typeof req.query.errors === 'string' ? req.query.errors : undefined
    res.type('html').send(landingPage(errors))
  })

  router.get('/playback/presentation/2.3/:recordID', (req, res) => {
    const rec = state.recordings.get(req.params.recordID)
    if (!rec || rec.state !== 'published') {
      res.status(404).type('html').send('<!doctype html><html lang="en"><title>Not found</title><p>No such recording.</p></html>')
      return
    }
    res.type('html').send(playbackPage(rec))
  })

  const sessionOf = (req: Request) => {
    const token = typeof req.query.sessionToken === 'string' ? req.query.sessionToken : ''
    return state.sessions.get(token)
  }
  const noSession = (res: Response) =>
    res.status(404).json({ error: { code: 'invalid_session', message: 'Unknown or expired sessionToken' } })

  router.get('/client', (req, res) => {
    const session = sessionOf(req)
    if (!session) {
      res.status(404).type('html').send(landingPage(JSON.stringify([{ key: 'invalidSession', message: 'Unknown or expired session' }])))
      return
    }
    const nonce = randomBytes(16).toString('base64')
    res.set('Content-Security-Policy', `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'`)
    res.set('Cache-Control', 'no-store')
    res.type('html').send(clientPage(clientState(session, state.meetingOf(session), state.sessions), session.token, base(), nonce))
  })
  router.get('/client/state', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    res.json(clientState(session, state.meetingOf(session), state.sessions))
  })
  router.post('/client/heartbeat', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    state.heartbeat(session)
    res.json(clientState(session, state.meetingOf(session), state.sessions))
  })
  router.post('/client/leave', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    state.leave(session)
    res.json(clientState(session, state.meetingOf(session), state.sessions))
  })
  router.post('/client/admit', (req, res) => {
    const session = sessionOf(req)
    if (!session) return void noSession(res)
    const meeting = state.meetingOf(session)
    if (!meeting || session.role !== 'MODERATOR' || session.state !== 'in') {
      res.status(403).json({ error: { code: 'not_a_moderator', message: 'Only a moderator in the meeting can admit guests' } })
      return
    }
    const target = [...meeting.sessions]
      .map((t) => state.sessions.get(t))
      .find((s) => s && s.internalUserID === req.query.userID && s.state === 'waiting')
    if (!target) {
      res.status(404).json({ error: { code: 'guest_not_found', message: 'No such guest waiting' } })
      return
    }
    target.guestStatus = req.query.decision === 'deny' ? 'DENY' : 'ALLOW'
    if (target.guestStatus === 'DENY') target.state = 'denied'
    res.json(clientState(session, meeting, state.sessions))
  })

  if (options.devRoutes ?? true) {
    router.use('/dev', express.json({ limit: '64kb' }))
    router.get('/dev/stats', (_req, res) => void res.json({ calls: { ...calls } }))
    router.post('/dev/stats/reset', (_req, res) => {
      for (const k of Object.keys(calls)) delete calls[k]
      res.json({ calls: {} })
    })
    router.get('/dev/faults', (_req, res) => void res.json(fault))
    router.post('/dev/faults', (req, res) => {
      const b = (req.body ?? {}) as Partial<DevFault>
      const modes = ['down', 'slow', 'error', 'malformed', 'none']
      if (typeof b.mode !== 'string' || !modes.includes(b.mode)) {
        res.status(400).json({ error: { code: 'invalid_request', message: `mode must be one of ${modes.join(', ')}` } })
        return
      }
      fault = {
        mode: b.mode,
        ...(Array.isArray(b.calls) ? { calls: b.calls.map(String) } : {}),
        ...(typeof b.delayMs === 'number' ? { delayMs: b.delayMs } : {}),
        ...(b.status === 502 ? { status: 502 as const } : {}),
      }
      res.json(fault)
    })
    router.post('/dev/meetings/:meetingID/attendees', (req, res) => {
      const meeting = state.meetings.get(req.params.meetingID as string)
      if (!meeting || meeting.state !== 'running') {
        res.status(404).json({ error: { code: 'meeting_not_found', message: 'No running meeting with that meetingID' } })
        return
      }
      const b = (req.body ?? {}) as { count?: number; role?: string; guest?: boolean; userID?: string; fullName?: string }
      const count = Math.min(1000, Math.max(1, Math.floor(Number(b.count ?? 1)) || 1))
      const role: Role = String(b.role ?? 'VIEWER').toUpperCase() === 'MODERATOR' ? 'MODERATOR' : 'VIEWER'
      const added: Attendee[] = []
      for (let i = 0; i < count; i++) {
        const internalUserID = `w_sim${Math.random().toString(36).slice(2, 11)}`
        const userID = b.userID ? (count > 1 ? `${b.userID}-${i + 1}` : b.userID) : internalUserID
        if (!state.hasSeatFor(meeting, userID)) {
          res.status(409).json({
            error: { code: 'maxParticipantsReached', message: 'The meeting is full', details: { added: added.length } },
            attendees: added,
          })
          return
        }
        const attendee: Attendee = {
          internalUserID,
          userID,
          fullName: b.fullName ? (count > 1 ? `${b.fullName} ${i + 1}` : b.fullName) : `Simulated ${role === 'MODERATOR' ? 'moderator' : 'viewer'} ${meeting.attendees.size + 1}`,
          role,
          guest: b.guest === true,
          simulated: true,
          lastSeen: clock(),
        }
        state.addAttendee(meeting, attendee)
        added.push(attendee)
      }
      res.status(201).json({ attendees: added.map(({ internalUserID, userID, fullName, role, guest }) => ({ internalUserID, userID, fullName, role, guest })) })
    })
    router.delete('/dev/meetings/:meetingID/attendees/:userID', (req, res) => {
      const meeting = state.meetings.get(req.params.meetingID as string)
      const id = req.params.userID as string
      const attendee = meeting
        ? (meeting.attendees.get(id) ?? [...meeting.attendees.values()].find((a) => a.userID === id))
        : undefined
      if (!meeting || !attendee) {
        res.status(404).json({ error: { code: 'attendee_not_found', message: 'No such attendee in that meeting' } })
        return
      }
      if (attendee.sessionToken) {
        const s = state.sessions.get(attendee.sessionToken)
        if (s) s.state = 'left'
      }
      state.removeAttendee(meeting, attendee.internalUserID)
      res.status(204).end()
    })
  }

  return {
    router,
    secret,
    state,
    stats: () => ({ calls: { ...calls } }),
    deliveriesIdle: () => deliverer.idle(),
    async close() {
      state.close()
      await deliverer.close()
    },
  }
}
