import { describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { limitsKit } from '../limits/fixtures.js'

const SPACE = 'rush-space'

interface Setup {
  /** Where the joins go: one instance, or two sharing one database. */
  instances: TestService[]
  kit: ReturnType<typeof limitsKit>
  close(): Promise<void>
}

async function sqliteSetup(): Promise<Setup> {
  const t = await startTestService()
  return { instances: [t], kit: limitsKit(t, SPACE), close: () => t.close() }
}

/** Two service instances on one PostgreSQL schema, both talking to the first one's dev BBB. */
async function postgresSetup(): Promise<Setup> {
  const a = await startTestService({ store: 'postgres' })
  const b = await startTestService({
    sharedStore: a.store,
    env: { BIGBLUEBUTTON_ENDPOINT: a.bbbUrl, BIGBLUEBUTTON_SECRET: a.service.config.bbb.secret },
  })
  return {
    instances: [a, b],
    kit: limitsKit(a, SPACE),
    async close() {
      await b.close()
      await a.close()
    },
  }
}

/** Everyone asks at the same moment, spread over the instances; tokens are minted first so nothing staggers. */
async function rush(setup: Setup, roomId: string, users: string[]) {
  const bearers = await Promise.all(users.map((u) => setup.kit.token(u)))
  const results = await Promise.all(
    bearers.map((bearer, i) => setup.kit.join(roomId, bearer, setup.instances[i % setup.instances.length]!.url)),
  )
  return {
    granted: results.filter((r) => r.status === 200),
    refused: results.filter((r) => r.status !== 200),
  }
}

async function startWithModerator(setup: Setup, settings: Record<string, unknown> = {}): Promise<string> {
  const room = await setup.kit.newRoom(settings)
  const res = await setup.kit.join(room, await setup.kit.manager())
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  await setup.kit.enter(res.body.joinUrl)
  return room
}

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`)

describe.each([
  ['SQLite, one instance', sqliteSetup],
  ['PostgreSQL, two instances sharing the database', postgresSetup],
])('a rush of joins on %s', (_name, setupFn) => {
  it('licence cap 20, moderator in: 60 users at once get exactly 19 join URLs and 41 licence_full refusals', async () => {
    const setup = await setupFn()
    try {
      await setup.kit.putLimits({ licence: { maxParticipants: 20 } })
      const room = await startWithModerator(setup)
      const { granted, refused } = await rush(setup, room, users('rush', 60))
      expect(granted).toHaveLength(19)
      expect(refused).toHaveLength(41)
      for (const r of refused) {
        expect(r.status).toBe(409)
        expect(r.body.error.code).toMatch(/^licence_full/)
      }
      expect(new Set(granted.map((r) => new URL(r.body.joinUrl).searchParams.get('userID'))).size).toBe(19)
      const usage = await setup.kit.usage()
      expect(usage.participants.total).toBe(20)
      expect((await setup.instances[0]!.store.listAudit({ action: 'join.refused' })).total).toBe(41)
    } finally {
      await setup.close()
    }
  })

  it('200 parallel joins of distinct users with 50 seats left grant exactly 50', async () => {
    const setup = await setupFn()
    try {
      await setup.kit.putLimits({ licence: { maxParticipants: 60 } })
      const room = await startWithModerator(setup)
      const warmup = await rush(setup, room, users('early', 9))
      expect(warmup.granted).toHaveLength(9)
      const { granted, refused } = await rush(setup, room, users('late', 200))
      expect(granted).toHaveLength(50)
      expect(refused).toHaveLength(150)
      expect(new Set(refused.map((r) => r.body.error.code))).toEqual(new Set(['licence_full']))
      expect((await setup.kit.usage()).participants.total).toBe(60)
    } finally {
      await setup.close()
    }
  })

  it('a room cap holds under a rush too: room_full past it', async () => {
    const setup = await setupFn()
    try {
      const room = await startWithModerator(setup, { maxParticipants: 10 })
      const { granted, refused } = await rush(setup, room, users('room', 40))
      expect(granted).toHaveLength(9)
      expect(new Set(refused.map((r) => r.body.error.code))).toEqual(new Set(['room_full']))
    } finally {
      await setup.close()
    }
  })
})
