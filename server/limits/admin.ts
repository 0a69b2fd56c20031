import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import type { UsageReport } from '../contract/limits.js'
import type { GlobalLimits, SpaceLimits, Usage } from '../model/index.js'
import type { Store } from '../store/types.js'
import { resolveLimits, roomRules, type EffectiveLimits } from './effective.js'
import {
  checkGlobal,
  checkSpace,
  diffLimits,
  globalLimitsInput,
  mergeGlobal,
  parseLimits,
  spaceLimitsInput,
  toSpaceLimits,
} from './schema.js'

/**
 * Applies a `PUT /admin/limits` body over the stored global limits: validated as a whole before anything is
 * written (`400 invalid_limits` naming the field), then stored and audited as `limits.changed` with the
 * before/after of each changed value. Returns the limits in force after.
 */
export async function changeGlobalLimits(store: Store, actor: Principal, body: unknown, now: number): Promise<GlobalLimits> {
  const input = parseLimits(globalLimitsInput, body)
  const current = await store.getGlobalLimits()
  const next = mergeGlobal(current, input)
  checkGlobal(next)
  const changes = diffLimits(current, next)
  if (Object.keys(changes).length === 0) return current
  await store.putGlobalLimits(next, now)
  await store.appendAudit({
    actor: actor.sub,
    actorName: actor.name,
    spaceId: null,
    roomId: null,
    action: 'limits.changed',
    details: { changes },
    at: now,
  })
  return next
}

export interface SpaceLimitsView extends SpaceLimits {
  spaceId: string
  /** The space's limits and policies in force (its overrides over the global defaults). */
  effective: EffectiveLimits
}

export async function spaceLimitsView(store: Store, spaceId: string): Promise<SpaceLimitsView> {
  const [global, space] = await Promise.all([store.getGlobalLimits(), store.getSpaceLimits(spaceId)])
  return { spaceId, limits: space.limits, policies: space.policies, effective: resolveLimits(global, space) }
}

/**
 * Replaces a space's overrides (`PUT /admin/spaces/:spaceId/limits`): keys present override, `null` means
 * unlimited, absent keys inherit. A value above the licence is `400 invalid_limits`. Audited as
 * `space_limits.changed` when something changed.
 */
export async function changeSpaceLimits(
  store: Store,
  actor: Principal,
  spaceId: string,
  body: unknown,
  now: number,
): Promise<SpaceLimitsView> {
  const input = parseLimits(spaceLimitsInput, body)
  if (input.spaceId !== undefined && input.spaceId !== spaceId) {
    throw new AppError('invalid_limits', 'spaceId: does not match the path', { details: { field: 'spaceId', reason: 'does not match the path', rule: 'invalid' } })
  }
  const next = toSpaceLimits(input)
  const [global, current] = await Promise.all([store.getGlobalLimits(), store.getSpaceLimits(spaceId)])
  checkSpace(next, global)
  const changes = diffLimits(current, next)
  if (Object.keys(changes).length > 0) {
    await store.putSpaceLimits(spaceId, next, now)
    await store.appendAudit({
      actor: actor.sub,
      actorName: actor.name,
      spaceId,
      roomId: null,
      action: 'space_limits.changed',
      details: { changes },
      at: now,
    })
  }
  return spaceLimitsView(store, spaceId)
}

/** Usage against the caps, answered as the contract's `UsageReport` (`CapUse` is its `Gauge`). */
export type { Gauge as CapUse, UsageReport } from '../contract/limits.js'

/** The ledger's usage next to the caps in force: licence, each space's meeting cap, each room's seat cap. */
export async function usageReport(store: Store, now: number): Promise<UsageReport> {
  const [usage, global]: [Usage, GlobalLimits] = await Promise.all([store.usage(now), store.getGlobalLimits()])
  const spaces = await Promise.all(
    usage.spaces.map(async (s) => {
      const limits = resolveLimits(global, await store.getSpaceLimits(s.spaceId))
      const rooms = await Promise.all(
        s.rooms.map(async (r) => {
          const room = await store.getRoom(r.roomId)
          return {
            roomId: r.roomId,
            name: room?.name ?? null,
            meetingId: r.meetingId,
            participants: r.participants,
            maxParticipants: room ? roomRules(limits, room.settings).maxParticipants : limits.maxParticipantsPerMeeting,
          }
        }),
      )
      return {
        spaceId: s.spaceId,
        runningMeetings: s.runningMeetings,
        maxConcurrentMeetings: limits.maxConcurrentMeetings,
        participants: s.participants,
        rooms,
      }
    }),
  )
  const l = global.licence
  return {
    at: now,
    licence: {
      participants: { used: usage.total, cap: l.maxParticipants },
      internal: { used: usage.internal, cap: l.maxInternal },
      external: { used: usage.external, cap: l.maxExternal },
      meetings: { used: usage.runningMeetings, cap: l.maxMeetings },
    },
    participants: { total: usage.total, internal: usage.internal, external: usage.external },
    runningMeetings: usage.runningMeetings,
    spaces,
  }
}
