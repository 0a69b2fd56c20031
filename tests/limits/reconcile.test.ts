import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createReconcileMemory,
  presentUsers,
  reconcileFromStatuses,
  UNCHANGED_RECONCILE_MS,
  VANISHED_RUN_GRACE_MS,
} from '../../server/limits/reconcile.js'
import { defaultRoomSettings } from '../../server/rooms/rooms.js'
import { NOT_RUNNING, type MeetingStatus } from '../../server/status/meeting-status.js'
import type { SeatRequest } from '../../server/model/index.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'

const T0 = 1_700_000_000_000
const RESERVATION = 90_000

function statusWith(attendees: Array<{ userId: string | null; role?: 'MODERATOR' | 'VIEWER'; guest?: boolean }>): MeetingStatus {
  return {
    ...NOT_RUNNING,
    exists: true,
    running: attendees.length > 0,
    participants: attendees.length,
    attendees: attendees.map((a) => ({ userId: a.userId, name: a.userId ?? '?', role: a.role ?? 'VIEWER', guest: a.guest ?? false })),
  }
}

describe('presentUsers', () => {
  it('counts guests as external, one entry per userID, moderator if any session is, and skips unknown ids', () => {
    const users = presentUsers(
      statusWith([
        { userId: 'ann' },
        { userId: 'ann', role: 'MODERATOR' },
        { userId: 'guest:zoe', guest: true },
        { userId: null },
      ]),
    )
    expect(users).toEqual([
      { userId: 'ann', kind: 'internal', moderator: true },
      { userId: 'guest:zoe', kind: 'external', moderator: false },
    ])
  })
})

