import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, openStore, parseDatabaseUrl } from '../../server/store/index.js'
import { createTestDatabase, openTestStore } from '../helpers/databases.js'
import { newRoom, runStoreContract } from './contract.js'

const cleanups: Array<() => Promise<void>> = []
runStoreContract(
  'sqlite',
  async (options) => {
    const opened = await openTestStore('sqlite', options)
    cleanups.push(opened.cleanup)
    return opened.store
  },
  async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()))
  },
)

describe('sqlite store', () => {
  it('keeps its data across a close and a reopen, and reapplies no migration', async () => {
    const database = await createTestDatabase('sqlite')
    try {
      const applied: object[] = []
      const log = { info: (details: object) => void applied.push(details), warn: () => undefined }
      const first = await openStore(database.url, { log })
      expect(applied).toEqual(Object.keys(MIGRATIONS).sort().map((migration) => ({ migration })))
      await first.createRoom(newRoom('kept'), 1)
      await first.putSpaceLimits('space-1', { limits: { maxConcurrentMeetings: 3 }, policies: {} }, 1)
      await first.close()
      const second = await openStore(database.url, { log })
      expect(applied).toHaveLength(Object.keys(MIGRATIONS).length)
      expect(await second.getRoom('kept')).toMatchObject({ id: 'kept', createdAt: 1 })
      expect(await second.getSpaceLimits('space-1')).toEqual({ limits: { maxConcurrentMeetings: 3 }, policies: {} })
      await second.close()
    } finally {
      await database.drop()
    }
  })

  it('grants exactly the seats and meeting slots left when two processes share one file', async () => {
    const database = await createTestDatabase('sqlite')
    try {
      await (await openStore(database.url)).close()
      const worker = fileURLToPath(new URL('./fixtures/admit-worker.ts', import.meta.url))
      const startAt = String(Date.now() + 2000)
      const run = (prefix: string) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', worker, database.url, prefix, '60', '50', startAt])
      const outputs = await Promise.all([run('p1'), run('p2')])
      const counts = outputs.map((o) => JSON.parse(o.stdout) as { granted: number; runs: number })
      expect(counts[0]!.granted + counts[1]!.granted).toBe(50)
      expect(counts[0]!.runs + counts[1]!.runs).toBe(3)
      const store = await openStore(database.url)
      expect((await store.usage(1_000_001)).total).toBe(50)
      await store.close()
    } finally {
      await database.drop()
    }
  }, 30_000)

  it('opens an in-memory database', async () => {
    const store = await openStore('sqlite::memory:')
    expect(store.kind).toBe('sqlite')
    await store.createRoom(newRoom('mem'), 1)
    expect(await store.getRoom('mem')).toBeDefined()
    await store.close()
  })

  it('reads the accepted database URLs and refuses others with one clear line', () => {
    expect(parseDatabaseUrl('sqlite:data/x.sqlite')).toEqual({ kind: 'sqlite', filename: `${process.cwd()}/data/x.sqlite` })
    expect(parseDatabaseUrl('sqlite:/abs/x.sqlite')).toEqual({ kind: 'sqlite', filename: '/abs/x.sqlite' })
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', filename: ':memory:' })
    expect(parseDatabaseUrl('postgresql://u@h:5432/db?schema=t_1')).toEqual({
      kind: 'postgres',
      connectionString: 'postgresql://u@h:5432/db',
      schema: 't_1',
    })
    expect(parseDatabaseUrl('postgres://u@h/db')).toMatchObject({ kind: 'postgres', schema: null })
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db')).toThrow(/^DATABASE_URL "mysql:\/\/u:\*\*\*@h\/db" is not understood/)
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a file path/)
    expect(() => parseDatabaseUrl('postgres://h/db?schema=a;drop')).toThrow(/schema/)
  })
})
