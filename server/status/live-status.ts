import { safeEqual } from '../crypto.js'
import type { BbbClient } from '../bbb/index.js'
import { verifyRecordingReadyJwt, verifyWebhookChecksum } from '../bbb/callbacks.js'
import { isBbbApiError } from '../bbb/errors.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { JoinDeps } from '../rooms/join-room.js'
import { createRecordingsService, type RecordingsService } from '../recordings/recordings.js'
import type { Room, Store } from '../store/types.js'
import type { BusMessage, StatusBus } from './bus.js'
import { EventHub, type RoomRef } from './event-hub.js'
import { NOT_RUNNING, visibleStatus, type MeetingStatus } from './meeting-status.js'
import { createStatusRefresher, type StatusRefresher } from './refresher.js'
import { deriveKey, mintEndToken, verifyEndToken } from './tokens.js'
import { APPLIED_WEBHOOK_EVENTS, parseWebhookBody, type WebhookEvent } from './webhook-events.js'

export interface LiveStatusDeps {
  config: { publicUrl: string; statusIntervalMs: number; bbb: { secret: string } }
  store: Store
  bbb: BbbClient
  log: Logger
  clock: () => number
  bus: StatusBus
  /** Called with every meeting BBB reported, after each refresh (the seat ledger's reconciliation). */
  reconcile?: (statuses: Map<string, MeetingStatus>, now: number) => Promise<unknown>
  /** How often the webhook registration is checked again (hooks expire after failed deliveries). Default 5 min. */
  webhookRecheckMs?: number
  /** SSE heartbeat period. Default 15 s. */
  heartbeatMs?: number
}

/** Everything live about meetings in one service instance: status source, SSE hub, callbacks, recordings. */
export interface LiveStatus {
  /** The instance's one status source (rooms API, joins, SSE). */
  source: StatusRefresher
  hub: EventHub
  recordings: RecordingsService
  /** `${PUBLIC_URL}/callbacks/bbb/webhook`, as registered with hooks/create. */
  webhookUrl: string
  /** `meta_*` for every create: end callback URL (per run) and recording-ready URL. */
  createMeta(room: Room): Record<string, string>
  /** For `JoinDeps.onChange`: changes this instance caused (start, join, end) are shown at once. */
  onMeetingChange: NonNullable<JoinDeps['onChange']>
  /** True once `hooks/list` answered and our hook is registered. */
  webhooksActive(): boolean
  /** Registers the global hook unless present. Never throws. */
  registerWebhook(): Promise<'registered' | 'present' | 'unsupported' | 'failed'>
  /** Verifies and applies a webhook POST. @throws AppError `invalid_callback` (401) on a bad checksum. */
  receiveWebhook(input: { rawBody: string; checksum: string | undefined; authorization: string | undefined }): Promise<number>
  /** Handles an end callback. @throws AppError `invalid_callback` for a token we did not make. */
  endCallback(token: string, recordingMarks: boolean): Promise<boolean>
  /** Handles a recording-ready callback. @throws AppError `invalid_callback` (401), `room_not_found` (404). */
  recordingReady(signedParameters: string): Promise<{ meetingId: string; recordId: string }>
  /** Starts polling and webhook registration (awaits the first registration attempt, at most 3 s). */
  start(): Promise<void>
  close(): Promise<void>
}

const ROOM_CACHE_MAX = 10_000

