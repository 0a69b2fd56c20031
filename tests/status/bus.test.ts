import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import { createStatusBus, type BusMessage, type StatusBus } from '../../server/status/bus.js'
import { TEST_DATABASE_URL } from '../helpers/databases.js'

const buses: StatusBus[] = []
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()))
})

function urlWith(schema: string, extra: Record<string, string> = {}): string {
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('schema', schema)
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v)
  return url.toString()
}

async function bus(url: string): Promise<StatusBus> {
  const b = await createStatusBus({ databaseUrl: url, clock: systemClock })
  buses.push(b)
  return b
}

function received(b: StatusBus): BusMessage[] {
  const got: BusMessage[] = []
  b.subscribe((m) => got.push(m))
  return got
}

async function until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('PostgreSQL status bus', () => {
  it('joins instances whose URLs are spelled differently but name the same database and schema', async () => {
    const schema = `bus_${randomBytes(4).toString('hex')}`
    const a = await bus(urlWith(schema))
    const b = await bus(urlWith(schema, { application_name: 'other-instance' }).replace('127.0.0.1', 'localhost'))
    const other = await bus(urlWith(`${schema}_other`))
    const atB = received(b)
    const atOther = received(other)
    a.publish({ type: 'ended', meetingId: 'm-1' })
    await until('the message at B', () => atB.length === 1)
    expect(atB[0]).toEqual({ type: 'ended', meetingId: 'm-1' })
    await new Promise((r) => setTimeout(r, 200))
    expect(atOther).toEqual([])
  })

  it('reconnects by itself after its connection is killed, and hears the others again', async () => {
    const schema = `bus_${randomBytes(4).toString('hex')}`
    const listener = await bus(urlWith(schema, { application_name: `bus-victim-${schema}` }))
    const sender = await bus(urlWith(schema))
    const got = received(listener)
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await admin.connect()
    try {
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        `bus-victim-${schema}`,
      ])
      expect(killed.rowCount).toBe(1)
    } finally {
      await admin.end()
    }
    await until('the listener to be back', () => {
      sender.publish({ type: 'stale', meetingId: 'm-2' })
      return got.length > 0
    })
    expect(got[0]).toEqual({ type: 'stale', meetingId: 'm-2' })
  })

  it('sends a stale notice instead of a status too big for NOTIFY, counting bytes not characters', async () => {
    const schema = `bus_${randomBytes(4).toString('hex')}`
    const a = await bus(urlWith(schema))
    const b = await bus(urlWith(schema))
    const got = received(b)
    // 4,100 accented characters: under 7,000 characters, over PostgreSQL's 8,000-byte limit
    const name = 'é'.repeat(4100)
    a.publish({
      type: 'status',
      meetingId: 'm-3',
      status: { exists: true, running: true, participants: 1, moderators: 0, startedAt: 1, createTime: 1, attendees: [{ userId: 'u', name, role: 'VIEWER', guest: false }] },
    })
    await until('the notice', () => got.length === 1)
    expect(got[0]).toEqual({ type: 'stale', meetingId: 'm-3' })
  })
})
