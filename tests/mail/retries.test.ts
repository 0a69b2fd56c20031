import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeClock } from '../host-events/fake-clock.js'
import { startTestService } from '../helpers/service.js'
import { TestSmtp } from './smtp.js'

// SMTP refusing for an hour, then accepting: nothing is lost and every message arrives exactly once. The retries
// follow the mail worker's backoff on a clock the test moves (no sleeping); the SMTP server is a real one.

const SPACE = 'mail-retries'
const HOUR = 3600_000
const ATTENDEES = ['bruno@partner.example.com', 'chloe@partner.example.com', 'dan@partner.example.com']

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(kind: 'sqlite' | 'postgres') {
  const smtp = new TestSmtp()
  await smtp.up()
  cleanups.push(() => smtp.down())
  const clock = new FakeClock(Date.now())
  const t = await startTestService({
    store: kind,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'reunions@example.org' },
    // Backoff from 1 s doubling to 15 min; the worker otherwise looks every minute.
    mail: { clock, delivery: { backoffMs: 1000, maxBackoffMs: 15 * 60_000, pollMs: 60_000, random: () => 0.5 } },
  })
  cleanups.push(() => t.close())
  const alice = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
  const room = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${alice}`).send({ name: 'Salle' }).expect(201)
  return { smtp, clock, t, alice, roomId: room.body.room.id as string }
}

/** The worker is idle once it has set its next wake-up (none is set while it works). */
async function idle(clock: FakeClock): Promise<void> {
  await vi.waitFor(() => expect(clock.nextTimerAt()).not.toBeNull(), { timeout: 15_000 })
}

/** Moves the clock to the worker's next wake-up and waits until what it did then is done; that time. */
async function settled(clock: FakeClock): Promise<number> {
  await idle(clock)
  const at = clock.nextTimerAt()!
  clock.advance(at - clock.now())
  await idle(clock)
  return at
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`mail while the SMTP server refuses (${kind})`, () => {
    it('keeps retrying with a growing backoff for an hour of refusals, then delivers every message exactly once', async () => {
      const s = await setup(kind)
      s.smtp.refuseNext = Infinity
      const downSince = s.clock.now()
      const res = await request(s.t.url)
        .post(`/api/v1/rooms/${s.roomId}/meetings`)
        .set('Authorization', `Bearer ${s.alice}`)
        .send({ title: 'Point trimestriel', start: new Date(downSince + 2 * 86_400_000).toISOString(), durationMinutes: 60, attendees: ATTENDEES.map((email) => ({ email })) })
        .expect(201)
      const meetingId = res.body.meeting.id as string

      // The first attempts happen at once and are refused (451).
      await vi.waitFor(() => expect(s.smtp.refused).toBe(ATTENDEES.length), { timeout: 15_000 })
      // Then the worker sleeps until the first retry, 1 s later (on the fake clock), and not before.
      await vi.waitFor(() => expect(s.clock.nextTimerAt()).toBe(downSince + 1000), { timeout: 15_000 })

      // An hour of refusals, moving the clock from wake-up to wake-up.
      const attemptsAt: number[] = []
      while (s.clock.now() - downSince < HOUR) {
        const refusedBefore = s.smtp.refused
        const at = await settled(s.clock)
        if (s.smtp.refused > refusedBefore) attemptsAt.push(at - downSince)
      }
      expect(s.smtp.received).toHaveLength(0)
      // The delays between attempts double (1, 2, 4 … s), capped at 15 minutes: a few dozen attempts in an hour,
      // not one per poll.
      const gaps = attemptsAt.map((at, i) => at - (i === 0 ? 0 : attemptsAt[i - 1]!))
      expect(gaps.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 16_000])
      expect(Math.max(...gaps)).toBe(15 * 60_000)
      expect(attemptsAt.length).toBeLessThan(20)
      const during = await request(s.t.url).get(`/api/v1/meetings/${meetingId}/deliveries`).set('Authorization', `Bearer ${s.alice}`).expect(200)
      for (const d of during.body.deliveries as Array<{ delivery: { state: string; attempts: number; error: string } }>) {
        expect(d.delivery.state).toBe('pending')
        expect(d.delivery.attempts).toBe(attemptsAt.length + 1)
        expect(d.delivery.error).toMatch(/451/)
      }

      // The server accepts again: the next attempt (at most 15 minutes later) delivers everything.
      s.smtp.refuseNext = 0
      const upSince = s.clock.now()
      while (s.smtp.received.length < ATTENDEES.length && s.clock.now() - upSince <= 15 * 60_000) await settled(s.clock)
      expect(s.smtp.received).toHaveLength(ATTENDEES.length)
      await vi.waitFor(async () => expect(await s.t.service.mail.outbox.counts()).toEqual({ pending: 0, sent: ATTENDEES.length, failed: 0 }), { timeout: 15_000 })
      // Later wake-ups send nothing again.
      for (let i = 0; i < 5; i++) await settled(s.clock)
      expect(s.smtp.received).toHaveLength(ATTENDEES.length)
      for (const email of ATTENDEES) expect(s.smtp.to(email)).toHaveLength(1)
      const after = await request(s.t.url).get(`/api/v1/meetings/${meetingId}/deliveries`).set('Authorization', `Bearer ${s.alice}`).expect(200)
      expect((after.body.deliveries as Array<{ delivery: { state: string } }>).map((d) => d.delivery.state)).toEqual(['sent', 'sent', 'sent'])
    }, 120_000)
  })
}
