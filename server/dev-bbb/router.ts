import { randomBytes } from 'node:crypto'
import express from 'express'
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../bbb/index.js'
import { mountApi, type Controls } from './api-route.js'
import { sendMeetingCallbacks } from './callbacks.js'
import { mountClient } from './client-routes.js'
import { mountDevRoutes } from './dev-routes.js'
import { DevState } from './state.js'
import { DEFAULT_DELIVERY, Deliverer, Webhooks, type DeliveryOptions } from './webhooks.js'

export type { DevFault } from './api-route.js'

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
    onMeetingEnded: (meeting, recording) => sendMeetingCallbacks(deliverer, secret, meeting, recording),
  })

  const controls: Controls = { calls: {}, fault: { mode: 'none' } }
  const router = express.Router()

  router.use((req, _res, next) => {
    if (!options.publicUrl) lastBase = `${req.protocol}://${req.get('host')}${req.baseUrl}/`
    next()
  })

  mountApi(router, {
    secret,
    allowed,
    like,
    getMeetingsDisabled: like === 'scalelite' && !!options.getMeetingsDisabled,
    maxMeetings,
    state,
    webhooks,
    controls,
    base,
  })
  mountClient(router, { state, base })
  if (options.devRoutes ?? true) mountDevRoutes(router, { state, controls, clock })

  return {
    router,
    secret,
    state,
    stats: () => ({ calls: { ...controls.calls } }),
    deliveriesIdle: () => deliverer.idle(),
    async close() {
      state.close()
      await deliverer.close()
    },
  }
}
