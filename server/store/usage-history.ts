import { sql, type Kysely } from 'kysely'
import type { SpacePeak, UsageBucket, UsageRetention } from '../model/index.js'
import type { StoreContext } from './context.js'
import type { UsageHistoryRepo } from './types.js'

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

/** The key of the whole service's rows (a space id is never empty). */
export const ALL_SPACES = ''

/** How long each resolution is kept by default: 30 days of minutes, 400 days of hours. */
export const DEFAULT_RETENTION: UsageRetention = { minuteMs: 30 * DAY_MS, hourMs: 400 * DAY_MS }

/** Tables created by the store's migration `0005-usage-history`. */
interface UsageMinutesTable {
  minute: number
  space_id: string
  participants: number
  internal: number
  external: number
  meetings: number
}

interface UsageHoursTable {
  hour: number
  space_id: string
  minutes: number
  participants_max: number
  participants_sum: number
  internal_max: number
  internal_sum: number
  external_max: number
  external_sum: number
  meetings_max: number
  meetings_sum: number
}

type Tables = { usage_minutes: UsageMinutesTable; usage_hours: UsageHoursTable }

/** Inlined (not a parameter) so PostgreSQL sees the grouped expression and the selected one as the same. */
const H = sql.lit(HOUR_MS)

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0))

interface BucketRow {
  at: number | string
  minutes: number | string
  p_max: number | string
  p_sum: number | string
  i_max: number | string
  i_sum: number | string
  e_max: number | string
  e_sum: number | string
  m_max: number | string
  m_sum: number | string
}

function toBucket(row: BucketRow): UsageBucket {
  return {
    at: num(row.at),
    minutes: num(row.minutes),
    participants: { max: num(row.p_max), sum: num(row.p_sum) },
    internal: { max: num(row.i_max), sum: num(row.i_sum) },
    external: { max: num(row.e_max), sum: num(row.e_sum) },
    meetings: { max: num(row.m_max), sum: num(row.m_sum) },
  }
}

