import type { ChildProcess } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { mintHostToken } from '../../server/auth/host-jwt.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'
import { portOpen } from '../helpers/leftovers.js'
import { exited, startServiceProcess, type ServiceProcess } from '../helpers/service-process.js'

// The real process, killed with SIGKILL in the middle of a burst of writes, then restarted on the same database:
// every write it acknowledged is there, and nothing shows half-written. The service runs as one process
// (`node --import tsx`, no tsx wrapper in between), so the signal reaches the process that holds the socket.
const HOST_SECRET = 'durability-host-secret-0123456789abcdef'
const SPACE = 'durable-space'

type Running = ServiceProcess

function startProcess(databaseUrl: string): Promise<Running> {
  return startServiceProcess({
    HOST_JWT_SECRET: HOST_SECRET,
    DATABASE_URL: databaseUrl,
    DEMO: 'off',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  })
}

const children: ChildProcess[] = []
const databases: TestDatabase[] = []
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await Promise.all(children.map(exited))
  for (const d of databases) await d.drop()
})

async function token(): Promise<string> {
  return mintHostToken(new TextEncoder().encode(HOST_SECRET), { sub: 'dora', name: 'Dora', admin: true, spaces: { [SPACE]: 'manager' } })
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`kill -9 during a burst of writes (${kind})`, () => {
    it('keeps every acknowledged write and shows nothing half-written after a restart', async () => {
      const db = await createTestDatabase(kind)
      databases.push(db)
      const first = await startProcess(db.url)
      children.push(first.child)
      const auth = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' }
      expect(await portOpen(first.port)).toBe(true)

      const seed = await fetch(`${first.base}/api/v1/spaces/${SPACE}/rooms`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Seed' }) })
      expect(seed.status).toBe(201)
      const seedRoom = ((await seed.json()) as { room: { id: string } }).room.id

      const rooms = new Map<string, number>() // id → n (name "Room n", maxParticipants n)
      const meetings = new Map<string, number>()
      const limitValues = new Set<number>()
      let acknowledged = 0
      let killed = false
      const KILL_AFTER = 60

      const write = async (n: number): Promise<void> => {
        const kindOf = n % 3
        try {
          if (kindOf === 0) {
            const res = await fetch(`${first.base}/api/v1/spaces/${SPACE}/rooms`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ name: `Room ${n}`, settings: { maxParticipants: n } }),
            })
            if (res.status === 201) rooms.set(((await res.json()) as { room: { id: string } }).room.id, n)
            else return
          } else if (kindOf === 1) {
            limitValues.add(n)
            const res = await fetch(`${first.base}/api/v1/admin/spaces/${SPACE}/limits`, {
              method: 'PUT',
              headers: auth,
              body: JSON.stringify({ limits: { maxParticipantsPerMeeting: n, maxDurationMinutes: n } }),
            })
            if (res.status !== 200) return
          } else {
            const res = await fetch(`${first.base}/api/v1/rooms/${seedRoom}/meetings`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ title: `Meeting ${n}`, start: new Date(Date.now() + 86_400_000 + n * 60_000).toISOString(), durationMinutes: 30 + n }),
            })
            if (res.status === 201) meetings.set(((await res.json()) as { meeting: { id: string } }).meeting.id, n)
            else return
          }
          acknowledged += 1
          if (acknowledged === KILL_AFTER && !killed) {
            killed = true
            first.child.kill('SIGKILL')
          }
        } catch {
          // cut off by the kill: not acknowledged, so no promise was made
        }
      }

      let next = 0
      await Promise.all(
        Array.from({ length: 12 }, async () => {
          while (!killed && next < 2000) await write(next++)
        }),
      )
      expect((await exited(first.child)).signal).toBe('SIGKILL')
      // The killed process was the one listening: nothing answers on its port any more.
      expect(await portOpen(first.port)).toBe(false)
      expect(acknowledged).toBeGreaterThanOrEqual(KILL_AFTER)

      const second = await startProcess(db.url)
      children.push(second.child)
      try {
        for (const [id, n] of rooms) {
          const res = await fetch(`${second.base}/api/v1/rooms/${id}`, { headers: auth })
          expect(res.status, `room ${n}`).toBe(200)
          const { room } = (await res.json()) as { room: { name: string; settings: { maxParticipants: number | null } } }
          expect(room.name).toBe(`Room ${n}`)
          expect(room.settings.maxParticipants).toBe(n)
        }
        for (const [id, n] of meetings) {
          const res = await fetch(`${second.base}/api/v1/meetings/${id}`, { headers: auth })
          expect(res.status, `meeting ${n}`).toBe(200)
          const { meeting } = (await res.json()) as { meeting: { title: string; start: string; end: string } }
          expect(meeting.title).toBe(`Meeting ${n}`)
          expect(Date.parse(meeting.end) - Date.parse(meeting.start)).toBe((30 + n) * 60_000)
        }
        // Every room in the space is either the seed or one whole burst room (no name without its settings).
        const list = await fetch(`${second.base}/api/v1/spaces/${SPACE}/rooms`, { headers: auth })
        const all = ((await list.json()) as { rooms: Array<{ name: string; settings: { maxParticipants: number | null } }> }).rooms
        for (const r of all) {
          if (!r.name.startsWith('Room ')) continue
          expect(r.name).toBe(`Room ${r.settings.maxParticipants}`)
        }
        // The space limits are one write's pair, never a mix of two.
        const limits = await fetch(`${second.base}/api/v1/admin/spaces/${SPACE}/limits`, { headers: auth })
        const body = (await limits.json()) as { limits: { maxParticipantsPerMeeting?: number; maxDurationMinutes?: number } }
        expect(body.limits.maxParticipantsPerMeeting).toBe(body.limits.maxDurationMinutes)
        expect(limitValues.has(body.limits.maxParticipantsPerMeeting!)).toBe(true)
      } finally {
        second.child.kill('SIGKILL')
        await exited(second.child)
      }
    }, 90_000)
  })
}

