import { sql, type Kysely } from 'kysely'
import { createCodeCipher } from '../../server/store/code-cipher.js'
import { MIGRATIONS } from '../../server/store/migrations/index.js'
import { afterEach, describe, expect, it } from 'vitest'
import { deriveCodeKey, openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'
import { newRoom } from './contract.js'

// Rooms' access codes are encrypted at rest (AES-256-GCM, key derived from the BBB secret): the database never
// holds a code in the clear, managers still read it back, and the migration seals codes written before it.

const KEY = deriveCodeKey('a-bbb-secret-for-the-access-code-test')
const GUEST = '48210517'
const MODERATOR = 'KPZ7MWQ3'

async function rawSettings(store: Store, id: string): Promise<string> {
  const rows = await sql<{ settings: string }>`select settings from rooms where id = ${id}`.execute(store.context.db)
  return rows.rows[0]!.settings
}

describe.each(['sqlite', 'postgres'] as const)('access codes at rest (%s)', (kind) => {
  let database: TestDatabase
  const stores: Store[] = []
  const open = async (codeKey: Uint8Array = KEY) => {
    const store = await openStore(database.url, { codeKey })
    stores.push(store)
    return store
  }

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
    await database?.drop()
  })

  it('stores codes encrypted, bound to their room and field, and reads them back in the clear', async () => {
    database = await createTestDatabase(kind)
    const store = await open()
    const room = newRoom('abc-def-ghi-jkm')
    await store.createRoom({ ...room, settings: { ...room.settings, accessCode: GUEST, moderatorAccessCode: MODERATOR } }, 1)
    const raw = await rawSettings(store, room.id)
    expect(raw).not.toContain(GUEST)
    expect(raw).not.toContain(MODERATOR)
    expect(JSON.parse(raw)).toMatchObject({ accessCode: expect.stringMatching(/^enc1:/), moderatorAccessCode: expect.stringMatching(/^enc1:/) })
    expect((await store.getRoom(room.id))!.settings).toMatchObject({ accessCode: GUEST, moderatorAccessCode: MODERATOR })
    expect((await store.listRooms(room.spaceId))[0]!.settings.accessCode).toBe(GUEST)

    // an update and a forced code are sealed too; other settings stay readable
    await store.updateRoom(room.id, { settings: { accessCode: '90417263', muteOnStart: true } }, 2)
    const other = newRoom('mno-pqr-stu-vwx')
    await store.createRoom(other, 1)
    await store.setAccessCodeIfMissing(other.id, '11302958')
    for (const [id, code] of [[room.id, '90417263'], [other.id, '11302958']] as const) {
      const settings = await rawSettings(store, id)
      expect(settings).not.toContain(code)
      expect((await store.getRoom(id))!.settings.accessCode).toBe(code)
    }
    expect(JSON.parse(await rawSettings(store, room.id))).toMatchObject({ muteOnStart: true })

    // a sealed code copied into another room does not open there as that code
    const sealed = (JSON.parse(await rawSettings(store, room.id)) as { accessCode: string }).accessCode
    await sql`update rooms set settings = ${JSON.stringify({ ...other.settings, accessCode: sealed })} where id = ${other.id}`.execute(store.context.db)
    expect((await store.getRoom(other.id))!.settings.accessCode).not.toBe('90417263')
  })

  it('fails closed under another key: the code reads as a new unguessable one, the same each time', async () => {
    database = await createTestDatabase(kind)
    const first = await open()
    const room = newRoom('abc-def-ghi-jkm')
    await first.createRoom({ ...room, settings: { ...room.settings, accessCode: GUEST } }, 1)
    const other = await open(deriveCodeKey('the BBB secret was changed'))
    const read = (await other.getRoom(room.id))!.settings.accessCode
    expect(read).toMatch(/^[A-Z2-9]{12}$/)
    expect(read).not.toBe(GUEST)
    expect((await other.getRoom(room.id))!.settings.accessCode).toBe(read)
  })

  it('migration 0006 encrypts codes stored in the clear before it, and leaves other rooms alone', async () => {
    database = await createTestDatabase(kind)
    const store = await open()
    const room = newRoom('abc-def-ghi-jkm')
    const plain = newRoom('mno-pqr-stu-vwx')
    await store.createRoom(room, 1)
    await store.createRoom(plain, 1)
    // as an older version wrote them, then the migration forgotten, as if not yet applied
    await sql`update rooms set settings = ${JSON.stringify({ ...room.settings, accessCode: GUEST, moderatorAccessCode: MODERATOR })} where id = ${room.id}`.execute(store.context.db)
    const before = await rawSettings(store, plain.id)
    // The migration itself, run again over what an older version wrote (later migrations already ran, so the
    // migrator would not run an earlier one again by itself).
    await MIGRATIONS['0006-sealed-access-codes']!.up(store.context.db as unknown as Kysely<unknown>, kind, { codes: createCodeCipher(KEY) })
    await store.close()
    stores.splice(0)

    const migrated = await open()
    const raw = await rawSettings(migrated, room.id)
    expect(raw).not.toContain(GUEST)
    expect(raw).not.toContain(MODERATOR)
    expect((await migrated.getRoom(room.id))!.settings).toMatchObject({ accessCode: GUEST, moderatorAccessCode: MODERATOR })
    expect(await rawSettings(migrated, plain.id)).toBe(before)
  })
})
