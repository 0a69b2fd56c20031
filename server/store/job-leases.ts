import type { Kysely } from 'kysely'
import type { StoreContext } from './context.js'
import type { JobLease } from './types.js'

/** The table of migration `0007-attendance`: one row per periodic job. */
interface JobLeasesTable {
  name: string
  owner: string | null
  lease_until: number | null
  last_done_at: number | null
}

type Tables = { job_leases: JobLeasesTable }

/** The lease of the periodic job `name` (its row in `job_leases`, added on first claim). */
export function createJobLease(ctx: Pick<StoreContext, 'db'>, name: string): JobLease {
  const db = ctx.db as unknown as Kysely<Tables>
  return {
    async claim(owner, now, ttlMs, doneSince) {
      await db
        .insertInto('job_leases')
        .values({ name, owner: null, lease_until: null, last_done_at: null })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute()
      const result = await db
        .updateTable('job_leases')
        .set({ owner, lease_until: now + ttlMs })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .where((eb) => eb.or([eb('last_done_at', 'is', null), eb('last_done_at', '<', doneSince)]))
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async done(owner, now) {
      await db
        .updateTable('job_leases')
        .set({ owner: null, lease_until: null, last_done_at: now })
        .where('name', '=', name)
        .where('owner', '=', owner)
        .execute()
    },
    async release(owner) {
      await db.updateTable('job_leases').set({ owner: null, lease_until: null }).where('name', '=', name).where('owner', '=', owner).execute()
    },
    async lastDone() {
      const row = await db.selectFrom('job_leases').select('last_done_at').where('name', '=', name).executeTakeFirst()
      return row?.last_done_at === null || row?.last_done_at === undefined ? null : Number(row.last_done_at)
    },
  }
}
