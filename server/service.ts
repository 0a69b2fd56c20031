import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Router } from 'express'
import { createBbbClient, type BbbClient } from './bbb/index.js'
import { createResilientBbbClient } from './bbb/index.js'
import { createDevBbb } from './dev-bbb/index.js'
import { createHostTokenVerifier } from './auth/host-jwt.js'
import { createOidcClient } from './auth/oidc.js'
import { systemClock, type Clock } from './clock.js'
import type { Config } from './config.js'
import { createHostEvents, type HostEvents, type HostEventsDeps } from './host-events/index.js'
import { createAttendanceRecorder } from './attendance/recorder.js'
import { createApp } from './http/app.js'
import { widgetBuilt } from './http/routes/widget-assets.js'
import type { LinkSessions } from './http/link-session.js'
import { createCookieSigner } from './http/cookies.js'
import type { InviteDeps } from './invites/invite-deps.js'
import { createMeetingMail, type MeetingMail, type MeetingMailDeps } from './mail/index.js'
import { createMeetings } from './rooms/meetings.js'
import { createDocumentLinks } from './rooms/document-links.js'
import { createRoomDocuments } from './rooms/documents.js'
import { logBbbCall, type Logger } from './log.js'
import { createMetrics, type Metrics } from './http/metrics.js'
import { createReconcileMemory, reconcileFromStatuses } from './limits/reconcile.js'
import { createBbbCallbacks, type BbbCallbacks } from './callbacks/bbb-callbacks.js'
import { createRecordingsService } from './recordings/recordings.js'
import { consentText } from './retention/consent.js'
import { createRetentionPurge, type RetentionPurge } from './retention/purge.js'
import { createRetentionRepo, type RetentionRepo } from './retention/settings.js'
import { createUserData } from './retention/user-data.js'
import { createStatusBus } from './status/bus.js'
import { EventHub } from './status/event-hub.js'
import { createLiveStatus, type LiveStatus } from './status/live-status.js'
import type { StatusSource } from './status/meeting-status.js'
import { createStatusRefresher } from './status/refresher.js'
import { deriveCodeKey, openStore, parseDatabaseUrl } from './store/index.js'
import type { AttendanceRepo, Store } from './store/types.js'
import { createUsageSampler, type UsageHistoryRepo, type UsageSampler } from './usage/index.js'

export interface RunningService {
  /** The config in force (PUBLIC_URL filled in with the real port when it was not set). */
  config: Config
  server: Server
  /** http://HOST:PORT of the listening server (not PUBLIC_URL). */
  url: string
  /** The BBB API base the service talks to (the in-process development server when none is configured). */
  bbbEndpoint: string
  usesDevBbb: boolean
  store: Store
  bbb: BbbClient
  status: StatusSource
  /** Live status: refresher and SSE hub. */
  live: LiveStatus
  /** BBB's calls to us: webhooks, end and recording-ready callbacks, the webhook registration. */
  callbacks: BbbCallbacks
  metrics: Metrics
  /** Events POSTed to HOST_WEBHOOK_URL; null when it is not set. */
  hostEvents: HostEvents | null
  /** The usage history and the sampler writing it once a minute. */
  usage: { history: UsageHistoryRepo; sampler: UsageSampler }
  /** Attendance per meeting run (kept from the status source's attendee changes). */
  attendance: AttendanceRepo
  /** Invitation mail (SMTP_URL, the development mailbox, or off) and personal guest links. */
  mail: MeetingMail
  /** Retention rules and the daily purge (checked hourly; one instance a day runs it). */
  retention: { repo: RetentionRepo; purge: RetentionPurge }
  /** Whether the widget bundle is built (the start banner says how to build it when not). */
  widgetBuilt: boolean
  close(): Promise<void>
}

/** Mail knobs for tests: a clock they drive, shorter delays, another transport. */
export interface MailOptions {
  clock?: Clock
  delivery?: MeetingMailDeps['delivery']
  transport?: MeetingMailDeps['transport']
}

/** Host-events knobs for tests: a clock they drive, shorter delays. */
export interface HostEventsOptions {
  clock?: Clock
  delivery?: HostEventsDeps['delivery']
}

/**
 * The composition root, and the only place that builds services: from a config it opens the store (applying
 * migrations), mounts the development BBB server when no real one is configured, builds the BBB client, live
 * status, meetings, invitations and room-link sessions, hands them to the app and listens. Used by
 * `server/main.ts` and by the tests, so both run the same wiring. Time comes from `options.clock` (the system
 * clock by default; tests pass their own).
 */
