import { Writable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHostEvents, type HostEvent, type HostEvents } from '../../server/host-events/index.js'
import { createLogger } from '../../server/log.js'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { createTestDatabase } from '../helpers/databases.js'
import { recordSecrets } from '../hardening/traffic-recorder.js'
import { FakeClock } from './fake-clock.js'
import { Receiver, verifySignature } from './receiver.js'

const SECRET = 'host-webhook-secret-for-tests-0123456789abcdef'
recordSecrets([SECRET])

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function database(kind: 'sqlite' | 'postgres'): Promise<{ url: string; open(): Promise<Store> }> {
  const db = await createTestDatabase(kind)
  const stores: Store[] = []
  cleanups.push(async () => {
    for (const s of stores) await s.close()
    await db.drop()
  })
  return {
    url: db.url,
    async open() {
      const store = await openStore(db.url)
      stores.push(store)
      return store
    },
  }
}

async function receiver(): Promise<Receiver> {
  const r = new Receiver()
  await r.up()
  cleanups.push(() => r.down())
  return r
}

function logger(lines: string[]) {
  return createLogger({
    // no secret to scrub: the assertions below check it is never written at all
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean))
        cb()
      },
    }),
  })
}

function hostEvents(store: Store, url: string, clock: FakeClock | undefined, lines: string[] = [], extra: Record<string, unknown> = {}): HostEvents {
  const events = createHostEvents({
    webhook: { url, secret: SECRET },
    store,
    clock: clock ?? { now: Date.now, setTimeout: (fn, ms) => setTimeout(fn, ms) as never, clearTimeout: (t) => clearTimeout(t as never) },
    log: logger(lines),
    delivery: { backoffMs: 1000, random: () => 0.5, pollMs: 60_000, ...extra },
  })
  cleanups.push(() => events.close())
  return events
}

let n = 0
function event(roomId: string, label: string, at = 0): HostEvent {
  return {
    id: `evt-${++n}-${label}`,
    type: 'participant.joined',
    at: new Date(at).toISOString(),
    spaceId: 'space-1',
    roomId,
    data: { label },
  }
}

const labelsOf = (r: Receiver, roomId: string) => r.accepted().filter((e) => e.roomId === roomId).map((e) => e.data.label)

