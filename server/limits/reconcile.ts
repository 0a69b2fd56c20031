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
): Promise<ReconcileReport> {
  const runs = await store.listOpenRuns()
  const report: ReconcileReport = { reconciled: 0, ended: [] }
  const kinds = new Map<string, UserKind>()
  for (const run of runs) {
    const status = statuses.get(run.meetingId)
    if (status?.exists) {
      await store.reconcileSeats(run.meetingId, await withKnownKinds(store, presentUsers(status), kinds), now)
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
