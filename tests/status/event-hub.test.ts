import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { PassThrough } from 'node:stream'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { systemClock, type Clock, type ClockTimer } from '../../server/clock.js'
import { EventHub } from '../../server/status/event-hub.js'
import { openSse } from './sse.js'

let server: Server | null = null
let hub: EventHub | null = null

afterEach(async () => {
  hub?.close()
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r) ?? r(undefined))
  server = null
  hub = null
})

async function serve(h: EventHub): Promise<string> {
  server = createServer((req, res) => {
    const roomId = new URL(req.url!, 'http://x').searchParams.get('room') ?? 'r1'
    const stream = h.open({ res, roomIds: new Set([roomId]), spaceId: null })
    const last = req.headers['last-event-id']
    if (typeof last === 'string') stream.replay(last)
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`
}

describe('event hub', () => {
  it('sends heartbeats as comment lines, and events only to the streams of their room', async () => {
    hub = new EventHub({ clock: systemClock, heartbeatMs: 50 })
    const url = await serve(hub)
    const r1 = await openSse(`${url}?room=r1`)
    const r2 = await openSse(`${url}?room=r2`)
    hub.publish({ roomId: 'r1', spaceId: 's' }, 'status', { roomId: 'r1', participants: 3 })
    await r1.next((e) => e.event === 'status')
    for (let i = 0; i < 100 && r1.comments < 2; i++) await new Promise((r) => setTimeout(r, 20))
    expect(r1.comments).toBeGreaterThanOrEqual(2)
    expect(r2.events).toEqual([])
    r1.close()
    r2.close()
  })

  it('drops a stream that stops reading once its unsent output passes the cap (bounded memory per client)', async () => {
    hub = new EventHub({ clock: systemClock, maxBufferedBytes: 64 * 1024 })
    const url = new URL(await serve(hub))
    const socket = connect(Number(url.port), '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    socket.write(`GET /?room=slow HTTP/1.1\r\nHost: x\r\n\r\n`)
    socket.pause()
    for (let i = 0; i < 50 && hub.size === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(hub.size).toBe(1)
    const big = 'x'.repeat(64 * 1024)
    for (let i = 0; i < 400 && hub.size > 0; i++) {
      hub.publish({ roomId: 'slow', spaceId: 's' }, 'status', { big })
      await new Promise((r) => setImmediate(r))
    }
    expect(hub.size).toBe(0)
    socket.destroy()
  })

  it('replays only missed events of the stream’s rooms for a known Last-Event-ID', async () => {
    hub = new EventHub({ clock: systemClock })
    const url = await serve(hub)
    hub.publish({ roomId: 'r1', spaceId: 's' }, 'status', { n: 1 })
    const mark = hub.lastId
    hub.publish({ roomId: 'r2', spaceId: 's' }, 'status', { other: true })
    hub.publish({ roomId: 'r1', spaceId: 's' }, 'ended', { n: 2 })
    const resumed = await openSse(`${url}?room=r1`, { 'Last-Event-ID': mark })
    const ended = await resumed.next((e) => e.event === 'ended')
    expect(ended.data).toEqual({ n: 2 })
    await new Promise((r) => setTimeout(r, 50))
    expect(resumed.events).toHaveLength(1)
    resumed.close()
  })

  it('writes one heartbeat per period to every open stream, and none once the hub is closed (fake clock)', () => {
    vi.useFakeTimers()
    try {
      hub = new EventHub({ clock: systemClock, heartbeatMs: 15_000 })
      const a = fakeResponse()
      const b = fakeResponse()
      hub.open({ res: a.res, roomIds: new Set(['r1']), spaceId: null })
      hub.open({ res: b.res, roomIds: null, spaceId: 's' })
      vi.advanceTimersByTime(14_999)
      expect(a.heartbeats()).toBe(0)
      vi.advanceTimersByTime(1)
      expect([a.heartbeats(), b.heartbeats()]).toEqual([1, 1])
      vi.advanceTimersByTime(30_000)
      expect([a.heartbeats(), b.heartbeats()]).toEqual([3, 3])
      hub.close()
      hub = null
      vi.advanceTimersByTime(60_000)
      expect([a.heartbeats(), b.heartbeats()]).toEqual([3, 3])
    } finally {
      vi.useRealTimers()
    }
  })
})

/** A response the hub can write to, keeping what it wrote. */
function fakeResponse(): { res: ServerResponse; heartbeats(): number } {
  const sink = new PassThrough()
  let written = ''
  sink.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
  const res = Object.assign(sink, { writeHead: () => res, flushHeaders: () => undefined }) as unknown as ServerResponse
  return { res, heartbeats: () => written.split(':\n\n').length - 1 }
}

describe('event hub deadlines', () => {
  /** A clock whose timers run when the test moves time on, counting the timers pending. */
  function manualClock() {
    let now = 1_000_000
    const timers = new Map<number, { at: number; fn: () => void }>()
    let next = 1
    return {
      clock: {
        now: () => now,
        setTimeout: (fn: () => void, ms: number): ClockTimer => {
          const id = next++
          timers.set(id, { at: now + ms, fn })
          return id as unknown as ClockTimer
        },
        clearTimeout: (id: ClockTimer) => void timers.delete(id as unknown as number),
      } satisfies Clock,
      pending: () => timers.size,
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
  function fakeResponse() {
    const state = { ended: false }
    const res = {
      writeHead: () => res,
      flushHeaders: () => undefined,
      write: () => true,
      end: () => void (state.ended = true),
      on: () => res,
      destroy: () => undefined,
      writableLength: 0,
    }
    return { res: res as unknown as ServerResponse, state }
  }

  it('ends each stream at its own deadline with one timer for all of them, not one per stream', () => {
    const time = manualClock()
    hub = new EventHub({ clock: time.clock, heartbeatMs: 15_000 })
    const streams = Array.from({ length: 200 }, (_, i) => {
      const { res, state } = fakeResponse()
      let closed = false
      hub!.open({ res, roomIds: new Set(['r']), spaceId: null, deadline: time.clock.now() + 1000 * (i + 1), onClose: () => (closed = true) })
      return { state, closed: () => closed }
    })
    // The heartbeat and the expiry timer, whatever the number of streams.
    expect(time.pending()).toBe(2)
    expect(hub.size).toBe(200)
    time.advance(999)
    expect(hub.size).toBe(200)
    time.advance(1)
    expect(hub.size).toBe(199)
    expect(streams[0]!.state.ended).toBe(true)
    expect(streams[0]!.closed()).toBe(true)
    expect(streams[1]!.state.ended).toBe(false)
    time.advance(99_000)
    expect(hub.size).toBe(100)
    expect(streams.slice(0, 100).every((s) => s.state.ended && s.closed())).toBe(true)
    expect(streams.slice(100).some((s) => s.state.ended)).toBe(false)
    expect(time.pending()).toBe(2)
    time.advance(100_000)
    expect(hub.size).toBe(0)
    // Nothing left to end: only the heartbeat remains.
    expect(time.pending()).toBe(1)
  })

  it('sets its one timer earlier when a stream with a nearer deadline opens', () => {
    const time = manualClock()
    hub = new EventHub({ clock: time.clock })
    const late = fakeResponse()
    const soon = fakeResponse()
    hub.open({ res: late.res, roomIds: null, spaceId: 's', deadline: time.clock.now() + 3_600_000 })
    hub.open({ res: soon.res, roomIds: null, spaceId: 's', deadline: time.clock.now() + 2000 })
    expect(time.pending()).toBe(2)
    time.advance(2000)
    expect(soon.state.ended).toBe(true)
    expect(late.state.ended).toBe(false)
    time.advance(3_598_000)
    expect(late.state.ended).toBe(true)
  })
})
