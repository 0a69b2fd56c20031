import type { Clock } from '../clock.js'
import { participantChanges } from '../host-events/participants.js'
import type { Logger } from '../log.js'
import type { MeetingStatus, StatusAttendee } from '../status/meeting-status.js'
import type { AttendeeKind } from '../model/index.js'
import type { AttendanceRepo, IdentityRepo, Store } from '../store/types.js'

/** What attendance needs of a status source: its change notifications (`StatusRefresher.onChange`). */
export interface StatusChanges {
  onChange(listener: (meetingId: string, status: MeetingStatus, previous: MeetingStatus) => void): () => void
}

export interface AttendanceRecorderDeps {
  repo: AttendanceRepo
  store: Pick<Store, 'onDomainEvent'> & Pick<IdentityRepo, 'getIdentity'>
  clock: Clock
  log: Logger
}

export interface AttendanceRecorder {
  /** Records the joins and leaves this source reports (webhooks applied to it, or its polls' attendee lists). */
  follow(source: StatusChanges): void
  /** Stops following; waits for what is being written. */
  close(): Promise<void>
}

/**
 * Keeps attendance: every change of a meeting's attendee list the status source reports (a bbb-webhooks
 * user-joined/left applied to it, or the difference between two polls when there are no webhooks) opens or closes a
 * session of that person in the meeting's open run, dated by the clock when it was seen. Several instances seeing
 * the same change write it once (one open session per person and run). A run's end closes its open sessions in the
 * transaction that ends it.
 */
export function createAttendanceRecorder(deps: AttendanceRecorderDeps): AttendanceRecorder {
  const { repo, store, clock, log } = deps
  const stops: Array<() => void> = []
  const chains = new Map<string, Promise<void>>()

  stops.push(
    store.onDomainEvent(async (tx, event) => {
      if (event.type === 'meeting.ended') await repo.closeOpenSessions(event.meetingId, clock.now(), tx)
    }),
  )

  async function kindOf(a: StatusAttendee): Promise<AttendeeKind> {
    if (a.guest || !a.userId) return 'guest'
    const identity = await store.getIdentity(a.userId)
    if (identity) return identity.external ? 'external' : 'internal'
    // Signed in at a room link with an account no host user matched: a person from outside, not anonymous.
    return a.userId.startsWith('oidc-') ? 'external' : 'guest'
  }

  function changed(meetingId: string, status: MeetingStatus, previous: MeetingStatus): void {
    const changes = participantChanges(previous, status)
    if (changes.length === 0) return
    const at = clock.now()
    // Per meeting, one after the other: a leave is never written before the join it follows.
    const next = (chains.get(meetingId) ?? Promise.resolve())
      .then(async () => {
        for (const change of changes) {
          const a = change.attendee
          if (change.type === 'participant.left') {
            await repo.recordLeave(meetingId, change.key, at)
            continue
          }
          await repo.recordJoin({
            meetingId,
            userKey: change.key,
            userId: a.userId,
            name: a.name,
            kind: await kindOf(a),
            role: a.role === 'MODERATOR' ? 'moderator' : 'viewer',
            at,
          })
        }
      })
      .catch((err: unknown) => log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'attendance: cannot record a change'))
      .finally(() => {
        if (chains.get(meetingId) === next) chains.delete(meetingId)
      })
    chains.set(meetingId, next)
  }

  return {
    follow(source) {
      stops.push(source.onChange(changed))
    },
    async close() {
      for (const stop of stops.splice(0)) stop()
      await Promise.allSettled([...chains.values()])
    },
  }
}
