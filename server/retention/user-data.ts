import type { UserDataErasure, UserDataExport } from '../contract/index.js'
import type { AuditLog, IdentityRepo, RoomRepo, UserDataRepo } from '../store/types.js'

/** What stands for an erased person where a row must keep someone (an audit actor, a run's starter). */
export const ERASED = 'erased'
/** The name an anonymised attendance row keeps (the row still counts in the run's attendance). */
export const ANONYMOUS_NAME = '—'

export interface UserDataDeps {
  store: Pick<IdentityRepo, 'getIdentity'> & Pick<RoomRepo, 'getRoom' | 'updateRoom'> & Pick<AuditLog, 'appendAudit'> & UserDataRepo
}

/**
 * A person's data on request (RGPD articles 15 and 17), by the `sub` of their host tokens: {@link exportUserData}
 * gathers everything held about them, {@link eraseUserData} deletes what exists only for them and anonymises what
 * other people's records need (see docs/retention.md).
 */
export function createUserData(deps: UserDataDeps) {
  return {
    async exportUserData(sub: string, now: number): Promise<UserDataExport> {
      const identity = await deps.store.getIdentity(sub)
      const email = identity?.email?.trim().toLowerCase() || null
      const records = await deps.store.userRecords(sub, email)
      return {
        sub,
        exportedAt: now,
        identity: identity
          ? { name: identity.name, email: identity.email, external: identity.external, spaces: { ...identity.spaces }, seenAt: identity.seenAt }
          : null,
        ...records,
      }
    },

    /**
     * Erases one person: their identity, guest links and mail are deleted; rows other people rely on are kept
     * without them (attendance rows lose name and id but still count in their run, audit entries and runs name
     * `erased`, meetings they organised lose their organiser, invitations lose their address, rooms their
     * co-moderator). Answers the counts, and audits that an erasure happened with the counts only.
     */
    async eraseUserData(sub: string, actor: { sub: string; name: string }, now: number): Promise<UserDataErasure> {
      const identity = await deps.store.getIdentity(sub)
      const email = identity?.email?.trim().toLowerCase() || null
      const personal = [sub, identity?.name, identity?.email].filter((v): v is string => Boolean(v))
      const rooms = await deps.store.coModeratedRoomIds(sub)
      const erased = await deps.store.eraseUserRecords(sub, email, { erased: ERASED, anonymousName: ANONYMOUS_NAME, personal })
      const counts: UserDataErasure = { ...erased, coModeratorOf: 0 }
      for (const roomId of rooms) {
        const current = await deps.store.getRoom(roomId)
        if (!current?.settings.coModerators?.includes(sub)) continue
        await deps.store.updateRoom(roomId, { settings: { coModerators: current.settings.coModerators.filter((s) => s !== sub) } }, now)
        counts.coModeratorOf++
      }
      await deps.store.appendAudit({ actor: actor.sub, actorName: actor.name, spaceId: null, roomId: null, action: 'user.erased', details: { ...counts }, at: now })
      return counts
    },
  }
}

export type UserData = ReturnType<typeof createUserData>
