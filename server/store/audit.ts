import type { Db, StoreContext } from './context.js'
import { parseJson, toCount } from './context.js'
import type { AuditTable } from './schema.js'
import type { AuditEntry, AuditPage, AuditQuery, NewAuditEntry } from '../model/index.js'
import type { AuditLog } from './types.js'
import { batcher } from './batcher.js'

const DEFAULT_PAGE = 50
const MAX_PAGE = 500

type Row = Omit<AuditTable, 'id'> & { id: number; room_name?: string | null }

function toEntry(row: Row): AuditEntry {
  const details = parseJson<Record<string, unknown>>(row.details, {})
  return {
    id: Number(row.id),
    at: Number(row.at),
    actor: row.actor,
    actorName: row.actor_name,
    spaceId: row.space_id,
    roomId: row.room_id,
    // The room's name now, else (a deleted room) the name its own entries recorded.
    roomName: row.room_name ?? (row.room_id !== null && typeof details.name === 'string' ? details.name : null),
    action: row.action,
    details,
  }
}

/** The columns of an audit entry, stamped `now` unless it carries its own `at`. */
function rowOf(entry: NewAuditEntry, now: number): Omit<Row, 'id'> {
  return {
    at: entry.at ?? now,
    actor: entry.actor,
    actor_name: entry.actorName ?? null,
    space_id: entry.spaceId ?? null,
    room_id: entry.roomId ?? null,
    action: entry.action,
    details: JSON.stringify(entry.details ?? {}),
  }
}

/**
 * Appends an audit entry with `q` (the database, or a transaction the entry belongs to), stamped `now` unless it
 * carries its own `at`.
 */
export async function insertAudit(q: Db, entry: NewAuditEntry, now: number): Promise<AuditEntry> {
  const values = rowOf(entry, now)
  const { id } = await q.insertInto('audit').values(values).returning('id').executeTakeFirstOrThrow()
  return toEntry({ ...values, id })
}

/** One audit row as a prepared statement (SQLite's synchronous batches: here, and seat admission's). */
export const INSERT_AUDIT_ROW = `insert into audit (at, actor, actor_name, space_id, room_id, action, details) values (?, ?, ?, ?, ?, ?, ?)`

export function auditQueries(ctx: StoreContext): AuditLog {
  const { db, clock, immediate } = ctx
  // Entries asked for together (a burst of refused joins writes one each) are appended together. SQLite: one
  // synchronous transaction of a prepared insert. PostgreSQL: one multi-row insert, one round trip and one commit
  // instead of a pool connection each.
  const appends = batcher<NewAuditEntry & { at: number }, AuditEntry>(
    200,
    immediate
      ? (entries) =>
          immediate((raw) => {
            const insert = raw.prepare(INSERT_AUDIT_ROW)
            return entries.map((entry) => {
              const row = rowOf(entry, entry.at)
              const { lastInsertRowid } = insert.run(row.at, row.actor, row.actor_name, row.space_id, row.room_id, row.action, row.details)
              return toEntry({ ...row, id: Number(lastInsertRowid) })
            })
          })
      : async (entries) => {
          const rows = entries.map((entry) => rowOf(entry, entry.at))
          // The ids are drawn row by row in the VALUES list's order, so sorted they are the rows' ids in order,
          // whatever order RETURNING gives them back in.
          const ids = (await db.insertInto('audit').values(rows).returning('id').execute()).map((r) => Number(r.id)).sort((a, b) => a - b)
          return rows.map((row, i) => toEntry({ ...row, id: ids[i] }))
        },
  )
  return {
    appendAudit: (entry: NewAuditEntry): Promise<AuditEntry> =>
      appends.submit({ ...entry, at: entry.at ?? clock.now() }),

    async listAudit(query: AuditQuery): Promise<AuditPage> {
      // Entries asked for before this read are in it.
      await appends.idle()
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_PAGE), 1), MAX_PAGE)
      const offset = Math.max(Math.trunc(query.offset ?? 0), 0)
      const { action } = query
      const filtered = db
        .selectFrom('audit')
        .$if(query.spaceId !== undefined, (q) => q.where('audit.space_id', '=', query.spaceId!))
        .$if(query.roomId !== undefined, (q) => q.where('audit.room_id', '=', query.roomId!))
        .$if(query.actor !== undefined, (q) => q.where('audit.actor', '=', query.actor!))
        .$if(query.from !== undefined, (q) => q.where('audit.at', '>=', query.from!))
        .$if(query.to !== undefined, (q) => q.where('audit.at', '<=', query.to!))
        .$if(action !== undefined && !action.endsWith('.'), (q) => q.where('audit.action', '=', action!))
        // A prefix by substr, not LIKE, so `_` and `%` in actions need no escaping.
        .$if(action !== undefined && action.endsWith('.'), (q) =>
          q.where((eb) => eb(eb.fn('substr', ['audit.action', eb.val(1), eb.val(action!.length)]), '=', action!)),
        )
      const [rows, { n }] = await Promise.all([
        filtered
          .leftJoin('rooms', 'rooms.id', 'audit.room_id')
          .selectAll('audit')
          .select('rooms.name as room_name')
          .orderBy('audit.at', 'desc')
          .orderBy('audit.id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute(),
        filtered.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ])
      return { entries: rows.map(toEntry), total: toCount(n) }
    },
  }
}
