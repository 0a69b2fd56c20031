import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Each instance caches the reads of the join path (a room, a space's limits, a confirmed run; issue 21). Two
// instances on one PostgreSQL, each with its own store and cache, and a clock that does not move: the cache's time
// bound never lapses, so the second instance sees the first one's changes only because the bus told it.
const SPACE = 'cached-space'
const NOW = Date.now()
const clock = { ...systemClock, now: () => NOW }
const SETTLE = { timeout: 10_000, interval: 100 }

let db: { store: Store; url: string; cleanup(): Promise<void> }
let secondStore: Store
let a: TestService
let b: TestService

beforeAll(async () => {
  db = await openTestStore('postgres', { clock })
  secondStore = await openStore(db.url, { clock })
  // DATABASE_URL: the instances find each other's bus (PostgreSQL LISTEN/NOTIFY) through it.
  a = await startTestService({ sharedStore: db.store, clock: () => NOW, env: { STATUS_INTERVAL_MS: '60000', DATABASE_URL: db.url } })
  b = await startTestService({
    sharedStore: secondStore,
    clock: () => NOW,
    env: {
      BIGBLUEBUTTON_ENDPOINT: a.bbbUrl,
      BIGBLUEBUTTON_SECRET: a.service.config.bbb.secret,
      STATUS_INTERVAL_MS: '60000',
      DATABASE_URL: db.url,
    },
  })
})

afterAll(async () => {
  await b?.close()
  await a?.close()
  await secondStore?.close()
  await db?.cleanup()
})

describe('what one instance changes, the others stop reading from their cache', () => {
  it('a room renamed, the licence lowered and a meeting ended on one instance are seen on the other', async () => {
    const manager = await a.mintToken({ sub: 'mia', name: 'Mia', spaces: { [SPACE]: 'manager' } })
    const admin = await a.mintToken({ sub: 'root', admin: true })
    const member = (sub: string) => b.mintToken({ sub, name: sub, spaces: { [SPACE]: 'member' } })
    const created = await request(a.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Before' })
    const id = created.body.room.id as string
    await request(a.url).post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)

    // B reads the room, the limits and the run (a member joins): all three are now in B's cache.
    const first = await member('noe')
    expect((await request(b.url).get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${first}`)).body.room.name).toBe('Before')
    await request(b.url).post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${first}`).expect(200)

    await request(a.url).patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ name: 'After' }).expect(200)
    await expect
      .poll(async () => (await request(b.url).get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${first}`)).body.room.name, SETTLE)
      .toBe('After')

    // Two seats are taken (Mia, Noé): a licence of 2 leaves none for a third person on B.
    await request(a.url)
      .put('/api/v1/admin/limits')
      .set('Authorization', `Bearer ${admin}`)
      .send({ licence: { maxParticipants: 2 } })
      .expect(200)
    const third = await member('zoe')
    await expect
      .poll(async () => (await request(b.url).post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${third}`)).body.error?.code, SETTLE)
      .toBe('licence_full')

    await request(a.url)
      .put('/api/v1/admin/limits')
      .set('Authorization', `Bearer ${admin}`)
      .send({ licence: { maxParticipants: null } })
      .expect(200)
    await request(a.url).post(`/api/v1/rooms/${id}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
    await expect
      .poll(async () => (await request(b.url).post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${third}`)).body.error?.code, SETTLE)
      .toBe('meeting_not_running')
  })
})
