import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBbbClient } from '../../server/bbb/index.js'
import { startDevBbb } from '../../server/dev-bbb/index.js'
import { systemClock } from '../../server/clock.js'
import { createStatusRefresher } from '../../server/status/refresher.js'
import type { MeetingRun } from '../../server/model/index.js'
import { startTestService, type TestService } from '../helpers/service.js'
import { openSse, type SseStream } from './sse.js'

// Long on purpose: no timer tick falls inside the test, so every BBB call counted was caused by a reader (one call
// per tick is asserted on a fake clock in refresher-timing.test.ts).
const INTERVAL = 600_000
const SPACES = ['s1', 's2', 's3', 's4', 's5']
let t: TestService
let manager: string
let viewer: string
const streams: SseStream[] = []

beforeAll(async () => {
  t = await startTestService({ env: { STATUS_INTERVAL_MS: String(INTERVAL), STREAMS_PER_USER: '1000', STREAMS_PER_ADDRESS: '1000' } })
  const spaces = Object.fromEntries(SPACES.map((s) => [s, 'manager' as const]))
  manager = await t.mintToken({ sub: 'boss', name: 'Boss', spaces })
  viewer = await t.mintToken({ sub: 'watcher', name: 'Watcher', spaces: Object.fromEntries(SPACES.map((s) => [s, 'member' as const])) })
})

afterAll(async () => {
  for (const s of streams) s.close()
  await t?.close()
})

const api = () => request(t.url)
const calls = async () => {
  const stats = await t.bbbStats()
  return { getMeetings: stats.getMeetings ?? 0, getMeetingInfo: stats.getMeetingInfo ?? 0 }
}

describe('one BBB status poll for everyone', () => {
  it('500 SSE clients over 50 rooms share one getMeetings per interval, and room lists add none', async () => {
    const rooms: string[] = []
    for (const space of SPACES) {
      for (let i = 0; i < 10; i++) {
        const res = await api().post(`/api/v1/spaces/${space}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: `R${i}` })
        expect(res.status).toBe(201)
        rooms.push(res.body.room.id as string)
      }
    }
    for (const id of rooms.slice(0, 10)) {
      await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    }

    // the joins' own refreshes settle first (a read joins one in flight, the next finds the snapshot fresh)
    await t.service.live.source.get(rooms[0]!)
    await t.service.live.source.get(rooms[0]!)
    const beforeOpen = await calls()
    for (let batch = 0; batch < 10; batch++) {
      const opened = await Promise.all(
        rooms.map((id) => openSse(`${t.url}/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${viewer}` })),
      )
      streams.push(...opened)
    }
    expect(streams).toHaveLength(500)
    expect(streams.every((s) => s.status === 200)).toBe(true)
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'status', 30_000)))
    expect(t.service.live.hub.size).toBe(500)
    // connecting 500 streams (each gets the current status) costs no call within the interval: they all read the
    // shared snapshot
    const opening = (await calls()).getMeetings - beforeOpen.getMeetings
    expect(opening).toBe(0)

    const before = await calls()
    // meanwhile, everyone also lists their rooms now and then
    for (let i = 0; i < 5; i++) {
      await Promise.all(SPACES.map((s) => api().get(`/api/v1/spaces/${s}/rooms`).set('Authorization', `Bearer ${viewer}`).expect(200)))
    }
    const after = await calls()
    expect(after.getMeetings - before.getMeetings).toBe(0)
    expect(after.getMeetingInfo - before.getMeetingInfo).toBe(0)
  }, 90_000) // 500 streams on a loaded 2-core machine can take a while; nothing here is timed
})

describe('status refresher against BBB and Scalelite', () => {
  function run(meetingId: string, createTime: number): MeetingRun {
    return { meetingId, roomId: 'r', spaceId: 's', createTime, internalMeetingId: null, moderatorPw: null, startedBy: 'x', startedAt: createTime, endedAt: null }
  }

  it('shares one getMeetings between 100 simultaneous readers', async () => {
    const dev = await startDevBbb({ port: 0 })
    try {
      const bbb = createBbbClient({ endpoint: dev.url, secret: dev.secret })
      await bbb.create({ meetingID: 'm-1', name: 'One' })
      const source = createStatusRefresher({ bbb, listOpenRuns: async () => [], intervalMs: 60_000, clock: systemClock })
      const answers = await Promise.all(Array.from({ length: 100 }, () => source.get('m-1')))
      expect(answers.every((a) => a.exists)).toBe(true)
      expect(dev.dev.stats().calls.getMeetings).toBe(1)
      expect(source.calls()).toEqual({ getMeetings: 1 })
      source.close()
    } finally {
      await dev.close()
    }
  })

  it('switches to getMeetingInfo per open meeting when Scalelite answers noMeetings for a running one', async () => {
    // BBB's clock 10 s behind: the meeting looks created well before the poll
    const dev = await startDevBbb({ port: 0, like: 'scalelite', getMeetingsDisabled: true, clock: () => Date.now() - 10_000 })
    try {
      const bbb = createBbbClient({ endpoint: dev.url, secret: dev.secret })
      const created = await bbb.create({ meetingID: 'm-2', name: 'Two' })
      const runs = [run('m-2', created.createTime)]
      const source = createStatusRefresher({ bbb, listOpenRuns: async () => runs, intervalMs: 60_000, clock: systemClock })
      expect(source.mode).toBe('getMeetings')
      expect((await source.get('m-2')).exists).toBe(true)
      expect(source.mode).toBe('getMeetingInfo')
      source.invalidate()
      expect((await source.get('m-2')).exists).toBe(true)
      // from now on: one getMeetingInfo per open meeting, no more getMeetings
      expect(source.calls().getMeetings).toBe(1)
      expect(dev.dev.stats().calls.getMeetingInfo).toBe(3)
      source.close()
    } finally {
      await dev.close()
    }
  })

  it('answers readers as soon as BBB has answered, while the ledger reconciliation that follows still runs', async () => {
    const dev = await startDevBbb({ port: 0 })
    try {
      const bbb = createBbbClient({ endpoint: dev.url, secret: dev.secret })
      await bbb.create({ meetingID: 'm-1', name: 'One' })
      // The reconciliation of a rush (hundreds of meetings, one locked transaction each) takes seconds: here it
      // waits until the test lets it go, and records what it was given.
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      const reconciled: string[][] = []
      const source = createStatusRefresher({
        bbb,
        listOpenRuns: async () => [],
        intervalMs: 60_000,
        clock: systemClock,
        onRefreshed: async (statuses) => {
          await held
          reconciled.push([...statuses.keys()])
        },
      })
      expect((await source.get('m-1')).exists).toBe(true)
      expect(reconciled).toEqual([])
      // An explicit refresh resolves once what follows it is done, with the newest snapshot.
      await bbb.create({ meetingID: 'm-2', name: 'Two' })
      const refreshed = source.refresh()
      release()
      expect((await refreshed).get('m-2')?.exists).toBe(true)
      expect(reconciled.at(-1)).toEqual(expect.arrayContaining(['m-1', 'm-2']))
      source.close()
    } finally {
      await dev.close()
    }
  })
})
