import type { StoreContext } from './context.js'
import { parseJson } from './context.js'
import type { IdentitiesTable } from './schema.js'
import type { Identity, SpaceRole } from '../model/index.js'
import type { IdentityRepo } from './types.js'

function toIdentity(row: IdentitiesTable): Identity {
  return {
    sub: row.sub,
    name: row.name,
    email: row.email,
    external: row.external === 1,
    spaces: parseJson<Record<string, SpaceRole>>(row.spaces, {}),
    seenAt: Number(row.seen_at),
  }
}

export function identityQueries(ctx: StoreContext): IdentityRepo {
  const { db } = ctx
  return {
    async saveIdentity(identity: Identity): Promise<void> {
      const row: IdentitiesTable = {
        sub: identity.sub,
        name: identity.name,
        email: identity.email,
        email_key: identity.email ? identity.email.trim().toLowerCase() : null,
        external: identity.external ? 1 : 0,
        spaces: JSON.stringify(identity.spaces ?? {}),
        seen_at: identity.seenAt,
      }
      const update: Partial<IdentitiesTable> = { ...row }
      delete update.sub
      await db
        .insertInto('identities')
        .values(row)
        .onConflict((oc) => oc.column('sub').doUpdateSet(update))
        .execute()
    },

    async getIdentity(sub: string): Promise<Identity | undefined> {
      const row = await db.selectFrom('identities').selectAll().where('sub', '=', sub).executeTakeFirst()
      return row && toIdentity(row)
    },

    async listSpaceIdentities(spaceId: string, limit: number): Promise<Identity[]> {
      // The JSON text narrows the rows (space ids have no LIKE wildcard but `_`, which only widens); the parsed
      // roles decide.
      const rows = await db
        .selectFrom('identities')
        .selectAll()
        .where('spaces', 'like', `%${JSON.stringify(spaceId)}:%`)
        .execute()
      // Sorted here: both databases then agree on the order, whatever their collation.
      return rows
        .map(toIdentity)
        .filter((i) => Object.hasOwn(i.spaces, spaceId))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.sub < b.sub ? -1 : 1))
        .slice(0, limit)
    },

    async getIdentityByEmail(email: string): Promise<Identity | undefined> {
      const row = await db
        .selectFrom('identities')
        .selectAll()
        .where('email_key', '=', email.trim().toLowerCase())
        .orderBy('seen_at', 'desc')
        .executeTakeFirst()
      return row && toIdentity(row)
    },
  }
}
