import type { HostEventCounts } from '../model/index.js'
import type { HostEventOutbox, Tx } from '../store/types.js'
import { eventBody, type HostEvent } from './events.js'

export type { ClaimedEvent, HostEventCounts as OutboxCounts } from '../model/index.js'

/** The host events' outbox as the service uses it: events added as they are (their body the exact bytes to POST). */
export interface Outbox extends Omit<HostEventOutbox, 'add'> {
  /** Adds an event (with `tx`: inside that transaction). False when an event with its id is already there. */
  add(event: HostEvent, now: number, tx?: Tx): Promise<boolean>
}

/** The store's outbox (`Store.hostEventOutbox`), taking events: each body is written once, so every retry sends the same bytes. */
export function createOutbox(repo: HostEventOutbox): Outbox {
  return {
    add: (event, now, tx) => repo.add({ id: event.id, type: event.type, roomId: event.roomId, spaceId: event.spaceId, body: eventBody(event) }, now, tx),
    claim: (owner, now, leaseMs, limit) => repo.claim(owner, now, leaseMs, limit),
    delivered: (e, owner, now) => repo.delivered(e, owner, now),
    retry: (e, owner, nextAttemptAt, error) => repo.retry(e, owner, nextAttemptAt, error),
    giveUp: (e, owner, now, error) => repo.giveUp(e, owner, now, error),
    nextDueAt: () => repo.nextDueAt(),
    purge: (before) => repo.purge(before),
    counts: (): Promise<HostEventCounts> => repo.counts(),
    markPresence: (tx, meetingId, userKey, present, now) => repo.markPresence(tx, meetingId, userKey, present, now),
    forgetPresence: (tx, meetingId) => repo.forgetPresence(tx, meetingId),
  }
}
