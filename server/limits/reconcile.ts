import type { PresentUser, UserKind } from '../model/index.js'
import type { MeetingStatus } from '../status/meeting-status.js'
import type { IdentityRepo, RunRepo, SeatLedger } from '../store/types.js'

/** What the reconciliation reads and writes. */
export type ReconcileStore = Pick<RunRepo, 'listOpenRuns' | 'endRun'> &
  Pick<SeatLedger, 'reconcileSeats'> &
  Pick<IdentityRepo, 'getIdentity'>

/**
 * How long after its start a run BBB does not report is still given the benefit of the doubt: the statuses may
 * have been read just before our own create reached BBB.
 */
export const VANISHED_RUN_GRACE_MS = 60_000

export interface ReconcileReport {
  /** Meetings whose seats were aligned with BBB's attendee list. */
  reconciled: number
  /** Open runs BBB no longer knows (ended while we did not hear of it): closed, their seats released. */
  ended: string[]
}

/**
 * Aligns the seat ledger with BBB's attendee lists: for every open run BBB reports, the users present are
 * confirmed (their seats no longer lapse) and the ones gone are released; reservations not yet due stay
 * (the store's `reconcileSeats` rule). Guests count as external; other attendees keep the kind their host token
 * last said (`external` claim, from the identities the service remembers), and users with no identity (room-link
 * guests) are external. Attendees without a userID (not joined through us) are ignored.
 *
 * `statuses` must hold every meeting BBB runs (a getMeetings answer, or `StatusSource.getMany` of the open
 * runs): an open run, started at least {@link VANISHED_RUN_GRACE_MS} ago, that is absent or not
 * existing there is ended (`endRun`, which frees its seats and its meeting slot) and audited as `meeting.ended` by
 * `system`, in one transaction.
 */
export async function reconcileFromStatuses(
  store: ReconcileStore,
  statuses: ReadonlyMap<string, MeetingStatus>,
  now: number,
  memory?: ReconcileMemory,
): Promise<ReconcileReport> {
  const runs = await store.listOpenRuns()
  const report: ReconcileReport = { reconciled: 0, ended: [] }
  const kinds = new Map<string, UserKind>()
  for (const run of runs) {
    const status = statuses.get(run.meetingId)
    if (status?.exists) {
      const present = presentUsers(status)
      if (memory?.unchanged(run.meetingId, present, now)) continue
      await store.reconcileSeats(run.meetingId, await withKnownKinds(store, present, kinds), now)
      memory?.reconciled(run.meetingId, present, now)
      report.reconciled++
      continue
    }
    // Past the grace period an unconfirmed run (its create failed without an answer, or the process died in
    // between) is closed too, or it would hold a meeting slot and block the room's deletion for ever.
    if (now - run.startedAt < VANISHED_RUN_GRACE_MS) continue
    const reason = run.createTime === null ? 'create never confirmed' : 'not reported by BBB'
    const end = { meetingId: run.meetingId, createTime: run.createTime, now }
    const by = { actor: 'system', actorName: null, spaceId: run.spaceId, roomId: run.roomId }
    if (await store.endRun(end, { ...by, action: 'meeting.ended', details: { by: 'reconcile', reason } })) {
      report.ended.push(run.meetingId)
    }
  }
  return report
}

/** How long a meeting whose attendees have not changed goes without being reconciled again. */
export const UNCHANGED_RECONCILE_MS = 60_000

/** What an instance's periodic reconciliation remembers between refreshes. */
export interface ReconcileMemory {
  /** True when these attendees of the meeting were reconciled less than a minute ago: nothing to do. */
  unchanged(meetingId: string, present: readonly PresentUser[], now: number): boolean
  /** Remembers a reconciliation done. */
  reconciled(meetingId: string, present: readonly PresentUser[], now: number): void
}

/**
 * Skips meetings whose attendee list is the one reconciled last time, less than {@link UNCHANGED_RECONCILE_MS}
 * ago. Each reconciliation is a transaction under the seats lock: in the 9 o'clock rush, reconciling 400 unchanged
 * meetings after every status refresh held that lock most of the time and made joins wait for it (issue 21).
 * Every meeting is still reconciled once a minute, which heals whatever changed the ledger meanwhile.
 */
export function createReconcileMemory(): ReconcileMemory {
  const last = new Map<string, { key: string; at: number }>()
  const keyOf = (present: readonly PresentUser[]) =>
    present
      .map((u) => `${u.userId}\u0000${u.kind}\u0000${u.moderator ? 1 : 0}`)
      .sort()
      .join('\u0001')
  return {
    unchanged(meetingId, present, now) {
      const seen = last.get(meetingId)
      return seen !== undefined && seen.key === keyOf(present) && now - seen.at < UNCHANGED_RECONCILE_MS
    },
    reconciled(meetingId, present, now) {
      if (last.size > 50_000) last.clear()
      last.set(meetingId, { key: keyOf(present), at: now })
    },
  }
}

/** BBB's attendees as ledger users: one per userID, moderator if any of their sessions is. */
export function presentUsers(status: MeetingStatus): PresentUser[] {
  const byUser = new Map<string, PresentUser>()
  for (const a of status.attendees) {
    if (!a.userId) continue
    const seen = byUser.get(a.userId)
    const moderator = a.role === 'MODERATOR' || (seen?.moderator ?? false)
    const kind = a.guest || seen?.kind === 'external' ? 'external' : 'internal'
    byUser.set(a.userId, { userId: a.userId, kind, moderator })
  }
  return [...byUser.values()]
}

/** Non-guest attendees take the kind of their identity; without one they are link guests, so external. */
async function withKnownKinds(
  store: Pick<IdentityRepo, 'getIdentity'>,
  users: PresentUser[],
  cache: Map<string, UserKind>,
): Promise<PresentUser[]> {
  return Promise.all(
    users.map(async (user) => {
      if (user.kind === 'external') return user
      let kind = cache.get(user.userId)
      if (!kind) {
        const identity = await store.getIdentity(user.userId)
        // No platform identity: a guest from a room link (BBB does not always flag guests), so external.
        kind = identity && !identity.external ? 'internal' : 'external'
        cache.set(user.userId, kind)
      }
      return { ...user, kind }
    }),
  )
}
