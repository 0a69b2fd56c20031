import type { StoreContext } from './context.js'
import { parseJson } from './context.js'
import type { IdentitiesTable } from './schema.js'
import type { Identity, SpaceRole } from '../model/index.js'
import type { IdentityRepo } from './types.js'
import { batcher } from './batcher.js'

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

const UPSERT = `insert into identities (sub, name, email, email_key, external, spaces, seen_at) values (?, ?, ?, ?, ?, ?, ?)
  on conflict (sub) do update set name = excluded.name, email = excluded.email, email_key = excluded.email_key,
  external = excluded.external, spaces = excluded.spaces, seen_at = excluded.seen_at`

/** The most identities one statement writes. */
const MAX_BATCH = 200

function toRow(identity: Identity): IdentitiesTable {
  return {
    sub: identity.sub,
    name: identity.name,
    email: identity.email,
    email_key: identity.email ? identity.email.trim().toLowerCase() : null,
    external: identity.external ? 1 : 0,
    spaces: JSON.stringify(identity.spaces ?? {}),
    seen_at: identity.seenAt,
  }
}

export function identityQueries(ctx: StoreContext): IdentityRepo {
  const { db } = ctx
  // Every new person's first request saves who they are: under a rush, one upsert per batch instead of one per
  // request (issue 21). A person twice in a batch is written once, as last seen.
  const writes = batcher<Identity, void>(MAX_BATCH, async (identities) => {
    const rows = [...new Map(identities.map((i) => [i.sub, toRow(i)])).values()]
    if (ctx.immediate) {
      // SQLite: one synchronous transaction of a prepared upsert (no statement to compile per batch).
      await ctx.immediate((raw) => {
        const upsert = raw.prepare(UPSERT)
        for (const r of rows) upsert.run(r.sub, r.name, r.email, r.email_key, r.external, r.spaces, r.seen_at)
      })
    } else {
      await db
        .insertInto('identities')
        .values(rows)
        .onConflict((oc) =>
          oc.column('sub').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            email_key: eb.ref('excluded.email_key'),
            external: eb.ref('excluded.external'),
            spaces: eb.ref('excluded.spaces'),
            seen_at: eb.ref('excluded.seen_at'),
          })),
        )
        .execute()
    }
    return identities.map(() => undefined)
  })
  // Reads see every write already asked for.
  const read = async <T>(query: () => Promise<T>): Promise<T> => {
    await writes.idle()
    return query()
  }

  return {
    saveIdentity: (identity: Identity): Promise<void> => writes.submit(identity),

    async getIdentity(sub: string): Promise<Identity | undefined> {
      const row = await read(() => db.selectFrom('identities').selectAll().where('sub', '=', sub).executeTakeFirst())
      return row && toIdentity(row)
    },

    async listSpaceIdentities(spaceId: string, limit: number): Promise<Identity[]> {
      // The JSON text narrows the rows (space ids have no LIKE wildcard but `_`, which only widens); the parsed
      // roles decide.
      const rows = await read(() =>
        db
          .selectFrom('identities')
          .selectAll()
          .where('spaces', 'like', `%${JSON.stringify(spaceId)}:%`)
          .execute(),
      )
      // Sorted here: both databases then agree on the order, whatever their collation.
      return rows
        .map(toIdentity)
        .filter((i) => Object.hasOwn(i.spaces, spaceId))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.sub < b.sub ? -1 : 1))
        .slice(0, limit)
    },

    async getIdentityByEmail(email: string): Promise<Identity | undefined> {
      const row = await read(() =>
        db
          .selectFrom('identities')
          .selectAll()
          .where('email_key', '=', email.trim().toLowerCase())
          .orderBy('seen_at', 'desc')
          .executeTakeFirst(),
      )
      return row && toIdentity(row)
    },
  }
}