export async function startService(
  givenConfig: Config,
  options: { log: Logger; host?: string; clock?: Clock; store?: Store; baselineRoutes?: Router; hostEvents?: HostEventsOptions; mail?: MailOptions },
): Promise<RunningService> {
  const clock = options.clock ?? systemClock
  // Access codes are encrypted under a key derived from the BBB secret (every instance has it); the development
  // BBB's secret is made up at each start, so its stores keep the fixed development key.
  const codeKey = givenConfig.bbb.endpoint ? deriveCodeKey(givenConfig.bbb.secret) : undefined
  const store = options.store ?? (await openStore(givenConfig.databaseUrl, { clock, ...(codeKey ? { codeKey } : {}) }))
  const server = createServer()
  server.keepAliveTimeout = 65_000
  // Listening comes first (the port is needed to reach the in-process BBB server); until the app is wired, the
  // server answers 503 rather than leaving early requests hanging.
  const starting = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
    res.end(JSON.stringify({ error: { code: 'service_unavailable', message: 'The service is starting.' } }))
  }
  server.on('request', starting)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(givenConfig.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject)
      resolve()
    })
  })
  try {
    return await wire(givenConfig, options, { clock, store, server, starting })
  } catch (err) {
    // Nothing half-started stays behind: no listening socket, no open database.
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    if (!options.store) await store.close().catch(() => undefined)
    throw err
  }
}

