import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { Principal } from '../../server/auth/principal.js'
import type { Clock, ClockTimer } from '../../server/clock.js'
import { errorHandler } from '../../server/http/error-handler.js'
import { eventsRouter } from '../../server/http/routes/events.js'
import { createLogger } from '../../server/log.js'
import { defaultRoomSettings, newRoomRecord } from '../../server/rooms/rooms.js'
import { EventHub } from '../../server/status/event-hub.js'
import type { LiveStatus } from '../../server/status/live-status.js'
import { NOT_RUNNING } from '../../server/status/meeting-status.js'
import { openTestStore } from '../helpers/databases.js'
import { openSse, type SseStream } from '../status/sse.js'

// Live status streams against floods, on a fake clock (no sleeping): a stream ends after its longest lifetime
// (one hour) whatever its token says, and past the instance's cap (STREAMS_MAX) one more is 503 with Retry-After.

const SPACE = 'team-streams'

/** A clock whose timers run only when the test moves time on. */
function manualClock() {
  let now = Date.UTC(2026, 10, 29, 8)
  const timers = new Map<number, { at: number; fn: () => void }>()
  let next = 1
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++
      timers.set(id, { at: now + ms, fn })
      return id as unknown as ClockTimer
    },
    clearTimeout: (id) => void timers.delete(id as unknown as number),
  }
  return {
    clock,
    advance(ms: number) {
      now += ms
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) return
        timers.delete(due[0])
        due[1].fn()
      }
    },
  }
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** The events router as the service mounts it, over a fake clock, a real store and a hub on that clock. */
async function streamsService(options: { total?: number } = {}) {
  const time = manualClock()
  const opened = await openTestStore('sqlite')
  cleanups.push(opened.cleanup)
  const room = await opened.store.createRoom(newRoomRecord(SPACE, 'Streams', false, defaultRoomSettings()), time.clock.now())
  const hub = new EventHub({ clock: time.clock, heartbeatMs: 15_000 })
  cleanups.push(async () => hub.close())
  const live = {
    hub,
    source: { watch: () => () => undefined, get: async () => NOT_RUNNING, getMany: async () => new Map() },
  } as unknown as LiveStatus
  const principal = (sub: string): Principal => ({ sub, name: sub, email: null, locale: null, avatar: null, external: false, admin: false, spaces: { [SPACE]: 'member' } })
  const app = express()
  app.use(
    '/api/v1',
    eventsRouter({
      store: opened.store,
      live,
      clock: time.clock,
      secret: 'a-bbb-secret-for-the-streams-test',
      // a token that lives for a day: only the stream's longest lifetime can end it
      verifyToken: async (token) => principal(token),
      caps: options.total === undefined ? {} : { total: options.total },
    }),
  )
  const silent = new Writable({ write: (_c, _e, cb) => cb() })
  app.use(errorHandler(createLogger({ level: 'silent', secrets: [], destination: silent })))
  const server: Server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/rooms/${room.id}/events`
  const streams: SseStream[] = []
  cleanups.push(async () => streams.forEach((s) => s.close()))
  const open = async (user: string) => {
    const s = await openSse(url, { Authorization: `Bearer ${user}` })
    streams.push(s)
    return s
  }
  return { time, hub, url, open }
}

describe('live status streams', () => {
  it('end after one hour at most, even when the token would allow more', async () => {
    const { time, hub, open } = await streamsService()
    const stream = await open('ann')
    expect(stream.status).toBe(200)
    await stream.next((e) => e.event === 'status')
    let ended = false
    void stream.ended.then(() => (ended = true))
    time.advance(3_600_000 - 1)
    expect(hub.size).toBe(1)
    time.advance(1)
    expect(hub.size).toBe(0)
    await stream.ended
    expect(ended).toBe(true)
  })

  it('answer 503 service_unavailable with Retry-After past the instance’s cap, and take one again once a stream ends', async () => {
    const { time, open, url } = await streamsService({ total: 2 })
    const first = await open('ann')
    const second = await open('ben')
    expect([first.status, second.status]).toEqual([200, 200])
    const refused = await fetch(url, { headers: { Authorization: 'Bearer cleo', Accept: 'text/event-stream' } })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('service_unavailable')
    // an hour on, both streams have ended and freed their places
    time.advance(3_600_000)
    await Promise.all([first.ended, second.ended])
    const again = await open('cleo')
    expect(again.status).toBe(200)
  })
})
