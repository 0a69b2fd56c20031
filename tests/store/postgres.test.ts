import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { createTestDatabase, openTestStore, type TestDatabase } from '../helpers/databases.js'
import { admitMany, newRoom, runStoreContract, seat } from './contract.js'

const cleanups: Array<() => Promise<void>> = []
runStoreContract(
  'postgres',
  async (options) => {
    const opened = await openTestStore('postgres', options)
    cleanups.push(opened.cleanup)
    return opened.store
  },
  async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()))
  },
)

describe('postgres store shared by two service instances', () => {
  const databases: TestDatabase[] = []
  const stores: Store[] = []
  const twoInstances = async () => {
    const database = await createTestDatabase('postgres')
    databases.push(database)
    // Both instances start at once on an empty schema: one applies the migrations, the other waits for it.
    const [a, b] = await Promise.all([openStore(database.url), openStore(database.url)])
    stores.push(a, b)
    // A third start later finds nothing to apply.
    const applied: string[] = []
    const log = { info: (details: object) => void applied.push(JSON.stringify(details)), warn: () => undefined }
    stores.push(await openStore(database.url, { log }))
    expect(applied).toEqual([])
    return [a, b] as const
  }
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()))
    await Promise.all(databases.map((d) => d.drop()))
  })

  it('grants exactly the 50 seats left to 200 parallel users spread over two pools', async () => {
    const [a, b] = await twoInstances()
    const caps = { room: null, total: 60, internal: null, external: null }
    expect((await admitMany([a], 10, (i) => seat(`early-${i}`, { meetingId: 'mtg-b', caps }))).granted).toBe(10)
    const rush = await admitMany([a, b], 200, (i) => seat(`user-${i}`, { caps }))
    expect(rush.granted).toBe(50)
    expect(rush.refusals).toEqual(Array(150).fill('licence_full'))
    expect((await b.usage(1_000_001)).total).toBe(60)
    expect((await a.usage(1_000_001)).total).toBe(60)
  })

  it('opens runs under the meeting caps across both pools', async () => {
    const [a, b] = await twoInstances()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).openMeetingRun({
          meetingId: `m${i}`,
          roomId: `r${i}`,
          spaceId: `space-${i % 4}`,
          startedBy: 'x',
          now: 1,
          maxConcurrentMeetings: 1,
          maxMeetings: 3,
        }),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(3)
    expect(new Set((await a.listOpenRuns()).map((r) => r.spaceId)).size).toBe(3)
  })

  it('sees one default room from both instances after a race', async () => {
    const [a, b] = await twoInstances()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).ensureDefaultRoom(newRoom(`d-${i}`, 'space-x', { isDefault: true }), i),
      ),
    )
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(await b.listRooms('space-x')).toHaveLength(1)
  })

  it('returns timestamps and counts as numbers, not strings', async () => {
    const [a] = await twoInstances()
    const room = await a.createRoom(newRoom('n'), 1_790_000_000_123)
    expect((await a.getRoom('n'))!.createdAt).toBe(room.createdAt)
    const entry = await a.appendAudit({ actor: 'x', actorName: null, spaceId: null, roomId: null, action: 'a', details: {} })
    expect(typeof entry.id).toBe('number')
    const page = await a.listAudit({})
    expect(typeof page.total).toBe('number')
    expect(typeof page.entries[0]!.at).toBe('number')
  })
})

describe('postgres store errors', () => {
  it('rejects with one line naming the database, without its password, when it cannot connect', async () => {
    await expect(openStore('postgres://someone:hunter2@127.0.0.1:1/none')).rejects.toThrow(
      /^cannot open the store at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/none: /,
    )
  })
})
