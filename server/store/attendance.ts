import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AttendanceSession, AttendanceStats, AttendeeKind, AttendeeRole, RunRecord } from '../model/index.js'
import type { Db, StoreContext } from './context.js'
import { toCount } from './context.js'
import type { MeetingRunsTable } from './schema.js'
import type { AttendanceRepo } from './types.js'

/** The tables of migration `0007-attendance`. */
export interface AttendanceSessionsTable {
  id: string
  run_id: string
  meeting_id: string
  room_id: string
  space_id: string
  user_key: string
  user_id: string | null
  name: string
  kind: AttendeeKind
  role: AttendeeRole
  joined_at: number
  left_at: number | null
}

export interface AttendanceStatsTable {
  run_id: string
  user_key: string
  space_id: string
  user_id: string | null
  name: string
  talk_seconds: number | null
  messages: number | null
  webcam_seconds: number | null
  received_at: number
}

type Tables = {
  attendance_sessions: AttendanceSessionsTable
  attendance_stats: AttendanceStatsTable
  meeting_runs: MeetingRunsTable
}
type AttendanceDb = Kysely<Tables>

function toSession(row: AttendanceSessionsTable): AttendanceSession {
  return {
    runId: row.run_id,
    userKey: row.user_key,
    userId: row.user_id,
    name: row.name,
    kind: row.kind,
    role: row.role,
    joinedAt: Number(row.joined_at),
    leftAt: row.left_at === null ? null : Number(row.left_at),
  }
}

function toStats(row: AttendanceStatsTable): AttendanceStats {
  const n = (v: number | null) => (v === null ? null : Number(v))
  return {
    runId: row.run_id,
    userKey: row.user_key,
    userId: row.user_id,
    name: row.name,
    talkSeconds: n(row.talk_seconds),
    messages: n(row.messages),
    webcamSeconds: n(row.webcam_seconds),
    receivedAt: Number(row.received_at),
  }
}

/** Builds the attendance repository on the store's context. */
export function createAttendanceRepo(ctx: StoreContext): AttendanceRepo {
  const db = ctx.db as unknown as AttendanceDb
  const asOwn = (tx: Db) => tx as unknown as AttendanceDb

  function runs(q: AttendanceDb) {
    return q
      .selectFrom('meeting_runs')
      .select(['id', 'meeting_id', 'room_id', 'space_id', 'internal_meeting_id', 'started_at', 'ended_at'])
      .select((eb) =>
        eb
          .selectFrom('attendance_sessions')
          .select((e) => e.fn.count<number>('attendance_sessions.user_key').distinct().as('n'))
          .whereRef('attendance_sessions.run_id', '=', 'meeting_runs.id')
          .as('participants'),
      )
      .where('create_time', 'is not', null)
  }

  function toRun(row: {
    id: string
    meeting_id: string
    room_id: string
    space_id: string
    internal_meeting_id: string | null
    started_at: number
    ended_at: number | null
    participants: unknown
  }): RunRecord {
    return {
      id: row.id,
      meetingId: row.meeting_id,
      roomId: row.room_id,
      spaceId: row.space_id,
      internalMeetingId: row.internal_meeting_id,
      startedAt: Number(row.started_at),
      endedAt: row.ended_at === null ? null : Number(row.ended_at),
      participants: toCount(row.participants),
    }
  }

  return {
    async recordJoin(join) {
      const run = await db
        .selectFrom('meeting_runs')
        .select(['id', 'room_id', 'space_id'])
        .where('meeting_id', '=', join.meetingId)
        .where('ended_at', 'is', null)
        .executeTakeFirst()
      if (!run) return false
      const result = await db
        .insertInto('attendance_sessions')
        .values({
          id: randomUUID(),
          run_id: run.id,
          meeting_id: join.meetingId,
          room_id: run.room_id,
          space_id: run.space_id,
          user_key: join.userKey,
          user_id: join.userId,
          name: join.name,
          kind: join.kind,
          role: join.role,
          joined_at: join.at,
          left_at: null,
        })
        .onConflict((oc) => oc.columns(['run_id', 'user_key']).where('left_at', 'is', null).doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
    },

    async recordLeave(meetingId, userKey, at) {
      const result = await db
        .updateTable('attendance_sessions')
        .set({ left_at: at })
        .where('meeting_id', '=', meetingId)
        .where('user_key', '=', userKey)
        .where('left_at', 'is', null)
        // A leave never predates its join (two instances' clocks, a late poll).
        .where('joined_at', '<=', at)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    async closeOpenSessions(meetingId, at, tx) {
      const q = tx ? asOwn(tx) : db
      const result = await q
        .updateTable('attendance_sessions')
        .set((eb) => ({ left_at: eb.case().when('joined_at', '>', at).then(eb.ref('joined_at')).else(at).end() }))
        .where('meeting_id', '=', meetingId)
        .where('left_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },

    async listRuns(roomId, page = {}) {
      const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), 200)
      const offset = Math.max(Math.trunc(page.offset ?? 0), 0)
      const [rows, { n }] = await Promise.all([
        runs(db).where('room_id', '=', roomId).orderBy('started_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
        db
          .selectFrom('meeting_runs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('room_id', '=', roomId)
          .where('create_time', 'is not', null)
          .executeTakeFirstOrThrow(),
      ])
      return { runs: rows.map(toRun), total: toCount(n) }
    },

    async getRun(runId) {
      const row = await runs(db).where('id', '=', runId).executeTakeFirst()
      return row && toRun(row)
    },

    async findRunForAnalytics(meetingId, internalMeetingId) {
      if (internalMeetingId) {
        const row = await runs(db).where('internal_meeting_id', '=', internalMeetingId).executeTakeFirst()
        if (row) return toRun(row)
      }
      const row = await runs(db).where('meeting_id', '=', meetingId).orderBy('started_at', 'desc').executeTakeFirst()
      return row && toRun(row)
    },

    async listSessions(runId) {
      const rows = await db
        .selectFrom('attendance_sessions')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('joined_at')
        .orderBy('id')
        .execute()
      return rows.map(toSession)
    },

    async saveStats(runId, stats, receivedAt) {
      await ctx.transaction(async (tx) => {
        const q = asOwn(tx)
        const run = await q.selectFrom('meeting_runs').select('space_id').where('id', '=', runId).executeTakeFirst()
        if (!run) return
        await q.deleteFrom('attendance_stats').where('run_id', '=', runId).execute()
        const seen = new Set<string>()
        for (const s of stats) {
          if (seen.has(s.userKey)) continue
          seen.add(s.userKey)
          await q
            .insertInto('attendance_stats')
            .values({
              run_id: runId,
              user_key: s.userKey,
              space_id: run.space_id,
              user_id: s.userId,
              name: s.name,
              talk_seconds: s.talkSeconds,
              messages: s.messages,
              webcam_seconds: s.webcamSeconds,
              received_at: receivedAt,
            })
            .execute()
        }
      })
    },

    async listStats(runId) {
      const rows = await db.selectFrom('attendance_stats').selectAll().where('run_id', '=', runId).orderBy('name').execute()
      return rows.map(toStats)
    },
  }
}