describe.each(['sqlite', 'postgres'] as const)('host event delivery on %s', (kind) => {
  it('POSTs each event once, signed, as JSON {id, type, at, spaceId, roomId, data}, in order per room', async () => {
    const clock = new FakeClock()
    const r = await receiver()
    const store = await (await database(kind)).open()
    const lines: string[] = []
    const he = hostEvents(store, r.url, clock, lines)
    const sent = [event('A', 'a1'), event('B', 'b1'), event('A', 'a2'), event('A', 'a3'), event('B', 'b2')]
    for (const e of sent) await he.outbox.add(e, clock.now())
    he.start()
    // Generous: under a loaded machine the five POSTs and their settlement can take more than vi.waitFor's 1 s.
    await vi.waitFor(() => expect(r.accepted()).toHaveLength(5), { timeout: 15_000 })
    expect(labelsOf(r, 'A')).toEqual(['a1', 'a2', 'a3'])
    expect(labelsOf(r, 'B')).toEqual(['b1', 'b2'])
    for (const req of r.requests) {
      expect(req.headers['content-type']).toBe('application/json')
      const body = JSON.parse(req.rawBody) as Record<string, unknown>
      expect(Object.keys(body)).toEqual(['id', 'type', 'at', 'spaceId', 'roomId', 'data'])
      expect(sent.find((e) => e.id === body.id)).toEqual(body)
      const header = req.headers['x-bbb-spaces-signature'] as string
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
      expect(header.startsWith(`t=${Math.floor(clock.now() / 1000)},`)).toBe(true)
      expect(verifySignature(SECRET, header, req.rawBody, Math.floor(clock.now() / 1000))).toBe(true)
      // a tampered body or another key does not verify; nor does a t more than 5 minutes away
      expect(verifySignature(SECRET, header, req.rawBody.replace('space-1', 'space-2'), Math.floor(clock.now() / 1000))).toBe(false)
      expect(verifySignature(`${SECRET}x`, header, req.rawBody, Math.floor(clock.now() / 1000))).toBe(false)
      expect(verifySignature(SECRET, header, req.rawBody, Math.floor(clock.now() / 1000) + 301)).toBe(false)
    }
    await vi.waitFor(async () => expect(await he.outbox.counts()).toEqual({ pending: 0, delivered: 5, failed: 0 }), { timeout: 15_000 })
    // an event added again with the same id (a fact seen twice) is not sent again
    expect(await he.outbox.add(sent[0]!, clock.now())).toBe(false)
    expect(lines.join('\n')).not.toContain(SECRET)
  })

  it('keeps events while the receiver answers 503 or refuses connections, then delivers them all once, in order', async () => {
    const clock = new FakeClock()
    const r = await receiver()
    r.answer = 503
    const store = await (await database(kind)).open()
    const lines: string[] = []
    const he = hostEvents(store, r.url, clock, lines)
    he.start()
    r.answer = 503
    for (const e of [event('A', 'a1'), event('B', 'b1'), event('A', 'a2'), event('A', 'a3'), event('B', 'b2')]) {
      await he.outbox.add(e, clock.now())
      he.nudge()
    }
    // each room's first event is tried; nothing behind it goes before it succeeds
    await vi.waitFor(async () => {
      expect(r.requests.map((q) => JSON.parse(q.rawBody).data.label).sort()).toEqual(['a1', 'b1'])
      expect((await he.outbox.counts()).pending).toBe(5)
      expect(await he.outbox.nextDueAt()).toBe(clock.now() + 1000)
      expect(clock.nextTimerAt()).toBe(clock.now() + 1000)
    })
    clock.advance(1000)
    await vi.waitFor(() => expect(r.requests).toHaveLength(4))
    expect(r.requests.map((q) => JSON.parse(q.rawBody).data.label).sort()).toEqual(['a1', 'a1', 'b1', 'b1'])

    // now the port is closed: connection refused, retried the same way (backoff doubles: 2 s)
    await r.down()
    await vi.waitFor(() => expect(clock.nextTimerAt()).toBe(clock.now() + 2000))
    clock.advance(2000)
    await vi.waitFor(() => expect(clock.nextTimerAt()).toBe(clock.now() + 4000))
    expect(await he.outbox.nextDueAt()).toBe(clock.now() + 4000)
    expect(r.requests).toHaveLength(4)
    expect(lines.some((l) => l.includes('delivery failed') && l.includes('HTTP 503'))).toBe(true)

    r.answer = 200
    await r.up()
    clock.advance(4000)
    await vi.waitFor(() => expect(r.accepted()).toHaveLength(5))
    expect(labelsOf(r, 'A')).toEqual(['a1', 'a2', 'a3'])
    expect(labelsOf(r, 'B')).toEqual(['b1', 'b2'])
    // the retries of one event carry the same id and the same bytes
    const a1 = r.requests.filter((q) => JSON.parse(q.rawBody).data.label === 'a1')
    expect(a1).toHaveLength(3)
    expect(new Set(a1.map((q) => q.rawBody)).size).toBe(1)
    await vi.waitFor(async () => expect(await he.outbox.counts()).toEqual({ pending: 0, delivered: 5, failed: 0 }))
    expect(lines.join('\n')).not.toContain(SECRET)
  })

  it('gives an event up after its attempts, records it as failed, and goes on with the room', async () => {
    const clock = new FakeClock()
    const r = await receiver()
    r.answer = 503
    const store = await (await database(kind)).open()
    const lines: string[] = []
    const he = hostEvents(store, r.url, clock, lines, { maxAttempts: 2 })
    r.answerFor = (raw) => (raw.includes('doomed') ? 500 : 200)
    await he.outbox.add(event('A', 'doomed'), clock.now())
    await he.outbox.add(event('A', 'next'), clock.now())
    he.start()
    await vi.waitFor(() => expect(clock.nextTimerAt()).toBe(clock.now() + 1000))
    expect(r.requests).toHaveLength(1)
    clock.advance(1000)
    await vi.waitFor(() => expect(labelsOf(r, 'A')).toEqual(['next']))
    expect(r.requests.map((q) => JSON.parse(q.rawBody).data.label)).toEqual(['doomed', 'doomed', 'next'])
    expect(lines.some((l) => l.includes('delivery given up') && l.includes('"attempts":2') && l.includes('HTTP 500'))).toBe(true)
    await vi.waitFor(async () => expect(await he.outbox.counts()).toEqual({ pending: 0, delivered: 1, failed: 1 }))
  })

  it('gives an event up once it is older than the age limit, whatever its attempts', async () => {
    const clock = new FakeClock()
    const r = await receiver()
    r.answer = 503
    const store = await (await database(kind)).open()
    const lines: string[] = []
    const he = hostEvents(store, r.url, clock, lines, { maxAttempts: 100, maxAgeMs: 2500 })
    await he.outbox.add(event('A', 'old'), clock.now())
    he.start()
    await vi.waitFor(() => expect(clock.nextTimerAt()).toBe(clock.now() + 1000))
    clock.advance(1000)
    await vi.waitFor(() => expect(clock.nextTimerAt()).toBe(clock.now() + 2000))
    expect((await he.outbox.counts()).failed).toBe(0)
    clock.advance(2000)
    await vi.waitFor(async () => expect(await he.outbox.counts()).toEqual({ pending: 0, delivered: 0, failed: 1 }))
    expect(r.requests).toHaveLength(3)
    expect(lines.some((l) => l.includes('delivery given up') && l.includes('"attempts":3'))).toBe(true)
  })

  it('does not follow a redirect, and counts it as a failed attempt', async () => {
    const clock = new FakeClock()
    const r = await receiver()
    r.answer = 302
    const store = await (await database(kind)).open()
    const lines: string[] = []
    const he = hostEvents(store, r.url, clock, lines)
    await he.outbox.add(event('A', 'moved'), clock.now())
    he.start()
    await vi.waitFor(() => expect(lines.some((l) => l.includes('HTTP 302 (redirects are not followed)'))).toBe(true))
    expect(r.requests).toHaveLength(1)
    expect((await he.outbox.counts()).pending).toBe(1)
  })
})