export function createUsageHistoryRepo(ctx: Pick<StoreContext, 'db' | 'dialect' | 'transaction'>, retention = DEFAULT_RETENTION): UsageHistoryRepo {
  const db = ctx.db.withTables<Tables>() as unknown as Kysely<Tables>

  /** The start of the first hour not rolled up yet (null: none rolled up). */
  const rolledUntil = async (): Promise<number | null> => {
    const row = await db
      .selectFrom('usage_hours')
      .select((eb) => eb.fn.max('hour').as('last'))
      .where('space_id', '=', ALL_SPACES)
      .executeTakeFirst()
    return row?.last === null || row?.last === undefined ? null : num(row.last) + HOUR_MS
  }

  /** Hours aggregated from minutes (not rolled up yet), with the space's missing minutes counted as 0. */
  const hoursFromMinutes = async (spaceId: string, from: number, to: number): Promise<UsageBucket[]> => {
    if (from >= to) return []
    const { rows } = await sql<BucketRow>`
      select g.minute - (g.minute % ${H}) as at, count(*) as minutes,
        max(coalesce(s.participants, 0)) as p_max, sum(coalesce(s.participants, 0)) as p_sum,
        max(coalesce(s.internal, 0)) as i_max, sum(coalesce(s.internal, 0)) as i_sum,
        max(coalesce(s.external, 0)) as e_max, sum(coalesce(s.external, 0)) as e_sum,
        max(coalesce(s.meetings, 0)) as m_max, sum(coalesce(s.meetings, 0)) as m_sum
      from usage_minutes g
      left join usage_minutes s on s.minute = g.minute and s.space_id = ${spaceId}
      where g.space_id = ${ALL_SPACES} and g.minute >= ${from} and g.minute < ${to}
      group by g.minute - (g.minute % ${H})
      order by 1`.execute(db)
    return rows.map(toBucket)
  }

  return {
    async recordMinute(sample) {
      return ctx.transaction(async (tx) => {
        const t = tx.withTables<Tables>() as unknown as Kysely<Tables>
        const claimed = await t
          .insertInto('usage_minutes')
          .values({ minute: sample.minute, space_id: ALL_SPACES, ...sample.total })
          .onConflict((oc) => oc.columns(['minute', 'space_id']).doNothing())
          .executeTakeFirst()
        if (!claimed.numInsertedOrUpdatedRows) return false
        const spaces = sample.spaces.filter((s) => s.spaceId !== ALL_SPACES)
        for (let i = 0; i < spaces.length; i += 200) {
          await t
            .insertInto('usage_minutes')
            .values(
              spaces.slice(i, i + 200).map((s) => ({
                minute: sample.minute,
                space_id: s.spaceId,
                participants: s.participants,
                internal: s.internal,
                external: s.external,
                meetings: s.meetings,
              })),
            )
            .onConflict((oc) => oc.columns(['minute', 'space_id']).doNothing())
            .execute()
        }
        return true
      })
    },

    async rollUp(now) {
      const until = now - (now % HOUR_MS)
      const rolled = await rolledUntil()
      const first = await db
        .selectFrom('usage_minutes')
        .select((eb) => eb.fn.min('minute').as('first'))
        .where('space_id', '=', ALL_SPACES)
        .$if(rolled !== null, (q) => q.where('minute', '>=', rolled!))
        .executeTakeFirst()
      if (first?.first !== null && first?.first !== undefined) {
        const from = num(first.first) - (num(first.first) % HOUR_MS)
        if (from < until) {
          await sql`
            insert into usage_hours (hour, space_id, minutes, participants_max, participants_sum, internal_max,
              internal_sum, external_max, external_sum, meetings_max, meetings_sum)
            select h.hour, m.space_id, h.n, max(m.participants), sum(m.participants), max(m.internal), sum(m.internal),
              max(m.external), sum(m.external), max(m.meetings), sum(m.meetings)
            from usage_minutes m
            join (
              select minute - (minute % ${H}) as hour, count(*) as n from usage_minutes
              where space_id = ${ALL_SPACES} and minute >= ${from} and minute < ${until}
              group by minute - (minute % ${H})
            ) h on h.hour = m.minute - (m.minute % ${H})
            where m.minute >= ${from} and m.minute < ${until}
            group by h.hour, m.space_id, h.n
            on conflict (hour, space_id) do update set
              minutes = excluded.minutes,
              participants_max = excluded.participants_max, participants_sum = excluded.participants_sum,
              internal_max = excluded.internal_max, internal_sum = excluded.internal_sum,
              external_max = excluded.external_max, external_sum = excluded.external_sum,
              meetings_max = excluded.meetings_max, meetings_sum = excluded.meetings_sum`.execute(db)
        }
      }
      // Only what is rolled up goes: minutes of the hour in progress are younger than any retention.
      await db.deleteFrom('usage_minutes').where('minute', '<', Math.min(until, now - retention.minuteMs)).execute()
      await db.deleteFrom('usage_hours').where('hour', '<', now - retention.hourMs).execute()
    },

    async minutes(spaceId, from, to) {
      const { rows } = await sql<BucketRow>`
        select g.minute as at, 1 as minutes,
          coalesce(s.participants, 0) as p_max, coalesce(s.participants, 0) as p_sum,
          coalesce(s.internal, 0) as i_max, coalesce(s.internal, 0) as i_sum,
          coalesce(s.external, 0) as e_max, coalesce(s.external, 0) as e_sum,
          coalesce(s.meetings, 0) as m_max, coalesce(s.meetings, 0) as m_sum
        from usage_minutes g
        left join usage_minutes s on s.minute = g.minute and s.space_id = ${spaceId}
        where g.space_id = ${ALL_SPACES} and g.minute >= ${from} and g.minute < ${to}
        order by g.minute`.execute(db)
      return rows.map(toBucket)
    },

    async hours(spaceId, from, to) {
      const rolled = (await rolledUntil()) ?? from
      const split = Math.min(Math.max(from, rolled), to)
      const { rows } = await sql<BucketRow>`
        select g.hour as at, g.minutes,
          coalesce(s.participants_max, 0) as p_max, coalesce(s.participants_sum, 0) as p_sum,
          coalesce(s.internal_max, 0) as i_max, coalesce(s.internal_sum, 0) as i_sum,
          coalesce(s.external_max, 0) as e_max, coalesce(s.external_sum, 0) as e_sum,
          coalesce(s.meetings_max, 0) as m_max, coalesce(s.meetings_sum, 0) as m_sum
        from usage_hours g
        left join usage_hours s on s.hour = g.hour and s.space_id = ${spaceId}
        where g.space_id = ${ALL_SPACES} and g.hour >= ${from} and g.hour < ${split}
        order by g.hour`.execute(db)
      return [...rows.map(toBucket), ...(await hoursFromMinutes(spaceId, split, to))]
    },

    async spacePeaks(from, to, limit) {
      const rolled = (await rolledUntil()) ?? from
      const split = Math.min(Math.max(from, rolled), to)
      const [hourly, recent] = await Promise.all([
        db
          .selectFrom('usage_hours')
          .select((eb) => ['space_id', eb.fn.max('participants_max').as('peak'), eb.fn.sum('participants_sum').as('total')])
          .where('space_id', '<>', ALL_SPACES)
          .where('hour', '>=', from)
          .where('hour', '<', split)
          .groupBy('space_id')
          .execute(),
        db
          .selectFrom('usage_minutes')
          .select((eb) => ['space_id', eb.fn.max('participants').as('peak'), eb.fn.sum('participants').as('total')])
          .where('space_id', '<>', ALL_SPACES)
          .where('minute', '>=', split)
          .where('minute', '<', to)
          .groupBy('space_id')
          .execute(),
      ])
      const peaks = new Map<string, SpacePeak>()
      for (const row of [...hourly, ...recent]) {
        const seen = peaks.get(row.space_id) ?? { spaceId: row.space_id, peak: 0, sum: 0 }
        seen.peak = Math.max(seen.peak, num(row.peak))
        seen.sum += num(row.total)
        peaks.set(row.space_id, seen)
      }
      return [...peaks.values()]
        .filter((p) => p.peak > 0)
        .sort((a, b) => b.peak - a.peak || b.sum - a.sum || a.spaceId.localeCompare(b.spaceId))
        .slice(0, limit)
    },

    async rowCounts() {
      const [m, h] = await Promise.all([
        db.selectFrom('usage_minutes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom('usage_hours').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      ])
      return { minutes: num(m.n), hours: num(h.n) }
    },
  }
}
