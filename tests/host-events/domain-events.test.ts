import { afterEach, describe, expect, it } from 'vitest'
import type { DomainEvent } from '../../server/store/events.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'
import { newRoom } from '../store/contract.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
})

async function open(kind: 'sqlite' | 'postgres'): Promise<{ store: Store; events: DomainEvent[] }> {
  const opened = await openTestStore(kind)
  cleanups.push(opened.cleanup)
  const events: DomainEvent[] = []
  opened.store.onDomainEvent(async (_tx, event) => void events.push(event))
  return { store: opened.store, events }
}

const run = (store: Store, id: string, now = 1000) =>
  store.openMeetingRun({ meetingId: `mtg-${id}`, roomId: id, spaceId: 'space-1', startedBy: 'ann', now, maxConcurrentMeetings: null, maxMeetings: null })

describe.each(['sqlite', 'postgres'] as const)('store domain events on %s', (kind) => {
  it('tells a start once, at the first confirmation, and its end once', async () => {
    const { store, events } = await open(kind)
    await store.createRoom(newRoom('a'), 1)
    await run(store, 'a')
    expect(events).toEqual([])
    await store.confirmMeetingRun('mtg-a', { createTime: 555, internalMeetingId: 'int-555', moderatorPw: null })
    await run(store, 'a')
    await store.confirmMeetingRun('mtg-a', { createTime: 555, internalMeetingId: 'int-555', moderatorPw: null })
    expect(await store.recordMeetingEnded('mtg-a', 555, 2000)).toBe(true)
    expect(await store.recordMeetingEnded('mtg-a', null, 2001)).toBe(false)
    expect(events).toEqual([
      { type: 'meeting.started', meetingId: 'mtg-a', roomId: 'a', spaceId: 'space-1', createTime: 555, startedBy: 'ann' },
      { type: 'meeting.ended', meetingId: 'mtg-a', roomId: 'a', spaceId: 'space-1', createTime: 555 },
    ])
  })

  it('tells nothing when a run BBB never confirmed is closed', async () => {
    const { store, events } = await open(kind)
    await run(store, 'b')
    expect(await store.recordMeetingEnded('mtg-b', null, 2000)).toBe(true)
    expect(events).toEqual([])
  })

  it('tells a ready recording once, with its space, however often the callback comes', async () => {
    const { store, events } = await open(kind)
    await store.createRoom(newRoom('c', 'space-9'), 1)
    for (let i = 0; i < 2; i++) await store.recordRecordingReady({ recordId: 'rec-1', meetingId: 'mtg-c', roomId: 'c', readyAt: 10 })
    expect(events).toEqual([{ type: 'recording.ready', meetingId: 'mtg-c', roomId: 'c', spaceId: 'space-9', recordId: 'rec-1' }])
  })

  it('rolls the change back when a sink fails inside the transaction', async () => {
    const { store } = await open(kind)
    await store.createRoom(newRoom('d'), 1)
    const stop = store.onDomainEvent(async () => {
      throw new Error('sink down')
    })
    await run(store, 'd')
    await expect(store.confirmMeetingRun('mtg-d', { createTime: 7, internalMeetingId: null, moderatorPw: null })).rejects.toThrow('sink down')
    expect((await store.getOpenRun('mtg-d'))?.createTime).toBeNull()
    await expect(store.recordRecordingReady({ recordId: 'rec-d', meetingId: 'mtg-d', roomId: 'd', readyAt: 1 })).rejects.toThrow('sink down')
    expect(await store.listRecordingRecords('mtg-d')).toEqual([])
    stop()
    await store.confirmMeetingRun('mtg-d', { createTime: 7, internalMeetingId: null, moderatorPw: null })
    expect((await store.getOpenRun('mtg-d'))?.createTime).toBe(7)
  })
})
