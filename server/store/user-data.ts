import { randomUUID } from 'node:crypto'
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { UserDataErasure } from '../contract/index.js'
import type { RoomSettings } from '../model/index.js'
import { parseJson, type StoreContext } from './context.js'
import type { AuditTable, IdentitiesTable, MeetingRunsTable, RoomsTable, ScheduledMeetingsTable } from './schema.js'
import type { UserDataRepo } from './types.js'

interface Tables {
  identities: IdentitiesTable
  audit: AuditTable
  meeting_runs: MeetingRunsTable
  rooms: RoomsTable
  scheduled_meetings: ScheduledMeetingsTable
  attendance_sessions: {
    id: string
    run_id: string
    room_id: string
    space_id: string
    user_key: string
    user_id: string | null
    name: string
    kind: string
    role: string
    joined_at: number
    left_at: number | null
  }
  attendance_stats: {
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
  meeting_invitations: { token: string; meeting_id: string; room_id: string; email: string; created_at: number; revoked_at: number | null }
  mail_outbox: { id: string; meeting_id: string; recipient: string; method: string; state: string; created_at: number; finished_at: number | null }
  recording_keeps: { record_id: string; kept_by: string }
}

const num = (v: unknown) => Number(v)
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v))

/**
 * The rows held about one person (RGPD articles 15 and 17), by the `sub` of their host tokens and their address:
 * gathered for an export, or erased (deleted where they exist only for them, anonymised where other people's
 * records need them) in one transaction. What stands for the erased person is the caller's.
 */
