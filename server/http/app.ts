import { randomUUID } from 'node:crypto'
import cors from 'cors'
import express, { type Express, type RequestHandler, type Router } from 'express'
import type { Principal } from '../auth/principal.js'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'
import type { InviteDeps } from '../invites/invite-deps.js'
import { withLogContext, type Logger } from '../log.js'
import type { Meetings } from '../rooms/meetings.js'
import type { StatusSource } from '../status/meeting-status.js'
import type { LiveStatus } from '../status/live-status.js'
import type { BbbCallbacks } from '../callbacks/bbb-callbacks.js'
import type { RecordingsService } from '../recordings/recordings.js'
import type { RoomDocuments } from '../rooms/documents.js'
import type { AttendanceRepo, Store } from '../store/types.js'
import type { UsageHistoryRepo } from '../usage/index.js'
import type { RetentionPurge } from '../retention/purge.js'
import type { RetentionRepo } from '../retention/settings.js'
import type { UserData } from '../retention/user-data.js'
import { requireToken } from './auth.js'
import { errorHandler, loggablePath, notFound } from './error-handler.js'
import type { LinkSessions } from './link-session.js'
import type { Metrics } from './metrics.js'
import { adminRouter } from './routes/admin.js'
import { attendanceRouter } from './routes/attendance.js'
import { settingsRouter } from './routes/settings.js'
import { callbacksRouter } from './routes/callbacks.js'
import { demoRouter } from './routes/demo.js'
import { documentLinksRouter, documentsRouter, isDocumentUpload } from './routes/documents.js'
import { eventsRouter } from './routes/events.js'
import { healthRouter } from './routes/health.js'
import { calendarFeedRouter, invitesRouter } from './routes/invites.js'
import { meRouter } from './routes/me.js'
import { devMailRouter } from './routes/dev-mail.js'
import { meetingMailRouter } from './routes/meeting-mail.js'
import { oidcRouter } from './routes/oidc.js'
import { recordingsRouter } from './routes/recordings.js'
import { retentionRouter } from './routes/retention.js'
import { roomLinkRouter } from './routes/room-link.js'
import { roomsRouter } from './routes/rooms.js'
import { usageHistoryRouter } from './routes/usage-history.js'
import { widgetAssetsRouter } from './routes/widget-assets.js'
import { openApiRouter } from './routes/openapi.js'
import { securityHeaders, tokenlessRateLimits } from './security.js'

/** What the app mounts: the services, built once in `server/service.ts`; each router takes only its slice. */
export interface AppDeps {
  config: Config
  log: Logger
  clock: Clock
  store: Store
  status: StatusSource
  meetings: Meetings
  invites: InviteDeps
  sessions: LinkSessions
  verifyToken: (token: string) => Promise<Principal>
  /** Live status (SSE streams); its routes are mounted when given. */
  live?: LiveStatus
  /** BBB's callbacks (webhooks, end, recording ready), mounted at /callbacks/bbb when given. */
  callbacks?: BbbCallbacks
  /** Room documents (slides); their routes and the signed links BBB fetches them from are mounted when given. */
  documents?: RoomDocuments
  /** Room recordings; their routes are mounted when given. */
  recordings?: RecordingsService
  /** The development BBB server's router, mounted at /bigbluebutton when no real BBB is configured. */
  devBbbRouter?: Router | null
  /** Prometheus metrics: request counting middleware and `GET /metrics`. */
  metrics?: Metrics
  /** The usage history; `GET /admin/usage/history` is mounted when given. */
  usageHistory?: UsageHistoryRepo
  /** Attendance per meeting run; its routes are mounted when given. */
  attendance?: AttendanceRepo
  /** Retention rules and a person's data (export, erasure); their admin routes are mounted when given. */
  retention?: { repo: RetentionRepo; userData: UserData; purge: Pick<RetentionPurge, 'run'> }
  /**
   * Routes mounted under `/api/v1` behind every shared middleware but before the token check: `npm run bench`
   * puts its bare baseline route here, so the baseline pays exactly the stack the real routes pay before their
   * own work. The service itself never sets it.
   */
  baselineRoutes?: Router | null
}

/** Request bodies are small JSON documents; anything bigger is refused before it is read. */
const JSON_LIMIT = '32kb'

/**
 * Builds the Express app: middleware, routes, error handler. No listen(): `server/main.ts` and the tests own
 * the server's lifetime.
 */
