import type { ChildProcess } from 'node:child_process'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { mintHostToken } from '../../server/auth/host-jwt.js'
import type { MeetingDeliveriesAnswer } from '../../server/contract/index.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'
import { portOpen } from '../helpers/leftovers.js'
import { exited, startServiceProcess, type ServiceProcess } from '../helpers/service-process.js'
import { TestSmtp } from './smtp.js'

// The real service process, killed with SIGKILL while invitations wait in its outbox (their SMTP server turning
// them away for now), then started again on the same database: every message arrives, each exactly once.
// The service runs as one process (`node --import tsx`), so the signal reaches the process holding the socket.

const HOST_SECRET = 'mail-restart-host-secret-0123456789abcdef'
const SPACE = 'mail-restart'
const DELIVERED_AT_ONCE = ['bruno@partner.example.com', 'chloe@partner.example.com']
const HELD_BACK = ['dan@partner.example.com', 'eve@partner.example.com', 'fanny@partner.example.com']

type Running = ServiceProcess

const children: ChildProcess[] = []
const databases: TestDatabase[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await Promise.all(children.map(exited))
  for (const d of databases) await d.drop()
})

async function startProcess(databaseUrl: string, smtpUrl: string): Promise<Running> {
  const running = await startServiceProcess({
    HOST_JWT_SECRET: HOST_SECRET,
    DATABASE_URL: databaseUrl,
    DEMO: 'off',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'reunions@example.org',
  })
  children.push(running.child)
  return running
}

async function deliveries(base: string, token: string, meetingId: string): Promise<MeetingDeliveriesAnswer> {
  const res = await fetch(`${base}/api/v1/meetings/${meetingId}/deliveries`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as MeetingDeliveriesAnswer
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`kill -9 with invitations in the outbox (${kind})`, () => {
    it('loses none of them: after a restart on the same database each arrives exactly once', async () => {
      const smtp = new TestSmtp()
      await smtp.up()
      cleanups.push(() => smtp.down())
      // Some mailboxes are busy for now (451 at RCPT TO): their invitations stay pending, retried with backoff.
      for (const email of HELD_BACK) smtp.busyUsers.add(email)
      const db = await createTestDatabase(kind)
      databases.push(db)
      const token = await mintHostToken(new TextEncoder().encode(HOST_SECRET), { sub: 'alice', name: 'Alice', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }

      const first = await startProcess(db.url, smtp.url)
      const room = await fetch(`${first.base}/api/v1/spaces/${SPACE}/rooms`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Salle' }) })
      expect(room.status).toBe(201)
      const roomId = ((await room.json()) as { room: { id: string } }).room.id
      const scheduled = await fetch(`${first.base}/api/v1/rooms/${roomId}/meetings`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          title: 'Comité',
          start: new Date(Date.now() + 86_400_000).toISOString(),
          durationMinutes: 60,
          attendees: [...DELIVERED_AT_ONCE, ...HELD_BACK].map((email) => ({ email })),
        }),
      })
      expect(scheduled.status).toBe(201)
      const meetingId = ((await scheduled.json()) as { meeting: { id: string } }).meeting.id

      // Killed once two were taken and the three others were turned away (their refusal recorded, still pending).
      await vi.waitFor(async () => {
        const answer = await deliveries(first.base, token, meetingId)
        const state = Object.fromEntries(answer.deliveries.map((d) => [d.email, d.delivery?.state === 'pending' && d.delivery.error !== null ? 'refused' : d.delivery?.state]))
        expect(state).toEqual(Object.fromEntries([...DELIVERED_AT_ONCE.map((e) => [e, 'sent']), ...HELD_BACK.map((e) => [e, 'refused'])]))
      }, { timeout: 20_000, interval: 100 })
      first.child.kill('SIGKILL')
      expect((await exited(first.child)).signal).toBe('SIGKILL')
      // The killed process was the one listening: nothing answers on its port any more.
      expect(await portOpen(first.port)).toBe(false)
      expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(DELIVERED_AT_ONCE)

      // The mailboxes take mail again; a new process on the same database delivers what was left.
      smtp.busyUsers.clear()
      const second = await startProcess(db.url, smtp.url)
      await vi.waitFor(async () => {
        const answer = await deliveries(second.base, token, meetingId)
        expect(answer.deliveries.map((d) => d.delivery?.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
        // (Killed in the middle of an attempt, a message's lease, 60 s, must end first: rare, slow, still right.)
      }, { timeout: 90_000, interval: 200 })
      expect(smtp.received).toHaveLength(DELIVERED_AT_ONCE.length + HELD_BACK.length)
      for (const email of [...DELIVERED_AT_ONCE, ...HELD_BACK]) expect(smtp.to(email), email).toHaveLength(1)
      second.child.kill('SIGKILL')
      await exited(second.child)
    }, 180_000)
  })
}
