import { sql } from 'kysely'
import type { StoreContext } from './context.js'
import { parseJson } from './context.js'
import type { DefaultLimits, GlobalLimits, LicenceLimits, Policies, SpaceLimits } from '../model/index.js'
import type { LimitsRepo } from './types.js'

/** What holds when nothing was ever stored: no caps, moderators counted, every policy optional. */
export const DEFAULT_GLOBAL_LIMITS: Readonly<GlobalLimits> = Object.freeze<GlobalLimits>({
  licence: { maxParticipants: null, maxInternal: null, maxExternal: null, maxMeetings: null },
  defaults: {
    maxParticipantsPerMeeting: null,
    maxDurationMinutes: null,
    maxConcurrentMeetings: null,
    countModerators: true,
  },
  policies: {
    record: 'optional',
    guestsAllowed: 'optional',
    waitingRoom: 'optional',
    anyoneCanStart: 'optional',
    accessCode: 'optional',
  },
})

const GLOBAL_KEY = 'limits'

function toGlobal(value: string | undefined): GlobalLimits {
  const stored = parseJson<Partial<{ licence: Partial<LicenceLimits>; defaults: Partial<DefaultLimits>; policies: Partial<Policies> }>>(
    value,
    {},
  )
  // Merged over the defaults, so a setting added later reads as its default until changed.
  return {
    licence: { ...DEFAULT_GLOBAL_LIMITS.licence, ...stored.licence },
    defaults: { ...DEFAULT_GLOBAL_LIMITS.defaults, ...stored.defaults },
    policies: { ...DEFAULT_GLOBAL_LIMITS.policies, ...stored.policies },
  }
}

function toSpace(value: string | undefined): SpaceLimits {
  const stored = parseJson<Partial<SpaceLimits>>(value, {})
  return { limits: { ...stored.limits }, policies: { ...stored.policies } }
}

export function limitQueries(
  ctx: StoreContext,
): LimitsRepo {
  const { db } = ctx
  return {
    async getGlobalLimits(): Promise<GlobalLimits> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', GLOBAL_KEY).executeTakeFirst()
      return toGlobal(row?.value)
    },

    async getLimits(spaceId: string): Promise<{ global: GlobalLimits; space: SpaceLimits }> {
      const rows = await db
        .selectFrom('settings')
        .select([sql<string>`'global'`.as('kind'), 'value'])
        .where('key', '=', GLOBAL_KEY)
        .unionAll(
          db.selectFrom('space_limits').select([sql<string>`'space'`.as('kind'), 'value']).where('space_id', '=', spaceId),
        )
        .execute()
      return {
        global: toGlobal(rows.find((r) => r.kind === 'global')?.value),
        space: toSpace(rows.find((r) => r.kind === 'space')?.value),
      }
    },

    async putGlobalLimits(limits: GlobalLimits, now: number): Promise<void> {
      const value = JSON.stringify({ licence: limits.licence, defaults: limits.defaults, policies: limits.policies })
      await db
        .insertInto('settings')
        .values({ key: GLOBAL_KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute()
    },

    async getSpaceLimits(spaceId: string): Promise<SpaceLimits> {
      const row = await db.selectFrom('space_limits').select('value').where('space_id', '=', spaceId).executeTakeFirst()
      return toSpace(row?.value)
    },

    async putSpaceLimits(spaceId: string, limits: SpaceLimits, now: number): Promise<void> {
      const value = JSON.stringify({ limits: limits.limits ?? {}, policies: limits.policies ?? {} })
      await db
        .insertInto('space_limits')
        .values({ space_id: spaceId, value, updated_at: now })
        .onConflict((oc) => oc.column('space_id').doUpdateSet({ value, updated_at: now }))
        .execute()
    },
  }
}
