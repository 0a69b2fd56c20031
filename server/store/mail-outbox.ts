import type { Kysely } from 'kysely'
import type { Invitation, StoredMail } from '../model/index.js'
import type { Db, StoreContext } from './context.js'
import { leasedQueue, outboxOf, pendingRow } from './leased-queue.js'
import type { MailOutbox } from './types.js'

/** The mail outbox (migration `0004-mail-outbox`): one row per message to one recipient. */
export interface MailOutboxTable {
  seq: number
  /** Also the local part of the Message-ID, so a retried message keeps its id. */
  id: string
  meeting_id: string
  stream: string
  recipient: string
  method: 'REQUEST' | 'CANCEL'
  sequence: number
  /** The message ({@link StoredMail}) as JSON. */
  body: string
  created_at: number
  /** `pending` until the SMTP server took it, `failed` once refused for good or given up. */
  state: 'pending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: number
  lease_owner: string | null
  lease_until: number | null
  last_error: string | null
  finished_at: number | null
}

/** The personal guest links of external attendees (same migration). */
export interface MeetingInvitationsTable {
  token: string
  meeting_id: string
  room_id: string
  email: string
  name: string | null
  created_at: number
  revoked_at: number | null
}

type Tables = { mail_outbox: MailOutboxTable; meeting_invitations: MeetingInvitationsTable }
type MailDb = Kysely<Tables>

function toInvitation(r: MeetingInvitationsTable): Invitation {
  return {
    token: r.token,
    meetingId: r.meeting_id,
    roomId: r.room_id,
    email: r.email,
    name: r.name,
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }
}

/** The mail outbox and invitation queries on the store's database (SQLite or PostgreSQL); leases are the store's `leasedQueue`. */
export function createMailOutbox(ctx: Pick<StoreContext, 'db' | 'dialect'>): MailOutbox {
  const db = ctx.db.withTables<Tables>() as unknown as MailDb
  const on = (tx?: Db): MailDb => (tx ? (tx.withTables<Tables>()) : db)
  // One recipient's messages of one meeting go in order (an update never overtakes its invitation).
  const queue = leasedQueue<MailOutboxTable>(ctx, { table: 'mail_outbox', stream: 'stream', done: 'sent', columns: ['id', 'meeting_id', 'recipient', 'body'] })

  return {
    ...outboxOf(queue, (r) => ({
      seq: Number(r.seq),
      id: r.id,
      meetingId: r.meeting_id,
      recipient: r.recipient,
      mail: JSON.parse(r.body) as StoredMail,
      createdAt: Number(r.created_at),
      attempts: Number(r.attempts),
    })),

    async add(tx, mail, meta, now) {
      await on(tx)
        .insertInto('mail_outbox')
        .values({
          id: mail.messageId,
          meeting_id: meta.meetingId,
          stream: `${meta.meetingId} ${mail.to.address.toLowerCase()}`,
          recipient: mail.to.address.toLowerCase(),
          method: mail.method,
          sequence: meta.sequence,
          body: JSON.stringify(mail),
          ...pendingRow(now),
        } as never)
        .execute()
    },


    async listForMeeting(meetingId) {
      const rows = await db
        .selectFrom('mail_outbox')
        .select(['id', 'recipient', 'method', 'sequence', 'state', 'attempts', 'last_error', 'created_at', 'finished_at'])
        .where('meeting_id', '=', meetingId)
        .orderBy('seq', 'asc')
        .execute()
      return rows.map((r) => ({
        id: r.id,
        recipient: r.recipient,
        method: r.method,
        sequence: Number(r.sequence),
        state: r.state,
        attempts: Number(r.attempts),
        lastError: r.last_error,
        createdAt: Number(r.created_at),
        finishedAt: r.finished_at === null ? null : Number(r.finished_at),
      }))
    },

    async latestFor(meetingId, recipient) {
      const row = await db
        .selectFrom('mail_outbox')
        .select(['body', 'sequence'])
        .where('meeting_id', '=', meetingId)
        .where('recipient', '=', recipient.toLowerCase())
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row && { mail: JSON.parse(row.body) as StoredMail, sequence: Number(row.sequence) }
    },

    async counts() {
      const rows = await db
        .selectFrom('mail_outbox')
        .select((eb) => ['state', eb.fn.countAll().as('n')])
        .groupBy('state')
        .execute()
      const counts = { pending: 0, sent: 0, failed: 0 }
      for (const row of rows) counts[row.state] = Number(row.n)
      return counts
    },

    async addInvitation(tx, i) {
      await on(tx)
        .insertInto('meeting_invitations')
        .values({
          token: i.token,
          meeting_id: i.meetingId,
          room_id: i.roomId,
          email: i.email.toLowerCase(),
          name: i.name,
          created_at: i.createdAt,
          revoked_at: i.revokedAt,
        })
        .execute()
    },

    async invitations(meetingId, tx) {
      const rows = await on(tx).selectFrom('meeting_invitations').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').execute()
      return rows.map(toInvitation)
    },

    async getInvitation(token) {
      const row = await db.selectFrom('meeting_invitations').selectAll().where('token', '=', token).executeTakeFirst()
      return row && toInvitation(row)
    },

    async revokeInvitations(meetingId, emails, now, tx) {
      if (emails !== null && emails.length === 0) return 0
      const result = await on(tx)
        .updateTable('meeting_invitations')
        .set({ revoked_at: now })
        .where('meeting_id', '=', meetingId)
        .where('revoked_at', 'is', null)
        .$if(emails !== null, (q) => q.where('email', 'in', (emails ?? []).map((e) => e.toLowerCase())))
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
  }
}