export function userDataQueries(ctx: Pick<StoreContext, 'db' | 'dialect' | 'transaction'>): UserDataRepo {
  const db = ctx.db as unknown as Kysely<Tables>
  /** `column` contains `text` (both dialects; no LIKE, so `%` and `_` need no escaping). */
  const contains = (column: string, text: string): Expression<SqlBool> =>
    ctx.dialect === 'postgres'
      ? sql<SqlBool>`strpos(lower(${sql.ref(column)}), ${text.toLowerCase()}) > 0`
      : sql<SqlBool>`instr(lower(${sql.ref(column)}), ${text.toLowerCase()}) > 0`

  async function organised(sub: string) {
    const rows = await db.selectFrom('scheduled_meetings').selectAll().where(contains('organizer', sub)).execute()
    return rows.filter((r) => parseJson<{ sub?: string }>(r.organizer, {}).sub === sub)
  }

  async function invitedTo(email: string | null) {
    if (!email) return []
    const rows = await db.selectFrom('scheduled_meetings').selectAll().where(contains('attendees', email)).execute()
    return rows.filter((r) => parseJson<Array<{ email?: string }>>(r.attendees, []).some((a) => a.email?.toLowerCase() === email))
  }

  async function coModerated(sub: string) {
    const rows = await db.selectFrom('rooms').select(['id', 'space_id', 'name', 'settings']).where(contains('settings', sub)).execute()
    return rows.filter((r) => parseJson<Partial<RoomSettings>>(r.settings, {}).coModerators?.includes(sub))
  }

  return {
    async userRecords(sub, email) {
      const [sessions, stats, audit, runs, mine, invited, rooms, invitations, mail] = await Promise.all([
        db.selectFrom('attendance_sessions').selectAll().where('user_id', '=', sub).orderBy('joined_at').execute(),
        db.selectFrom('attendance_stats').selectAll().where('user_id', '=', sub).orderBy('received_at').execute(),
        db.selectFrom('audit').selectAll().where('actor', '=', sub).orderBy('at').orderBy('id').execute(),
        db.selectFrom('meeting_runs').selectAll().where('started_by', '=', sub).orderBy('started_at').execute(),
        organised(sub),
        invitedTo(email),
        coModerated(sub),
        email ? db.selectFrom('meeting_invitations').selectAll().where(sql`lower(email)`, '=', email).execute() : [],
        email ? db.selectFrom('mail_outbox').select(['id', 'meeting_id', 'method', 'state', 'created_at', 'finished_at']).where(sql`lower(recipient)`, '=', email).execute() : [],
      ])
      const meeting = (r: ScheduledMeetingsTable, as: 'organizer' | 'attendee') => ({ id: r.id, roomId: r.room_id, title: r.title, start: num(r.start_at), end: num(r.end_at), as })
      return {
        attendance: sessions.map((s) => ({
          runId: s.run_id,
          roomId: s.room_id,
          spaceId: s.space_id,
          name: s.name,
          kind: s.kind,
          role: s.role,
          joinedAt: num(s.joined_at),
          leftAt: numOrNull(s.left_at),
        })),
        analytics: stats.map((s) => ({
          runId: s.run_id,
          spaceId: s.space_id,
          name: s.name,
          talkSeconds: numOrNull(s.talk_seconds),
          messages: numOrNull(s.messages),
          webcamSeconds: numOrNull(s.webcam_seconds),
          receivedAt: num(s.received_at),
        })),
        audit: audit.map((a) => ({
          id: num(a.id),
          at: num(a.at),
          action: a.action,
          spaceId: a.space_id,
          roomId: a.room_id,
          details: parseJson<Record<string, unknown>>(a.details, {}),
        })),
        runsStarted: runs.map((r) => ({ runId: r.id, roomId: r.room_id, spaceId: r.space_id, startedAt: num(r.started_at), endedAt: numOrNull(r.ended_at) })),
        scheduledMeetings: [...mine.map((r) => meeting(r, 'organizer')), ...invited.filter((r) => !mine.some((m) => m.id === r.id)).map((r) => meeting(r, 'attendee'))],
        invitations: invitations.map((i) => ({ meetingId: i.meeting_id, roomId: i.room_id, email: i.email, createdAt: num(i.created_at), revokedAt: numOrNull(i.revoked_at) })),
        mail: mail.map((m) => ({ id: m.id, meetingId: m.meeting_id, method: m.method, state: m.state, createdAt: num(m.created_at), finishedAt: numOrNull(m.finished_at) })),
        coModeratorOf: rooms.map((r) => ({ roomId: r.id, spaceId: r.space_id, name: r.name })),
      }
    },

    coModeratedRoomIds: async (sub) => (await coModerated(sub)).map((r) => r.id),

    async eraseUserRecords(sub, email, marks) {
      const { personal, erased: ERASED, anonymousName: ANONYMOUS_NAME } = marks
      // Read before the transaction: on SQLite it holds the one connection.
      const [mine, invited] = await Promise.all([organised(sub), invitedTo(email)])
      return ctx.transaction(async (trx) => {
        const tx = trx as unknown as Kysely<Tables>
        const counts: Omit<UserDataErasure, 'coModeratorOf'> = { identity: 0, attendance: 0, analytics: 0, audit: 0, runsStarted: 0, scheduledMeetings: 0, invitations: 0, mail: 0 }
        counts.identity = Number((await tx.deleteFrom('identities').where('sub', '=', sub).executeTakeFirst()).numDeletedRows)

        // One new key per former key, the same in sessions and figures, so a run's rows still pair up.
        const keys = new Set([
          ...(await tx.selectFrom('attendance_sessions').select('user_key').where('user_id', '=', sub).execute()).map((r) => r.user_key),
          ...(await tx.selectFrom('attendance_stats').select('user_key').where('user_id', '=', sub).execute()).map((r) => r.user_key),
        ])
        for (const key of keys) {
          const anonymous = `${ERASED}:${randomUUID()}`
          counts.attendance += Number(
            (await tx.updateTable('attendance_sessions').set({ user_key: anonymous, user_id: null, name: ANONYMOUS_NAME }).where('user_id', '=', sub).where('user_key', '=', key).executeTakeFirst()).numUpdatedRows,
          )
          counts.analytics += Number(
            (await tx.updateTable('attendance_stats').set({ user_key: anonymous, user_id: null, name: ANONYMOUS_NAME }).where('user_id', '=', sub).where('user_key', '=', key).executeTakeFirst()).numUpdatedRows,
          )
        }

        const entries = await tx.selectFrom('audit').select(['id', 'details']).where('actor', '=', sub).execute()
        for (const entry of entries) {
          const details = parseJson<Record<string, unknown>>(entry.details, {})
          for (const [k, v] of Object.entries(details)) if (typeof v === 'string' && personal.some((p) => v.includes(p))) details[k] = ERASED
          await tx.updateTable('audit').set({ actor: ERASED, actor_name: null, details: JSON.stringify(details) }).where('id', '=', entry.id).execute()
        }
        counts.audit = entries.length
        counts.runsStarted = Number((await tx.updateTable('meeting_runs').set({ started_by: ERASED }).where('started_by', '=', sub).executeTakeFirst()).numUpdatedRows)

        const changed = new Set<string>()
        for (const m of mine) {
          await tx.updateTable('scheduled_meetings').set({ organizer: JSON.stringify({ sub: ERASED, name: '', email: null }) }).where('id', '=', m.id).execute()
          changed.add(m.id)
        }
        for (const m of invited) {
          const attendees = parseJson<Array<{ email?: string }>>(m.attendees, []).filter((a) => a.email?.toLowerCase() !== email)
          await tx.updateTable('scheduled_meetings').set({ attendees: JSON.stringify(attendees) }).where('id', '=', m.id).execute()
          changed.add(m.id)
        }
        counts.scheduledMeetings = changed.size
        if (email) {
          counts.invitations = Number((await tx.deleteFrom('meeting_invitations').where(sql`lower(email)`, '=', email).executeTakeFirst()).numDeletedRows)
          counts.mail = Number((await tx.deleteFrom('mail_outbox').where(sql`lower(recipient)`, '=', email).executeTakeFirst()).numDeletedRows)
        }
        await tx.updateTable('recording_keeps').set({ kept_by: ERASED }).where('kept_by', '=', sub).execute()
        return counts
      })
    },
  }
}