export function createApp(deps: AppDeps): Express {
  const { config, store, log } = deps
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.trustProxy)
  app.set('query parser', 'simple')
  // Paths are matched exactly as the limiter and the log scrubber read them: `/Callbacks/…` or `/METRICS` must not
  // reach a route the limiter does not count. Every router is made with `caseSensitive: true` too.
  app.set('case sensitive routing', true)

  app.use(requestLog(log))
  if (deps.metrics) app.use(deps.metrics.http)

  // The development BBB server is another server that happens to live in this process: mounted before our own
  // security headers, as it would sit behind its own nginx.
  if (deps.devBbbRouter) app.use('/bigbluebutton', deps.devBbbRouter)

  app.use(securityHeaders(config))

  app.use(tokenlessRateLimits({ perMinute: config.rateLimitPerMinute }))
  if (deps.metrics) app.use(deps.metrics.router)

  const corsForHosts = cors({
    origin: config.allowedOrigins.length > 0 ? [...config.allowedOrigins] : false,
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'Accept-Language'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  })

  app.use(healthRouter({ store, status: deps.status }))

  const { clock, status, meetings, live } = deps
  const publicUrl = config.publicUrl
  if (deps.callbacks) app.use('/callbacks/bbb', callbacksRouter({ callbacks: deps.callbacks }))

  const api = express.Router({ caseSensitive: true })
  api.use(corsForHosts)
  api.use(requireJsonBody)
  api.use(express.json({ limit: JSON_LIMIT, strict: true }))
  if (deps.baselineRoutes) api.use(deps.baselineRoutes)
  // Streams authenticate themselves (header or short-lived ticket), so they come before the token check.
  if (live) {
    api.use(eventsRouter({ store, live, verifyToken: deps.verifyToken, clock, secret: config.bbb.secret, caps: config.streams }))
  }
  api.use(requireToken(deps.verifyToken, store, clock))
  if (deps.recordings) api.use(recordingsRouter({ store, recordings: deps.recordings }))
  if (deps.documents) api.use(documentsRouter({ documents: deps.documents }))
  if (deps.attendance) api.use(attendanceRouter({ store, attendance: deps.attendance, clock }))
  api.use(roomsRouter({ store, status, meetings, clock, publicUrl, dialInNumber: config.dialInNumber }))
  api.use(invitesRouter(deps.invites))
  api.use(meetingMailRouter(deps.invites))
  api.use(adminRouter({ store, status, clock }))
  if (deps.usageHistory) api.use(usageHistoryRouter({ store, history: deps.usageHistory, clock }))
  if (deps.retention) api.use(retentionRouter({ store, retention: deps.retention.repo, userData: deps.retention.userData, purge: deps.retention.purge, clock }))
  api.use(settingsRouter({ store, clock }))
  api.use(meRouter({ store }))
  // The calendar feed authenticates by its key only, so it comes before the host-token check.
  app.use(calendarFeedRouter(deps.invites))
  // BBB fetches documents through links the service signed: no token, the signature is the key.
  if (deps.documents) app.use(documentLinksRouter({ documents: deps.documents }))
  app.use(openApiRouter())
  app.use('/api/v1', api)
  app.use(
    roomLinkRouter({
      store,
      clock,
      status,
      meetings,
      publicUrl,
      joinOpensMinutesBefore: deps.invites.joinOpensMinutesBefore,
      sessions: deps.sessions,
      ...(deps.invites.mail ? { invitations: deps.invites.mail.invitations } : {}),
    }, { guestsPerAddress: config.guestsPerAddress }),
  )
  app.use(oidcRouter({ store, clock, publicUrl, sessions: deps.sessions }))
  // The development mailbox (outside production, without SMTP_URL), like the development BBB server.
  const devMailbox = deps.invites.mail?.devMailbox
  if (devMailbox && !config.production) app.use(devMailRouter(devMailbox))

  app.use(corsForHosts, widgetAssetsRouter({}))
  if (config.demo) {
    app.use(
      demoRouter({
        hostJwtSecret: config.hostJwt.secret ?? new Uint8Array(),
        publicUrl: config.publicUrl,
        ...(config.hostJwt.issuer ? { jwtIssuer: config.hostJwt.issuer } : {}),
        ...(config.hostJwt.audience ? { jwtAudience: config.hostJwt.audience } : {}),
      }),
    )
  }

  app.use(notFound)
  app.use(errorHandler(log))
  return app
}

/** Bodies of writes must be JSON (or absent): anything else is `415 unsupported_media_type`, but a document upload. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if (hasBody && !req.is('application/json') && !isDocumentUpload(req)) {
    next(new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json.'))
    return
  }
  next()
}

function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    const reqId = typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64
      ? req.headers['x-request-id']
      : randomUUID()
    res.locals.reqId = reqId
    res.setHeader('X-Request-Id', reqId)
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const principal = res.locals.principal as Principal | undefined
      log.info(
        { reqId, method: req.method, path: loggablePath(req), status: res.statusCode, ms: Math.round(ms * 10) / 10, user: principal?.sub },
        'request',
      )
    })
    withLogContext({ reqId, locals: res.locals, path: req.path }, next)
  }
}
