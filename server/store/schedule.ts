import type { StoreContext } from './context.js'
import { parseJson } from './context.js'
import type { ScheduledMeetingsTable } from './schema.js'
import type { CalendarKey, ScheduledMeeting } from '../model/index.js'
import type { ScheduleRepo, ScheduleWriteHook } from './types.js'

function toMeeting(row: ScheduledMeetingsTable): ScheduledMeeting {
  return {
    id: row.id,
    roomId: row.room_id,
    spaceId: row.space_id,
    uid: row.uid,
    title: row.title,
    description: row.description,
    start: Number(row.start_at),
    end: Number(row.end_at),
    timezone: row.timezone,
    attendees: parseJson<ScheduledMeeting['attendees']>(row.attendees, []),
    // Absent when not said, so meetings that never stated it read back as they were written.
    ...(row.expected_attendees ? { expectedAttendees: parseJson<ScheduledMeeting['expectedAttendees']>(row.expected_attendees, null) } : {}),
    sequence: Number(row.sequence),
    organizer: parseJson<ScheduledMeeting['organizer']>(row.organizer, { sub: '', name: '', email: null }),
    cancelledAt: row.cancelled_at === null ? null : Number(row.cancelled_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function toRow(meeting: ScheduledMeeting): ScheduledMeetingsTable {
  return {
    id: meeting.id,
    room_id: meeting.roomId,
    space_id: meeting.spaceId,
    uid: meeting.uid,
    title: meeting.title,
    description: meeting.description,
    start_at: meeting.start,
    end_at: meeting.end,
    timezone: meeting.timezone,
    attendees: JSON.stringify(meeting.attendees),
    expected_attendees: meeting.expectedAttendees ? JSON.stringify(meeting.expectedAttendees) : null,
    sequence: meeting.sequence,
    organizer: JSON.stringify(meeting.organizer),
    cancelled_at: meeting.cancelledAt,
    created_at: meeting.createdAt,
    updated_at: meeting.updatedAt,
  }
}

export function scheduleQueries(ctx: StoreContext): ScheduleRepo {
  const { db } = ctx

  /** Read, change and write back one meeting in a transaction (the sequence must never be lost). */
  const change = (id: string, fn: (meeting: ScheduledMeeting) => ScheduledMeeting | undefined, hook?: ScheduleWriteHook) =>
    ctx.transaction(async (tx) => {
      const row = await tx
        .selectFrom('scheduled_meetings')
        .selectAll()
        .where('id', '=', id)
        .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst()
      if (!row) return undefined
      const current = toMeeting(row)
      const next = fn(current)
      if (!next) return current
      const values: Partial<ScheduledMeetingsTable> = toRow(next)
      delete values.id
      await tx.updateTable('scheduled_meetings').set(values).where('id', '=', id).execute()
      await hook?.(tx, next, current)
      return next
    })

  return {
    async createScheduledMeeting(meeting, now, hook) {
      const full: ScheduledMeeting = {
        ...meeting,
        description: meeting.description ?? null,
        sequence: 0,
        cancelledAt: null,
        createdAt: now,
        updatedAt: now,
      }
      await ctx.transaction(async (tx) => {
        await tx.insertInto('scheduled_meetings').values(toRow(full)).execute()
        await hook?.(tx, full, null)
      })
      return full
    },

    async getScheduledMeeting(id) {
      const row = await db.selectFrom('scheduled_meetings').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toMeeting(row)
    },

    updateScheduledMeeting(id, patch, now, hook) {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
      return change(id, (current) => ({ ...current, ...defined, sequence: current.sequence + 1, updatedAt: now }), hook)
    },

    cancelScheduledMeeting(id, now, hook) {
      return change(
        id,
        (current) =>
          current.cancelledAt !== null
            ? undefined
            : { ...current, cancelledAt: now, sequence: current.sequence + 1, updatedAt: now },
        hook,
      )
    },

    async listScheduledMeetings(query) {
      const rows = await db
        .selectFrom('scheduled_meetings')
        .selectAll()
        .$if(query.spaceId !== undefined, (q) => q.where('space_id', '=', query.spaceId!))
        .$if(query.roomId !== undefined, (q) => q.where('room_id', '=', query.roomId!))
        // Overlap with [from, to): a meeting still running at `from` is listed.
        .$if(query.from !== undefined, (q) => q.where('end_at', '>', query.from!))
        .$if(query.to !== undefined, (q) => q.where('start_at', '<', query.to!))
        .$if(!query.includeCancelled, (q) => q.where('cancelled_at', 'is', null))
        .orderBy('start_at', 'asc')
        .orderBy('id', 'asc')
        .execute()
      return rows.map(toMeeting)
    },

    async createCalendarKey(spaceId, key, now): Promise<CalendarKey> {
      await db.insertInto('calendar_keys').values({ key, space_id: spaceId, created_at: now, revoked_at: null }).execute()
      return { spaceId, key, createdAt: now, revokedAt: null }
    },

    async getCalendarKey(key) {
      const row = await db.selectFrom('calendar_keys').selectAll().where('key', '=', key).executeTakeFirst()
      return (
        row && {
          spaceId: row.space_id,
          key: row.key,
          createdAt: Number(row.created_at),
          revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
        }
      )
    },

    async revokeCalendarKeys(spaceId, now) {
      await db
        .updateTable('calendar_keys')
        .set({ revoked_at: now })
        .where('space_id', '=', spaceId)
        .where('revoked_at', 'is', null)
        .execute()
    },
  }
}
