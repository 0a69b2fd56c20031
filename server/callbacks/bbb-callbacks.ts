import { verifyAnalyticsAuthorization, verifyRecordingReadyJwt, verifyWebhookChecksum, type BbbClient } from '../bbb/index.js'
import { parseAnalytics } from '../attendance/analytics.js'
import type { AttendanceRepo } from '../store/types.js'
import { bbbMessageKey } from '../bbb-failures.js'
import type { Clock } from '../clock.js'
import { safeEqual } from '../crypto.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { Room } from '../model/index.js'
import { applyWebhook } from '../status/apply-webhook.js'
import type { LiveStatus } from '../status/live-status.js'
import { NOT_RUNNING } from '../status/meeting-status.js'
import { deriveKey, mintEndToken, verifyEndToken } from '../status/tokens.js'
import type { RecordingRepo, RoomRepo, RunRepo } from '../store/types.js'
import { parseWebhookBody, type WebhookEvent } from './webhook-events.js'
import { createWebhookRegistration, type RegistrationOutcome } from './webhook-registration.js'

export interface BbbCallbacksDeps {
  config: { publicUrl: string; bbb: { secret: string } }
  store: Pick<RoomRepo, 'getRoomByMeetingId'> & Pick<RunRepo, 'getOpenRun' | 'endRun'> & Pick<RecordingRepo, 'recordRecordingReady'>
  bbb: Pick<BbbClient, 'getMeetingInfo' | 'hooksList' | 'hooksCreate'>
  /** Where what the callbacks learn is applied and shown. */
  live: Pick<LiveStatus, 'apply' | 'recordingReady'>
  clock: Clock
  log: Logger
  /** Where BBB's learning-dashboard figures are kept; without it, no analytics callback URL is given to BBB. */
  attendance?: Pick<AttendanceRepo, 'findRunForAnalytics' | 'saveStats'>
  /** How often the webhook registration is checked again (hooks expire after failed deliveries). Default 5 min. */
  webhookRecheckMs?: number
}

/** What BigBlueButton calls back: the URLs we give it, and the handling of its calls. */
export interface BbbCallbacks {
  /** `${PUBLIC_URL}/callbacks/bbb/webhook`, as registered with hooks/create. */
  webhookUrl: string
  /** `meta_*` for every create: end callback URL (per run) and recording-ready URL. */
  createMeta(room: Room): Record<string, string>
  /** True once `hooks/list` answered and our hook is registered. */
  webhooksActive(): boolean
  /** Registers the global hook unless present. Never throws. */
  registerWebhook(): Promise<RegistrationOutcome>
  /** Verifies and applies a webhook POST; the number of events applied. @throws AppError `invalid_callback` (401). */
  receiveWebhook(input: { rawBody: string; checksum: string | undefined; authorization: string | undefined }): Promise<number>
  /**
   * Handles an end callback: true when it ended the run. @throws AppError `invalid_callback` for a token we did not
   * make, `bbb_unavailable` when BBB cannot confirm the end.
   */
  endCallback(token: string, recordingMarks: boolean): Promise<boolean>
  /** Handles a recording-ready callback. @throws AppError `invalid_callback` (401), `room_not_found` (404). */
  recordingReady(signedParameters: string): Promise<{ meetingId: string; recordId: string }>
  /**
   * Handles a learning-dashboard POST (`meta_analytics-callback-url`): the figures per person of the run it names.
   * @throws AppError `invalid_callback` (401) unsigned or not JSON, `room_not_found` (404) for a meeting not ours.
   */
  analytics(input: { authorization: string | undefined; rawBody: string }): Promise<{ stored: number }>
  /** Registers the webhook (waiting at most 3 s for it) and keeps checking it. */
  start(): Promise<void>
  close(): void
}

/**
 * BigBlueButton's calls to the service: bbb-webhooks events (checksum over the raw body, or the secret as a
 * bearer), the per-run end callback (a token only we can mint, naming the run open at create time, confirmed with
 * BBB before anything ends) and the recording-ready callback (a JWT signed with the BBB secret). Ends are written
 * with their audit in one transaction (`endRun`, by `system`); status changes go through the live status.
 */