describe('graceful shutdown on SIGTERM', () => {
  it('ends SSE streams (which carry a retry hint), finishes in-flight requests, closes the database', async () => {
    const db = await createTestDatabase('sqlite')
    databases.push(db)
    const running = await startProcess(db.url)
    children.push(running.child)
    const auth = { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' }
    const created = await fetch(`${running.base}/api/v1/spaces/${SPACE}/rooms`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Live' }) })
    const roomId = ((await created.json()) as { room: { id: string } }).room.id

    const stream = await fetch(`${running.base}/api/v1/spaces/${SPACE}/events`, { headers: { authorization: auth.authorization } })
    expect(stream.status).toBe(200)
    const reader = stream.body!.getReader()
    let received = ''
    const drained = (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return 'ended'
        received += new TextDecoder().decode(value)
      }
    })().catch(() => 'reset')

    // A request BBB keeps waiting for 1.5 s is in flight when the signal comes.
    const faults = await fetch(`${running.base}/bigbluebutton/dev/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'slow', delayMs: 1500, calls: ['create'] }),
    })
    expect(faults.status).toBe(200)
    const join = fetch(`${running.base}/api/v1/rooms/${roomId}/join`, { method: 'POST', headers: auth })
    await new Promise((r) => setTimeout(r, 300))
    const signalled = Date.now()
    running.child.kill('SIGTERM')

    const answered = await join
    expect(answered.status).toBe(200)
    expect(((await answered.json()) as { joinUrl: string }).joinUrl).toContain('/api/join?')
    expect(await drained).toBe('ended')
    expect(received).toMatch(/^retry: \d+$/m)
    const { code } = await exited(running.child)
    expect(code).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(8000)
    // SQLite removes its write-ahead log when the last connection closes cleanly.
    const file = db.url.replace(/^sqlite:/, '')
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0)
  }, 60_000)
})