export function createLiveStatus(deps: LiveStatusDeps): LiveStatus {
  const { store, bbb, log, clock, bus, config } = deps
  const base = config.publicUrl.replace(/\/+$/, '')
  const webhookUrl = `${base}/callbacks/bbb/webhook`
  const endKey = deriveKey(config.bbb.secret, 'end-callback')
  const hub = new EventHub(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {})
  const recordings = createRecordingsService({ bbb })
  let hooksActive = false
  let recheck: NodeJS.Timeout | null = null

  const source = createStatusRefresher({
    bbb,
    listOpenRuns: () => store.listOpenRuns(),
    intervalMs: config.statusIntervalMs,
    log,
    ...(deps.reconcile
      ? {
          onRefreshed: async (statuses: Map<string, MeetingStatus>) => {
            try {
              await deps.reconcile!(statuses, clock())
            } catch (err) {
              log.warn({ err: { message: String(err) } }, 'seat reconciliation failed')
            }
          },
        }
      : {}),
  })

  // meetingID → room (null: not one of ours), so pushing a change costs no query once a meeting is known.
  const rooms = new Map<string, RoomRef | null>()
  const chains = new Map<string, Promise<void>>()
  async function roomOf(meetingId: string): Promise<RoomRef | null> {
    const hit = rooms.get(meetingId)
    if (hit !== undefined) return hit
    const room = await store.getRoomByMeetingId(meetingId)
    const ref = room ? { roomId: room.id, spaceId: room.spaceId } : null
    if (rooms.size >= ROOM_CACHE_MAX) rooms.clear()
    rooms.set(meetingId, ref)
    return ref
  }
  /** Runs `push` once the meeting's room is known, keeping each meeting's events in order. */
  function withRoom(meetingId: string, push: (ref: RoomRef) => void): void {
    const known = rooms.get(meetingId)
    if (known !== undefined && !chains.has(meetingId)) {
      if (known) push(known)
      return
    }
    const next = (chains.get(meetingId) ?? Promise.resolve())
      .then(() => roomOf(meetingId))
      .then((ref) => {
        if (ref) push(ref)
      })
      .catch((err: unknown) => log.warn({ err: { message: String(err) } }, 'live status: room lookup failed'))
      .finally(() => {
        if (chains.get(meetingId) === next) chains.delete(meetingId)
      })
    chains.set(meetingId, next)
  }

  source.onChange((meetingId, status, previous) => {
    const endedAt = previous.exists && !status.exists ? clock() : null
    withRoom(meetingId, (ref) => {
      hub.publish(ref, 'status', { roomId: ref.roomId, ...visibleStatus(status) })
      if (endedAt !== null) hub.publish(ref, 'ended', { roomId: ref.roomId, at: endedAt })
    })
  })

  function publishRecording(meetingId: string, recordId: string): void {
    recordings.invalidate(meetingId)
    withRoom(meetingId, (ref) => hub.publish(ref, 'recording', { roomId: ref.roomId, recordId }))
  }

  const unsubscribeBus = bus.subscribe((message: BusMessage) => {
    switch (message.type) {
      case 'status':
        source.update(message.meetingId, () => message.status)
        break
      case 'stale':
        source.invalidate()
        void source.refresh().catch(() => undefined)
        break
      case 'ended':
        source.update(message.meetingId, () => NOT_RUNNING)
        break
      case 'recording':
        publishRecording(message.meetingId, message.recordId)
        break
    }
  })

  function applyLocally(meetingId: string, change: (current: MeetingStatus) => MeetingStatus): void {
    const status = source.update(meetingId, change)
    bus.publish(status.exists ? { type: 'status', meetingId, status } : { type: 'ended', meetingId })
  }

  async function markEnded(meetingId: string, createTime: number | null, by: string, details: Record<string, unknown>) {
    const now = clock()
    const run = await store.getOpenRun(meetingId)
    const ended = run
      ? await store.endRun(
          { meetingId, createTime, now },
          { actor: 'system', actorName: null, spaceId: run.spaceId, roomId: run.roomId, action: 'meeting.ended', details: { by, ...details } },
        )
      : false
    applyLocally(meetingId, () => NOT_RUNNING)
    return ended
  }

  async function apply(event: WebhookEvent): Promise<void> {
    switch (event.type) {
      case 'meeting-created':
        applyLocally(event.meetingId, (cur) =>
          cur.exists ? cur : { ...NOT_RUNNING, exists: true, createTime: event.createTime, startedAt: event.createTime, attendees: [] },
        )
        break
      case 'user-joined': {
        const u = event.user
        applyLocally(event.meetingId, (cur) => {
          const others = cur.attendees.filter((a) => !sameUser(a, u.internalUserId, u.userId))
          const attendees = [...others, { ...u }]
          return {
            ...cur,
            exists: true,
            running: true,
            startedAt: cur.startedAt ?? clock(),
            attendees,
            participants: attendees.length,
            moderators: attendees.filter((a) => a.role === 'MODERATOR').length,
          }
        })
        break
      }
      case 'user-left':
        applyLocally(event.meetingId, (cur) => {
          if (!cur.exists) return cur
          const attendees = cur.attendees.filter((a) => !sameUser(a, event.internalUserId, event.userId))
          return {
            ...cur,
            attendees,
            participants: attendees.length,
            moderators: attendees.filter((a) => a.role === 'MODERATOR').length,
          }
        })
        break
      case 'meeting-ended':
        await markEnded(event.meetingId, event.createTime, 'bbb-webhook', {})
        break
      case 'rap-publish-ended': {
        const room = await store.getRoomByMeetingId(event.meetingId)
        if (!room) return
        await store.recordRecordingReady({ recordId: event.recordId, meetingId: event.meetingId, roomId: room.id, readyAt: clock() })
        publishRecording(event.meetingId, event.recordId)
        bus.publish({ type: 'recording', meetingId: event.meetingId, recordId: event.recordId })
        break
      }
    }
  }

  async function registerWebhook(): Promise<'registered' | 'present' | 'unsupported' | 'failed'> {
    try {
      const { hooks } = await bbb.hooksList()
      if (hooks.some((h) => h.callbackURL === webhookUrl && !h.meetingID)) {
        hooksActive = true
        return 'present'
      }
      await bbb.hooksCreate({ callbackURL: webhookUrl, eventID: [...APPLIED_WEBHOOK_EVENTS] })
      hooksActive = true
      log.info({ callbackUrl: webhookUrl }, 'BBB webhook registered')
      return 'registered'
    } catch (err) {
      hooksActive = false
      if (isBbbApiError(err)) {
        // No bbb-webhooks (or Scalelite): polling alone keeps the status right.
        log.info({ messageKey: err.messageKey }, 'BBB webhooks unavailable; live status by polling only')
        return 'unsupported'
      }
      log.warn({ err: { message: String(err) } }, 'BBB webhook registration failed; will retry')
      return 'failed'
    }
  }

  return {
    source,
    hub,
    recordings,
    webhookUrl,
    createMeta(room) {
      return {
        endCallbackUrl: `${base}/callbacks/bbb/end/${mintEndToken(endKey, room.meetingId, clock())}`,
        'bbb-recording-ready-url': `${base}/callbacks/bbb/recording-ready`,
      }
    },
    onMeetingChange(event) {
      rooms.set(event.room.meetingId, { roomId: event.room.id, spaceId: event.room.spaceId })
      if (event.type === 'meeting-ended') {
        applyLocally(event.room.meetingId, () => NOT_RUNNING)
      } else if (event.type === 'meeting-started') {
        // A grant changes nothing in BBB yet (the user joins later): only a start is worth asking BBB now.
        source.invalidate()
        void source.refresh().catch(() => undefined)
      }
    },
    webhooksActive: () => hooksActive,
    registerWebhook,
    async receiveWebhook({ rawBody, checksum, authorization }) {
      const bearer = /^Bearer (.+)$/.exec(authorization?.trim() ?? '')?.[1]
      const ok = checksum !== undefined
        ? verifyWebhookChecksum({ callbackUrl: webhookUrl, rawBody, checksum, secret: config.bbb.secret })
        : bearer !== undefined && safeEqual(bearer, config.bbb.secret)
      if (!ok) throw new AppError('invalid_callback', 'The webhook checksum does not match.', { details: { reason: 'checksum' } })
      const events = parseWebhookBody(rawBody)
      for (const event of events) await apply(event)
      return events.length
    },
    async endCallback(token, recordingMarks) {
      const named = verifyEndToken(endKey, token)
      if (!named) throw new AppError('invalid_callback', 'Unknown end callback.', { details: { reason: 'token' } })
      const run = await store.getOpenRun(named.meetingId)
      // The token names the run open when the create was sent: an older run's callback changes nothing.
      if (!run || run.startedAt > named.issuedAt) return false
      try {
        const info = await bbb.getMeetingInfo({ meetingID: named.meetingId })
        const sameRun = run.createTime === null || info.createTime === run.createTime
        if (sameRun && !info.hasBeenForciblyEnded && info.endTime === 0) {
          log.warn({ meetingId: named.meetingId }, 'end callback for a meeting BBB still runs: ignored')
          return false
        }
      } catch (err) {
        // Unconfirmed, the signed URL alone (which may have leaked) must not end a run: the status refresher will
        // close it once BBB answers again.
        if (!(isBbbApiError(err) && err.messageKey === 'notFound')) {
          throw new AppError('bbb_unavailable', 'Cannot confirm the end with the video service now.', { cause: err })
        }
      }
      return markEnded(named.meetingId, run.createTime, 'end-callback', { recordingMarks })
    },
    async recordingReady(signedParameters) {
      let ready
      try {
        ready = await verifyRecordingReadyJwt(signedParameters, [config.bbb.secret])
      } catch {
        throw new AppError('invalid_callback', 'The recording-ready signature does not match.', { details: { reason: 'signature' } })
      }
      const room = await store.getRoomByMeetingId(ready.meetingId)
      if (!room) throw new AppError('room_not_found', 'No room has this meeting.', { details: { meetingId: ready.meetingId } })
      await store.recordRecordingReady({ recordId: ready.recordId, meetingId: ready.meetingId, roomId: room.id, readyAt: clock() })
      publishRecording(ready.meetingId, ready.recordId)
      bus.publish({ type: 'recording', meetingId: ready.meetingId, recordId: ready.recordId })
      return ready
    },
    async start() {
      source.start()
      const first = registerWebhook()
      await Promise.race([first, new Promise((r) => setTimeout(r, 3000).unref())])
      const every = deps.webhookRecheckMs ?? 5 * 60_000
      recheck = setInterval(() => void registerWebhook(), every)
      recheck.unref()
    },
    async close() {
      if (recheck) clearInterval(recheck)
      unsubscribeBus()
      source.close()
      hub.close()
      await Promise.allSettled([...chains.values()])
    },
  }
}

function sameUser(a: { internalUserId?: string | null; userId: string | null }, internalId: string | null, userId: string | null) {
  return (internalId !== null && a.internalUserId === internalId) || (userId !== null && a.userId === userId)
}


