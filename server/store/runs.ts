import { randomUUID } from 'node:crypto'
import type { MeetingRun, NewAuditEntry } from '../model/index.js'
import { insertAudit } from './audit.js'
import { toCount, type Db, type StoreContext } from './context.js'
import type { MeetingRunsTable } from './schema.js'
import type { RunRepo } from './types.js'

function toRun(row: MeetingRunsTable): MeetingRun {
  return {
    meetingId: row.meeting_id,
    roomId: row.room_id,
    spaceId: row.space_id,
    createTime: row.create_time === null ? null : Number(row.create_time),
    internalMeetingId: row.internal_meeting_id,
    moderatorPw: row.moderator_pw,
    startedBy: row.started_by,
    startedAt: Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
  }
}

/**
 * Closes the open run (when `createTime` is null or matches) and releases its seats, inside the caller's
 * transaction, telling `meeting.ended` when BBB had confirmed the run; false when no matching run was open.
 */
async function closeRun(ctx: StoreContext, tx: Db, meetingId: string, createTime: number | null, now: number): Promise<boolean> {
  // A run BBB never confirmed never started: its end is not an event.
  const run = await tx
    .selectFrom('meeting_runs')
    .select(['room_id', 'space_id', 'create_time'])
    .where('meeting_id', '=', meetingId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  const result = await tx
    .updateTable('meeting_runs')
    .set({ ended_at: now })
    .where('meeting_id', '=', meetingId)
    .where('ended_at', 'is', null)
    .$if(createTime !== null, (q) =>
      q.where((eb) => eb.or([eb('create_time', 'is', null), eb('create_time', '=', createTime!)])),
    )
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) return false
  await tx.deleteFrom('seats').where('meeting_id', '=', meetingId).execute()
  if (run?.create_time != null) {
    await ctx.events.emit(tx, {
      type: 'meeting.ended',
      meetingId,
      roomId: run.room_id,
      spaceId: run.space_id,
      createTime: Number(run.create_time),
    })
  }
  return true
}

export function runQueries(ctx: StoreContext): RunRepo {
  const { db } = ctx
  const openRun = (meetingId: string, q = db) =>
    q.selectFrom('meeting_runs').selectAll().where('meeting_id', '=', meetingId).where('ended_at', 'is', null)

  return {
    openMeetingRun(request) {
      return ctx.locked('runs', async (tx) => {
        const existing = await openRun(request.meetingId, tx).executeTakeFirst()
        if (existing) return { ok: true as const, run: toRun(existing), created: false }
        if (request.maxConcurrentMeetings !== null) {
          const { n } = await tx
            .selectFrom('meeting_runs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('ended_at', 'is', null)
            .where('space_id', '=', request.spaceId)
            .executeTakeFirstOrThrow()
          if (toCount(n) >= request.maxConcurrentMeetings) {
            return { ok: false as const, refusal: 'space_meeting_limit' as const, cap: request.maxConcurrentMeetings }
          }
        }
        if (request.maxMeetings !== null) {
          const { n } = await tx
            .selectFrom('meeting_runs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('ended_at', 'is', null)
            .executeTakeFirstOrThrow()
          if (toCount(n) >= request.maxMeetings) {
            return { ok: false as const, refusal: 'licence_meeting_limit' as const, cap: request.maxMeetings }
          }
        }
        const row: MeetingRunsTable = {
          id: randomUUID(),
          meeting_id: request.meetingId,
          room_id: request.roomId,
          space_id: request.spaceId,
          create_time: null,
          internal_meeting_id: null,
          moderator_pw: null,
          started_by: request.startedBy,
          started_at: request.now,
          ended_at: null,
        }
        await tx.insertInto('meeting_runs').values(row).execute()
        return { ok: true as const, run: toRun(row), created: true }
      })
    },

    confirmMeetingRun(meetingId, bbb) {
      return ctx.transaction(async (tx) => {
        const before = await openRun(meetingId, tx).executeTakeFirst()
        if (!before) return undefined
        await tx
          .updateTable('meeting_runs')
          .set({
            create_time: bbb.createTime,
            internal_meeting_id: bbb.internalMeetingId,
            moderator_pw: bbb.moderatorPw,
          })
          .where('id', '=', before.id)
          .execute()
        const run = toRun({ ...before, create_time: bbb.createTime, internal_meeting_id: bbb.internalMeetingId, moderator_pw: bbb.moderatorPw })
        // The first confirmation is the start: later creates of the same run (idempotent) are not.
        if (before.create_time === null) {
          await ctx.events.emit(tx, {
            type: 'meeting.started',
            meetingId,
            roomId: run.roomId,
            spaceId: run.spaceId,
            createTime: run.createTime,
            startedBy: run.startedBy,
          })
        }
        return run
      })
    },

    async abandonMeetingRun(meetingId) {
      await db.deleteFrom('meeting_runs').where('meeting_id', '=', meetingId).where('ended_at', 'is', null).execute()
    },

    async getOpenRun(meetingId) {
      const row = await openRun(meetingId).executeTakeFirst()
      return row && toRun(row)
    },

    async listOpenRuns(spaceId) {
      const rows = await db
        .selectFrom('meeting_runs')
        .selectAll()
        .where('ended_at', 'is', null)
        .$if(spaceId !== undefined, (q) => q.where('space_id', '=', spaceId!))
        .orderBy('started_at', 'asc')
        .execute()
      return rows.map(toRun)
    },

    recordMeetingEnded(meetingId, createTime, now) {
      // Under the runs lock (durable): a seat admitted concurrently for the ended meeting lapses by itself.
      return ctx.locked('runs', (tx) => closeRun(ctx, tx, meetingId, createTime, now))
    },

    endRun({ meetingId, createTime, now }, audit: Omit<NewAuditEntry, 'at'>) {
      return ctx.locked('runs', async (tx) => {
        if (!(await closeRun(ctx, tx, meetingId, createTime, now))) return false
        await insertAudit(tx, { ...audit, at: now }, now)
        return true
      })
    },
  }
}
