import type { Db, StoreContext } from './context.js'
import { toCount } from './context.js'
import { batchedSeatAdmission } from './seat-admission.js'
import type { PresentUser, SeatRequest, SeatResult, Usage, UsageCounts, UserKind } from '../model/index.js'
import type { SeatLedger } from './types.js'

/** Reservations whose window has passed hold nothing. */
function dropExpired(tx: Db, now: number, meetingId?: string) {
  return tx
    .deleteFrom('seats')
    .where('state', '=', 'reserved')
    .where('expires_at', '<=', now)
    .$if(meetingId !== undefined, (q) => q.where('meeting_id', '=', meetingId!))
    .execute()
}

export function seatQueries(ctx: StoreContext): SeatLedger {
  const { db } = ctx
  const admitInBatch = batchedSeatAdmission(ctx)

  return {
    // Every admission, a seat held again included, goes by batches under the seats lock (seat-admission.ts): a
    // held seat costs no count there, and a batch shares its round trips between all the joins it decides.
    admitSeat: (request: SeatRequest): Promise<SeatResult> => admitInBatch(request),

    async releaseSeat(meetingId, userId) {
      await db.deleteFrom('seats').where('meeting_id', '=', meetingId).where('user_id', '=', userId).execute()
    },

    reconcileSeats(meetingId: string, present: PresentUser[], now: number) {
      const users = new Map<string, PresentUser>()
      for (const user of present) {
        const seen = users.get(user.userId)
        // BBB lists one attendee per session: a user in twice is one seat, a moderator if either session is.
        users.set(user.userId, seen ? { ...seen, moderator: seen.moderator || user.moderator } : user)
      }
      return ctx.locked('seats', async (tx) => {
        await dropExpired(tx, now, meetingId)
        await tx
          .deleteFrom('seats')
          .where('meeting_id', '=', meetingId)
          .where('state', '=', 'present')
          .$if(users.size > 0, (q) => q.where('user_id', 'not in', [...users.keys()]))
          .execute()
        if (users.size === 0) return

        const place =
          (await tx
            .selectFrom('meeting_runs')
            .select(['room_id', 'space_id'])
            .where('meeting_id', '=', meetingId)
            .where('ended_at', 'is', null)
            .executeTakeFirst()) ??
          (await tx.selectFrom('rooms').select(['id as room_id', 'space_id']).where('meeting_id', '=', meetingId).executeTakeFirst()) ??
          (await tx.selectFrom('seats').select(['room_id', 'space_id']).where('meeting_id', '=', meetingId).executeTakeFirst())
        if (!place) return

        for (const user of users.values()) {
          await tx
            .insertInto('seats')
            .values({
              meeting_id: meetingId,
              user_id: user.userId,
              room_id: place.room_id,
              space_id: place.space_id,
              kind: user.kind,
              moderator: user.moderator ? 1 : 0,
              state: 'present',
              expires_at: null,
              created_at: now,
            })
            .onConflict((oc) =>
              oc.columns(['meeting_id', 'user_id']).doUpdateSet((eb) => ({
                state: 'present',
                expires_at: null,
                kind: eb.ref('excluded.kind'),
                moderator: eb.ref('excluded.moderator'),
              })),
            )
            .execute()
        }
      })
    },

    async usage(now: number): Promise<Usage> {
      const [seats, runs] = await Promise.all([
        db
          .selectFrom('seats')
          .select(['space_id', 'room_id', 'meeting_id', 'kind'])
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => eb.or([eb('state', '=', 'present'), eb('expires_at', '>', now)]))
          .groupBy(['space_id', 'room_id', 'meeting_id', 'kind'])
          .execute(),
        db.selectFrom('meeting_runs').select(['space_id', 'room_id', 'meeting_id']).where('ended_at', 'is', null).execute(),
      ])

      const empty = (): UsageCounts => ({ total: 0, internal: 0, external: 0 })
      const add = (counts: UsageCounts, kind: UserKind, n: number) => {
        counts.total += n
        counts[kind] += n
      }
      type SpaceUsage = Usage['spaces'][number]
      const spaces = new Map<string, SpaceUsage>()
      const meetings = new Map<string, SpaceUsage['rooms'][number]>()
      const space = (spaceId: string) => {
        let entry = spaces.get(spaceId)
        if (!entry) {
          entry = { spaceId, runningMeetings: 0, participants: empty(), rooms: [] }
          spaces.set(spaceId, entry)
        }
        return entry
      }
      const room = (spaceId: string, roomId: string, meetingId: string) => {
        let entry = meetings.get(meetingId)
        if (!entry) {
          entry = { roomId, meetingId, participants: empty() }
          meetings.set(meetingId, entry)
          space(spaceId).rooms.push(entry)
        }
        return entry
      }

      for (const run of runs) {
        space(run.space_id).runningMeetings += 1
        room(run.space_id, run.room_id, run.meeting_id)
      }
      const totals = empty()
      for (const row of seats) {
        const n = toCount(row.n)
        add(totals, row.kind, n)
        add(space(row.space_id).participants, row.kind, n)
        add(room(row.space_id, row.room_id, row.meeting_id).participants, row.kind, n)
      }
      return {
        ...totals,
        runningMeetings: runs.length,
        spaces: [...spaces.values()].sort((a, b) => a.spaceId.localeCompare(b.spaceId)),
      }
    },
  }
}
