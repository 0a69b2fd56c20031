import type { StoreContext } from './context.js'
import type { SpaceRepo } from './types.js'

export function spaceQueries(ctx: StoreContext): SpaceRepo {
  const { db } = ctx
  return {
    async getSpaceName(spaceId) {
      const row = await db.selectFrom('spaces').select('display_name').where('space_id', '=', spaceId).executeTakeFirst()
      return row?.display_name ?? null
    },

    async setSpaceName(spaceId, name, rename, now) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('spaces').select('display_name').where('space_id', '=', spaceId).executeTakeFirst()
        if (before?.display_name === name) return false
        await trx
          .insertInto('spaces')
          .values({ space_id: spaceId, display_name: name, updated_at: now })
          .onConflict((oc) => oc.column('space_id').doUpdateSet({ display_name: name, updated_at: now }))
          .execute()
        if (rename.from.length > 0) {
          await trx
            .updateTable('rooms')
            .set({ name: rename.to, updated_at: now })
            .where('space_id', '=', spaceId)
            .where('is_default', '=', 1)
            .where('name', 'in', [...rename.from])
            .execute()
        }
        return true
      })
    },
  }
}