async function wire(
  givenConfig: Config,
  options: { log: Logger; host?: string; store?: Store; baselineRoutes?: Router; hostEvents?: HostEventsOptions; mail?: MailOptions },
  { clock, store, server, starting }: { clock: Clock; store: Store; server: Server; starting: RequestListener },
): Promise<RunningService> {
  const port = (server.address() as AddressInfo).port
  const config: Config = givenConfig.publicUrlExplicit
    ? givenConfig
    : Object.freeze({ ...givenConfig, publicUrl: `http://localhost:${port}` })
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`

  const devBbb = config.bbb.endpoint
    ? null
    : createDevBbb({ secret: config.bbb.secret, devRoutes: !config.production, publicUrl: `${config.publicUrl}/bigbluebutton/` })
  const bbbEndpoint = config.bbb.endpoint ?? `http://127.0.0.1:${port}/bigbluebutton/`
  let hub: LiveStatus['hub'] | null = null
  const metrics = createMetrics({ store, clock, token: config.metricsToken, sseClients: () => hub?.size ?? 0 })
  const bbbCallLog = logBbbCall(options.log)
  const bbb = createResilientBbbClient(
    createBbbClient({ endpoint: bbbEndpoint, secret: config.bbb.secret, algorithm: config.bbb.algorithm, timeoutMs: config.bbb.timeoutMs, maxAnswerBytes: config.bbb.maxAnswerBytes }),
    {
      openMs: config.bbb.circuitOpenMs,
      onCall: (event) => {
        metrics.bbbCall(event)
        bbbCallLog(event)
      },
      onCircuit: (state) => {
        metrics.bbbCircuit(state)
        options.log.warn({ circuit: state }, `BBB circuit breaker ${state}`)
      },
    },
  )
  const bus = await createStatusBus({ location: parseDatabaseUrl(config.databaseUrl), clock, log: options.log })
  // The reads each instance caches for joins: what one instance changes, the others forget (a meeting ended
  // elsewhere, too).
  const stopTellingChanges = store.readCache.onLocalChange((change) => bus.publish({ type: 'forget', change }))
  const stopHearingChanges = bus.subscribe((message) => {
    if (message.type === 'forget') store.readCache.forget(message.change, true)
    else if (message.type === 'ended') store.readCache.forget({ kind: 'run', key: message.meetingId }, true)
  })
  // Meetings whose attendees did not change since the last refresh are not reconciled again (for a minute).
  const reconciled = createReconcileMemory()
  const status = createStatusRefresher({
    bbb,
    listOpenRuns: () => store.listOpenRuns(),
    intervalMs: config.statusIntervalMs,
    clock,
    log: options.log,
    // The seat ledger follows every meeting BBB reported.
    onRefreshed: async (statuses) => {
      try {
        await reconcileFromStatuses(store, statuses, clock.now(), reconciled)
      } catch (err) {
        options.log.warn({ err: { message: String(err) } }, 'seat reconciliation failed')
      }
    },
  })
  const retention = createRetentionRepo(store)
  const recordings = createRecordingsService({ bbb, clock, keeps: retention })
  hub = new EventHub({ clock })
  const live = createLiveStatus({
    source: status,
    hub,
    bus,
    rooms: store,
    clock,
    log: options.log,
    onRecording: (meetingId) => recordings.invalidate(meetingId),
  })
  const hostEvents = config.hostWebhook
    ? createHostEvents({
        webhook: config.hostWebhook,
        store,
        clock: options.hostEvents?.clock ?? clock,
        log: options.log,
        ...(options.hostEvents?.delivery ? { delivery: options.hostEvents.delivery } : {}),
      })
    : null
  hostEvents?.followStatus(status)
  const documents = createRoomDocuments({
    store,
    bbb,
    clock,
    links: createDocumentLinks({ secret: config.bbb.secret, publicUrl: config.publicUrl, ttlSeconds: config.documents.linkTtlSeconds }),
    caps: { maxBytes: config.documents.maxBytes, roomMaxBytes: config.documents.roomMaxBytes, perRoom: config.documents.perRoom },
    onInsertFailed: (err, room) => options.log.warn({ err: { message: String(err) }, roomId: room.id }, 'a new document could not be added to the running meeting'),
  })
  const attendance = store.attendance
  const attendanceRecorder = createAttendanceRecorder({ repo: attendance, store, clock, log: options.log })
  attendanceRecorder.follow(status)
  const callbacks = createBbbCallbacks({ config, store, bbb, live, clock, log: options.log, attendance })
  const meetings = createMeetings({
    store,
    bbb,
    status,
    clock,
    createWaitMs: config.bbb.timeoutMs + 2_000,
    publicUrl: config.publicUrl,
    createMeta: callbacks.createMeta,
    presentation: documents.presentationFor,
    onChange: live.onMeetingChange,
    recordingConsent: async (_room, locale) => consentText((await retention.get()).consent, locale),
  })
  const purge = createRetentionPurge({
    retention,
    store,
    bbb,
    clock,
    log: options.log,
    onRecordingDeleted: (meetingId) => recordings.invalidate(meetingId),
  })
  const usageHistory = store.usageHistory
  const usageSampler = createUsageSampler({ history: usageHistory, usage: (now) => store.usage(now), clock, log: options.log })
  const mail = createMeetingMail({
    store,
    clock: options.mail?.clock ?? clock,
    log: options.log,
    mail: config.mail,
    publicUrl: config.publicUrl,
    dialInNumber: config.dialInNumber,
    graceMinutes: config.invitationGraceMinutes,
    ...(options.mail?.transport ? { transport: options.mail.transport } : {}),
    ...(options.mail?.delivery ? { delivery: options.mail.delivery } : {}),
  })
  const invites: InviteDeps = {
    store,
    clock,
    publicUrl: config.publicUrl,
    joinOpensMinutesBefore: config.joinOpensMinutesBefore,
    dialInNumber: config.dialInNumber,
    mail,
  }

  const app = createApp({
    config,
    log: options.log,
    clock,
    store,
    status,
    meetings,
    invites,
    sessions: linkSessions(config),
    verifyToken: createHostTokenVerifier({ ...config.hostJwt, clock }),
    live,
    devBbbRouter: devBbb?.router ?? null,
    baselineRoutes: options.baselineRoutes ?? null,
    callbacks,
    recordings,
    documents,
    metrics,
    usageHistory,
    attendance,
    retention: { repo: retention, userData: createUserData({ store }), purge },
  })
  server.off('request', starting)
  server.on('request', app)
  try {
    hostEvents?.start()
    mail.start()
    live.start()
    usageSampler.start()
    purge.start()
    await callbacks.start()
  } catch (err) {
    callbacks.close()
    await usageSampler.close()
    await purge.close()
    await live.close().catch(() => undefined)
    await hostEvents?.close().catch(() => undefined)
    await attendanceRecorder.close().catch(() => undefined)
    await mail.close().catch(() => undefined)
    stopTellingChanges()
    stopHearingChanges()
    await bus.close().catch(() => undefined)
    await devBbb?.close().catch(() => undefined)
    throw err
  }

  let closing: Promise<void> | null = null
  return {
    config,
    server,
    url,
    bbbEndpoint,
    usesDevBbb: devBbb !== null,
    store,
    bbb,
    status,
    live,
    callbacks,
    metrics,
    hostEvents,
    usage: { history: usageHistory, sampler: usageSampler },
    attendance,
    mail,
    retention: { repo: retention, purge },
    widgetBuilt: widgetBuilt(),
    close() {
      closing ??= (async () => {
        callbacks.close()
        await usageSampler.close()
        await purge.close()
        await live.close()
        stopTellingChanges()
        stopHearingChanges()
        await bus.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeIdleConnections()
          setTimeout(() => server.closeAllConnections(), 5000).unref()
        })
        await hostEvents?.close()
        await attendanceRecorder.close()
        await mail.close()
        await devBbb?.close()
        if (!options.store) await store.close()
      })()
      return closing
    },
  }
}

/**
 * Room-link sessions: the cookie key is derived from the BBB secret and the host-token secret (the same on every
 * instance of a deployment); the OpenID Connect client exists only when `OIDC_*` is set.
 */
function linkSessions(config: Config): LinkSessions {
  return {
    signer: createCookieSigner([config.bbb.secret, ...(config.hostJwt.secret ? [config.hostJwt.secret] : [])]),
    oidc: config.oidc
      ? createOidcClient({ ...config.oidc, redirectUri: `${config.publicUrl}/auth/oidc/callback`, allowHttp: !config.production })
      : null,
    trustSub: config.oidc?.trustSub ?? false,
  }
}