describe('several instances on one PostgreSQL', () => {
  it('deliver each event once, in order per room, sharing the work', async () => {
    const r = await receiver()
    const db = await database('postgres')
    const stores = [await db.open(), await db.open(), await db.open()]
    const instances = stores.map((s) => hostEvents(s, r.url, undefined, [], { pollMs: 5 }))
    const rooms = ['A', 'B', 'C', 'D', 'E', 'F']
    const expected = new Map(rooms.map((room) => [room, [] as string[]]))
    for (let i = 0; i < 60; i++) {
      const room = rooms[i % rooms.length]!
      const e = event(room, `${room}${i}`)
      expected.get(room)!.push(`${room}${i}`)
      await instances[i % instances.length]!.outbox.add(e, Date.now())
    }
    for (const he of instances) he.start()
    await vi.waitFor(() => expect(r.accepted().length).toBeGreaterThanOrEqual(60), { timeout: 20_000 })
    await vi.waitFor(async () => expect((await instances[0]!.outbox.counts()).pending).toBe(0))
    const ids = r.accepted().map((e) => e.id)
    expect(ids).toHaveLength(60)
    expect(new Set(ids).size).toBe(60)
    expect(r.requests).toHaveLength(60)
    for (const room of rooms) expect(labelsOf(r, room)).toEqual(expected.get(room))
  })
})
