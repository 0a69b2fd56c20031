import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { MeetingStatus } from '../status/meeting-status.js'
import type { DomainEvent } from '../store/events.js'
import type { Store } from '../store/types.js'
import { createDeliveryWorker, type DeliveryOptions } from './delivery.js'
import { randomEventId, type HostEvent } from './events.js'
import { createOutbox, type Outbox } from './outbox.js'
import { participantChanges } from './participants.js'

export { SIGNATURE_HEADER, signatureHeader } from './signature.js'
export type { HostEvent, HostEventType } from './events.js'
export type { Outbox, OutboxCounts } from './outbox.js'

/** What host events need of a status source: its change notifications (`StatusRefresher.onChange`). */
export interface StatusChanges {
  onChange(listener: (meetingId: string, status: MeetingStatus, previous: MeetingStatus) => void): () => void
}

export interface HostEventsDeps {
  /** `HOST_WEBHOOK_URL` and `HOST_WEBHOOK_SECRET`. */
  webhook: { url: string; secret: string }
  store: Pick<Store, 'onDomainEvent' | 'hostEventOutbox' | 'transaction' | 'getRoomByMeetingId'>
  clock: Clock
  log: Logger
  fetch?: typeof fetch
  /** Delivery tuning (tests shorten it); see `DeliveryOptions` for the defaults. */
  delivery?: Omit<DeliveryOptions, 'outbox' | 'clock' | 'log' | 'url' | 'secret' | 'fetch'>
}

/** Events back to the host platform: the outbox fed from the store and the live status, and its delivery. */
export interface HostEvents {
  outbox: Outbox
  /** Sends `participant.joined` / `participant.left` for the attendee changes this source reports. */
  followStatus(source: StatusChanges): void
  /** Starts delivering (what earlier runs left in the outbox first). */
  start(): void
  /** Looks at the outbox now (after adding to it directly). */
  nudge(): void
  /** Stops following and delivering; waits for what is in flight. Undelivered events stay in the outbox. */
  close(): Promise<void>
}

/**
 * Builds host events. At once, every run start, run end and ready recording the store writes is added to the
 * outbox in the same transaction (none lost, none invented by a rolled-back change); participants come from the
 * status source given to `followStatus` (BBB webhooks when registered, else the poll's attendee lists), added only
 * when they change who the platform was told is present, so every instance seeing the same join adds it once.
 */
export function createHostEvents(deps: HostEventsDeps): HostEvents {
  const { store, clock, log } = deps
  const outbox = createOutbox(store.hostEventOutbox)
  const worker = createDeliveryWorker({
    ...deps.delivery,
    outbox,
    clock,
    log,
    url: deps.webhook.url,
    secret: deps.webhook.secret,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  })
  const stops: Array<() => void> = []
  const chains = new Map<string, Promise<void>>()

  stops.push(
    store.onDomainEvent(
      async (tx, event) => {
        await outbox.add(fromDomainEvent(event, clock.now()), clock.now(), tx)
        if (event.type === 'meeting.ended') await outbox.forgetPresence(tx, event.meetingId)
      },
      { committed: () => worker.nudge() },
    ),
  )

  function participants(meetingId: string, status: MeetingStatus, previous: MeetingStatus): void {
    const changes = participantChanges(previous, status)
    if (changes.length === 0) return
    const at = clock.now()
    // Per meeting, one after the other: a leave is never added before the join it follows.
    const next = (chains.get(meetingId) ?? Promise.resolve())
      .then(async () => {
        const room = await store.getRoomByMeetingId(meetingId)
        if (!room) return
        const added = await store.transaction(async (tx) => {
          let n = 0
          for (const change of changes) {
            const joined = change.type === 'participant.joined'
            // Another instance (or this one before a restart) may have told this change already.
            if (!(await outbox.markPresence(tx, meetingId, change.key, joined, at))) continue
            const a = change.attendee
            const event: HostEvent = {
              id: randomEventId(),
              type: change.type,
              at: new Date(at).toISOString(),
              spaceId: room.spaceId,
              roomId: room.id,
              data: { meetingId, userId: a.userId, name: a.name, role: a.role === 'MODERATOR' ? 'moderator' : 'viewer', guest: a.guest },
            }
            if (await outbox.add(event, at, tx)) n++
          }
          return n
        })
        if (added > 0) worker.nudge()
      })
      .catch((err: unknown) => log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'host events: cannot record a participant change'))
      .finally(() => {
        if (chains.get(meetingId) === next) chains.delete(meetingId)
      })
    chains.set(meetingId, next)
  }

  return {
    outbox,
    followStatus(source) {
      stops.push(source.onChange(participants))
    },
    start: () => worker.start(),
    nudge: () => worker.nudge(),
    async close() {
      for (const stop of stops.splice(0)) stop()
      await Promise.allSettled([...chains.values()])
      await worker.close()
    },
  }
}

function fromDomainEvent(event: DomainEvent, now: number): HostEvent {
  const base = { id: randomEventId(), type: event.type, at: new Date(now).toISOString(), spaceId: event.spaceId, roomId: event.roomId }
  switch (event.type) {
    case 'meeting.started':
      return { ...base, data: { meetingId: event.meetingId, startedBy: event.startedBy, createTime: event.createTime } }
    case 'meeting.ended':
      return { ...base, data: { meetingId: event.meetingId, createTime: event.createTime } }
    case 'recording.ready':
      return { ...base, data: { meetingId: event.meetingId, recordId: event.recordId } }
  }
}
