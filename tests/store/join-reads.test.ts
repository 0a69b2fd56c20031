import { afterAll, describe, expect, it } from 'vitest'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'
import { seat } from './contract.js'

const AUDIT = { actor: 'u1', actorName: 'Ann', spaceId: 'space-1', roomId: 'a', action: 'join.granted', details: { role: 'VIEWER' } }

describe.each(['sqlite', 'postgres'] as const)('what a join reads and writes (%s)', (kind) => {
  const cleanups: Array<() => Promise<void>> = []
  const fresh = async (): Promise<Store> => {
    const opened = await openTestStore(kind)
    cleanups.push(opened.cleanup)
    return opened.store
  }
  afterAll(async () => {
    await Promise.all(cleanups.map((c) => c()))
  })

  it('reads the global limits and one space overrides in one call, as the two separate reads give them', async () => {
    const store = await fresh()
    expect(await store.getLimits('space-1')).toEqual({
      global: await store.getGlobalLimits(),
      space: { limits: {}, policies: {} },
    })
    const global = await store.getGlobalLimits()
    await store.putGlobalLimits({ ...global, licence: { ...global.licence, maxParticipants: 40 } }, 1)
    await store.putSpaceLimits('space-1', { limits: { maxConcurrentMeetings: 2 }, policies: { record: 'forced' } }, 2)
    const both = await store.getLimits('space-1')
    expect(both.global.licence.maxParticipants).toBe(40)
    expect(both).toEqual({ global: await store.getGlobalLimits(), space: await store.getSpaceLimits('space-1') })
    expect((await store.getLimits('space-2')).space).toEqual({ limits: {}, policies: {} })
  })

  it('writes the grant audit with the seat, saying whether it was already held; a refusal writes none', async () => {
    const store = await fresh()
    expect(await store.admitSeat(seat('u1', { audit: AUDIT }))).toEqual({ granted: true, alreadyHeld: false })
    expect(await store.admitSeat(seat('u1', { audit: AUDIT, now: 1_050_000 }))).toEqual({ granted: true, alreadyHeld: true })
    const caps = { room: 1, total: null, internal: null, external: null }
    expect(await store.admitSeat(seat('u2', { audit: { ...AUDIT, actor: 'u2' }, caps }))).toMatchObject({ granted: false })
    const { entries } = await store.listAudit({ spaceId: 'space-1' })
    expect(entries.map((e) => [e.actor, e.details['alreadyHeld']])).toEqual([
      ['u1', true],
      ['u1', false],
    ])
    expect(entries[0]!.details).toEqual({ role: 'VIEWER', alreadyHeld: true })
  })

  it('extends a held reservation, and lets a lapsed one go the long way (counted again, not "already held")', async () => {
    const store = await fresh()
    await store.admitSeat(seat('u1', { now: 0 }))
    // Extended at 60 s: still held at 100 s, past the first 90 s window.
    expect(await store.admitSeat(seat('u1', { now: 60_000 }))).toEqual({ granted: true, alreadyHeld: true })
    const caps = { room: 1, total: null, internal: null, external: null }
    expect(await store.admitSeat(seat('u2', { now: 100_000, caps }))).toMatchObject({ granted: false, refusal: 'room_full' })
    // Lapsed at 150 s (60 + 90): a new seat, under the caps again.
    expect(await store.admitSeat(seat('u1', { now: 150_001, caps }))).toEqual({ granted: true, alreadyHeld: false })
  })
})
