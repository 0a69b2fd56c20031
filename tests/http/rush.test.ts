import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevBbb, type RunningDevBbb } from '../../server/dev-bbb/index.js'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'
import { planRush, runRush, rushClaims, rushSpace, tallyRush, type RushClick } from '../helpers/rush.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The 9 o'clock rush of the bench (issue 21), small and untimed: two instances on one PostgreSQL, each with its
// own connection pool, in front of one development BBB answering as Scalelite; the licence caps internal people.
// Every room's manager clicks (some twice, on either instance), then everyone else at once, members waiting for
// their meeting as the widget does. What must hold whatever the interleaving: exactly the licence's internal
// seats and every external person granted, one BBB create per room, no 5xx.
const ROOMS = 8
const INTERNAL = 48
const EXTERNAL = 15
const MAX_INTERNAL = 40

let bbb: RunningDevBbb
let db: { store: Store; url: string; cleanup(): Promise<void> }
let secondStore: Store
let a: TestService
let b: TestService

beforeAll(async () => {
  bbb = await startDevBbb({ like: 'scalelite' })
  db = await openTestStore('postgres')
  secondStore = await openStore(db.url)
  const env = { BIGBLUEBUTTON_ENDPOINT: bbb.url, BIGBLUEBUTTON_SECRET: bbb.secret, STATUS_INTERVAL_MS: '60000' }
  a = await startTestService({ sharedStore: db.store, env })
  b = await startTestService({ sharedStore: secondStore, env })
})

afterAll(async () => {
  await b?.close()
  await a?.close()
  await secondStore?.close()
  await db?.cleanup()
  await bbb?.close()
})

describe("the 9 o'clock rush on two instances", () => {
  it('grants exactly the licence, creates each meeting once and never answers 5xx', async () => {
    const admin = await a.mintToken({ sub: 'rush-admin', admin: true })
    const limits = await fetch(`${a.url}/api/v1/admin/limits`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ licence: { maxParticipants: 80, maxInternal: MAX_INTERNAL, maxExternal: null } }),
    })
    expect(limits.status).toBe(200)

    const { people, clicks } = planRush({ rooms: ROOMS, internal: INTERNAL, external: EXTERNAL, repeatEvery: 3, windowMs: 0, startWindowMs: 0, seed: 9 })
    const tokens = new Map<string, string>()
    for (const person of people) tokens.set(person.sub, await a.mintToken(rushClaims(person)))
    const roomIds: string[] = []
    for (let r = 0; r < ROOMS; r++) {
      const res = await fetch(`${a.url}/api/v1/spaces/${rushSpace(r)}/rooms`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.get(`rush-manager-${r}`)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `Rush ${r}` }),
      })
      expect(res.status).toBe(201)
      roomIds.push(((await res.json()) as { room: { id: string } }).room.id)
    }
    const targets = {
      urls: [a.url, b.url],
      path: (room: number) => `/api/v1/rooms/${roomIds[room]}/join`,
      token: (sub: string) => tokens.get(sub)!,
      retryMs: 50,
      maxRetries: 200,
      paced: false,
    }
    const managers: RushClick[] = clicks.filter((c) => c.manager)
    const others: RushClick[] = clicks.filter((c) => !c.manager)
    expect(managers.length).toBeGreaterThan(ROOMS) // some managers click twice
    const first = await runRush(managers, targets)
    const second = await runRush(others, targets)
    const tally = tallyRush([...first.answers, ...second.answers])

    expect(tally.serverErrors).toBe(0)
    expect(tally.grantedInternal).toBe(MAX_INTERNAL)
    expect(tally.grantedExternal).toBe(EXTERNAL)
    expect(tally.refusedBy).toEqual({ licence_full_internal: INTERNAL - MAX_INTERNAL })
    expect(tally.repeatsRefused).toBe(0)
    expect(bbb.dev.stats().calls.create).toBe(ROOMS)
  })

  it("sends no second create when a manager's repeat click lands on the other instance", async () => {
    // The licence of the rush above is used up: give this room its own headroom.
    const admin = await a.mintToken({ sub: 'rush-admin', admin: true })
    const limits = await fetch(`${a.url}/api/v1/admin/limits`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ licence: { maxParticipants: 1000, maxInternal: 1000, maxExternal: null } }),
    })
    expect(limits.status).toBe(200)
    const manager = await a.mintToken({ sub: 'rush-repeat-manager', name: 'Répétition', spaces: { 'rush-repeat': 'manager' } })
    const made = await fetch(`${a.url}/api/v1/spaces/rush-repeat/rooms`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Repeat' }),
    })
    expect(made.status).toBe(201)
    const roomId = ((await made.json()) as { room: { id: string } }).room.id
    const before = bbb.dev.stats().calls.create ?? 0
    for (const target of [a, b, b, a]) {
      const res = await fetch(`${target.url}/api/v1/rooms/${roomId}/join`, { method: 'POST', headers: { Authorization: `Bearer ${manager}` } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { role: string }).role).toBe('MODERATOR')
    }
    expect((bbb.dev.stats().calls.create ?? 0) - before).toBe(1)
  })
})