describe.each(['sqlite', 'postgres'] as const)('reconcileFromStatuses on %s', (kind) => {
  let store: Store
  let cleanup: () => Promise<void>
  let n = 0

  beforeAll(async () => {
    const opened = await openTestStore(kind)
    store = opened.store
    cleanup = opened.cleanup
  })

  afterAll(async () => {
    await cleanup?.()
  })

  /** A room with a confirmed run started at `at`. */
  async function runningRoom(at: number) {
    n++
    const room = await store.createRoom(
      { id: `rec-abc-def-gh${String.fromCharCode(97 + n)}`, spaceId: `space-${kind}-${n}`, name: 'R', meetingId: `m-${kind}-${n}`, isDefault: false, settings: defaultRoomSettings() },
      at,
    )
    const opened = await store.openMeetingRun({ meetingId: room.meetingId, roomId: room.id, spaceId: room.spaceId, startedBy: 'mgr', now: at, maxConcurrentMeetings: null, maxMeetings: null })
    expect(opened.ok).toBe(true)
    await store.confirmMeetingRun(room.meetingId, { createTime: at, internalMeetingId: null, moderatorPw: null })
    return room
  }

  function seat(room: { id: string; spaceId: string; meetingId: string }, userId: string, now: number, extra: Partial<SeatRequest> = {}): SeatRequest {
    return {
      meetingId: room.meetingId,
      roomId: room.id,
      spaceId: room.spaceId,
      userId,
      kind: 'internal',
      moderator: false,
      now,
      reservationMs: RESERVATION,
      caps: { room: null, total: null, internal: null, external: null },
      countModerators: true,
      ...extra,
    }
  }

  const roomUsage = async (meetingId: string, now: number) => {
    const usage = await store.usage(now)
    return usage.spaces.flatMap((s) => s.rooms).find((r) => r.meetingId === meetingId)?.participants
  }

  it('confirms who BBB reports, releases who left, keeps fresh reservations, and knows guests and external users', async () => {
    const room = await runningRoom(T0)
    await store.saveIdentity({ sub: 'xena', name: 'Xena', email: null, external: true, spaces: {}, seenAt: T0 })
    for (const sub of ['ann', 'bob', 'cyd']) {
      await store.saveIdentity({ sub, name: sub, email: null, external: false, spaces: {}, seenAt: T0 })
    }
    for (const user of ['ann', 'bob', 'cyd']) expect((await store.admitSeat(seat(room, user, T0))).granted).toBe(true)
    expect((await store.admitSeat(seat(room, 'xena', T0, { kind: 'external' }))).granted).toBe(true)
    // ann and xena are in BBB, a guest came through a link; bob and cyd have not shown up yet
    // (and a link guest BBB did not flag as one: no platform identity, so external too)
    const statuses = new Map([
      [
        room.meetingId,
        statusWith([{ userId: 'ann', role: 'MODERATOR' }, { userId: 'xena' }, { userId: 'guest:g1', guest: true }, { userId: 'guest-v2' }]),
      ],
    ])
    await reconcileFromStatuses(store, statuses, T0 + 10_000)
    expect(await roomUsage(room.meetingId, T0 + 10_000)).toEqual({ total: 6, internal: 3, external: 3 })
    // past the reservation window bob and cyd lapse; the present users do not
    await reconcileFromStatuses(store, statuses, T0 + RESERVATION + 1_000)
    expect(await roomUsage(room.meetingId, T0 + RESERVATION + 1_000)).toEqual({ total: 4, internal: 1, external: 3 })
    // BBB drops ann: her seat goes at the next reconciliation
    const later = new Map([[room.meetingId, statusWith([{ userId: 'xena' }, { userId: 'guest:g1', guest: true }])]])
    await reconcileFromStatuses(store, later, T0 + 200_000)
    expect(await roomUsage(room.meetingId, T0 + 200_000)).toEqual({ total: 2, internal: 0, external: 2 })
  })

  it('with an instance memory, leaves a meeting whose attendees did not change alone for a minute', async () => {
    const room = await runningRoom(T0)
    const memory = createReconcileMemory()
    const ann = new Map([[room.meetingId, statusWith([{ userId: 'ann' }])]])
    expect((await reconcileFromStatuses(store, ann, T0 + 1_000, memory)).reconciled).toBe(1)
    // The same attendees again: nothing to write (the rush reconciled hundreds of such meetings every refresh).
    expect((await reconcileFromStatuses(store, ann, T0 + 5_000, memory)).reconciled).toBe(0)
    // Someone joined in BBB: reconciled at once, and their seat is counted.
    const both = new Map([[room.meetingId, statusWith([{ userId: 'ann' }, { userId: 'bob' }])]])
    expect((await reconcileFromStatuses(store, both, T0 + 6_000, memory)).reconciled).toBe(1)
    expect((await roomUsage(room.meetingId, T0 + 6_000))?.total).toBe(2)
    // Unchanged, but a minute later: reconciled again, which heals what changed the ledger meanwhile.
    expect((await reconcileFromStatuses(store, both, T0 + 6_000 + UNCHANGED_RECONCILE_MS, memory)).reconciled).toBe(1)
  })

  it('ends a run BBB no longer reports, past the grace period, and frees its seats and meeting slot', async () => {
    const room = await runningRoom(T0)
    await store.admitSeat(seat(room, 'ann', T0))
    const fresh = await runningRoom(T0 + 2 * VANISHED_RUN_GRACE_MS)
    const now = T0 + 2 * VANISHED_RUN_GRACE_MS + 1_000
    const report = await reconcileFromStatuses(store, new Map(), now)
    expect(report.ended).toContain(room.meetingId)
    expect(report.ended).not.toContain(fresh.meetingId)
    expect(await store.getOpenRun(room.meetingId)).toBeUndefined()
    expect(await store.getOpenRun(fresh.meetingId)).toBeDefined()
    expect((await store.usage(now)).spaces.find((s) => s.spaceId === room.spaceId)?.participants.total ?? 0).toBe(0)
    const audit = await store.listAudit({ action: 'meeting.ended', roomId: room.id })
    expect(audit.entries[0]).toMatchObject({ actor: 'system', details: { by: 'reconcile' } })
  })

  it('closes a run whose create was never confirmed, past the grace period, so it holds no meeting slot', async () => {
    n++
    const room = await store.createRoom(
      { id: `rec-abc-def-gh${String.fromCharCode(97 + n)}`, spaceId: `space-${kind}-${n}`, name: 'R', meetingId: `m-${kind}-${n}`, isDefault: false, settings: defaultRoomSettings() },
      T0,
    )
    const slot = { meetingId: room.meetingId, roomId: room.id, spaceId: room.spaceId, startedBy: 'mgr', maxMeetings: null }
    expect((await store.openMeetingRun({ ...slot, now: T0, maxConcurrentMeetings: 1 })).ok).toBe(true)
    // within the grace period the unconfirmed run stays (its create may still be on its way)
    expect((await reconcileFromStatuses(store, new Map(), T0 + 1_000)).ended).not.toContain(room.meetingId)
    const report = await reconcileFromStatuses(store, new Map(), T0 + VANISHED_RUN_GRACE_MS + 1_000)
    expect(report.ended).toContain(room.meetingId)
    expect(await store.getOpenRun(room.meetingId)).toBeUndefined()
    const again = await store.openMeetingRun({ ...slot, now: T0 + VANISHED_RUN_GRACE_MS + 2_000, maxConcurrentMeetings: 1 })
    expect(again.ok).toBe(true)
  })
})