export function createBbbCallbacks(deps: BbbCallbacksDeps): BbbCallbacks {
  const { store, bbb, live, clock, log, config } = deps
  const base = config.publicUrl.replace(/\/+$/, '')
  const webhookUrl = `${base}/callbacks/bbb/webhook`
  const endKey = deriveKey(config.bbb.secret, 'end-callback')
  const registration = createWebhookRegistration({
    bbb,
    callbackUrl: webhookUrl,
    clock,
    log,
    ...(deps.webhookRecheckMs ? { recheckMs: deps.webhookRecheckMs } : {}),
  })

  async function markEnded(meetingId: string, createTime: number | null, by: string, details: Record<string, unknown>) {
    const now = clock.now()
    const run = await store.getOpenRun(meetingId)
    const ended = run
      ? await store.endRun(
          { meetingId, createTime, now },
          { actor: 'system', actorName: null, spaceId: run.spaceId, roomId: run.roomId, action: 'meeting.ended', details: { by, ...details } },
        )
      : false
    // Only a run really closed here is news: a replayed (signed) end of an older run must not show a running
    // meeting as ended to every widget until the next poll.
    if (ended) live.apply(meetingId, () => NOT_RUNNING)
    return ended
  }

  async function recordReady(meetingId: string, recordId: string, roomId: string): Promise<void> {
    await store.recordRecordingReady({ recordId, meetingId, roomId, readyAt: clock.now() })
    live.recordingReady(meetingId, recordId)
  }

  async function apply(event: WebhookEvent): Promise<void> {
    switch (event.type) {
      case 'meeting-ended':
        await markEnded(event.meetingId, event.createTime, 'bbb-webhook', {})
        break
      case 'rap-publish-ended': {
        const room = await store.getRoomByMeetingId(event.meetingId)
        if (room) await recordReady(event.meetingId, event.recordId, room.id)
        break
      }
      default: {
        const now = clock.now()
        live.apply(event.meetingId, (current) => applyWebhook(current, event, now))
      }
    }
  }

  return {
    webhookUrl,
    createMeta(room) {
      return {
        endCallbackUrl: `${base}/callbacks/bbb/end/${mintEndToken(endKey, room.meetingId, clock.now())}`,
        'bbb-recording-ready-url': `${base}/callbacks/bbb/recording-ready`,
        ...(deps.attendance ? { 'analytics-callback-url': `${base}/callbacks/bbb/analytics` } : {}),
      }
    },
    webhooksActive: registration.active,
    registerWebhook: registration.register,
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
        if (bbbMessageKey(err) !== 'notFound') {
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
      await recordReady(ready.meetingId, ready.recordId, room.id)
      return ready
    },
    async analytics({ authorization, rawBody }) {
      try {
        await verifyAnalyticsAuthorization(authorization, [config.bbb.secret], new Date(clock.now()))
      } catch {
        throw new AppError('invalid_callback', 'The analytics token does not verify.', { details: { reason: 'signature' } })
      }
      let body: unknown
      try {
        body = JSON.parse(rawBody)
      } catch {
        body = null
      }
      const report = parseAnalytics(body)
      if (!report) throw new AppError('invalid_callback', 'The analytics body is not a learning-dashboard report.', { details: { reason: 'payload' } })
      const room = await store.getRoomByMeetingId(report.meetingId)
      const run = room && deps.attendance ? await deps.attendance.findRunForAnalytics(report.meetingId, report.internalMeetingId) : undefined
      if (!room || !run || !deps.attendance) {
        throw new AppError('room_not_found', 'No room has this meeting.', { details: { meetingId: report.meetingId } })
      }
      await deps.attendance.saveStats(run.id, report.people, clock.now())
      return { stored: report.people.length }
    },
    start: () => registration.start(),
    close: () => registration.close(),
  }
}
