import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AttendeeDelivery, MeetingDeliveriesAnswer } from '../../server/contract/index.js'
import { startTestService } from '../helpers/service.js'
import { TestSmtp } from './smtp.js'

// What the organiser sees of the invitation mail: each attendee's delivery state (a bounce recorded next to the
// attendee), their personal link, resend and revoke; and what nobody else may see or do.

const SPACE = 'mail-deliveries'
const fast = { backoffMs: 20, maxBackoffMs: 100, pollMs: 50, random: () => 0.5 }
const BRUNO = 'bruno@example.org'
const CHLOE = 'chloe@partner.example.com'
const NOBODY = 'nobody@partner.example.com'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(kind: 'sqlite' | 'postgres') {
  const smtp = new TestSmtp()
  await smtp.up()
  cleanups.push(() => smtp.down())
  // This address does not exist at the partner: its server refuses it for good (550).
  smtp.unknownUsers.add(NOBODY)
  const t = await startTestService({ store: kind, env: { SMTP_URL: smtp.url, MAIL_FROM: 'reunions@example.org' }, mail: { delivery: fast } })
  cleanups.push(() => t.close())
  const alice = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', locale: 'en', spaces: { [SPACE]: 'manager' } })
  const bruno = await t.mintToken({ sub: 'bruno', name: 'Bruno Lefèvre', email: BRUNO, spaces: { [SPACE]: 'member' } })
  // Bruno is seen once, so the service knows he is a member of the space (no personal link for him).
  await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${bruno}`).expect(200)
  const room = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${alice}`).send({ name: 'Salle' }).expect(201)
  const meeting = await request(t.url)
    .post(`/api/v1/rooms/${room.body.room.id as string}/meetings`)
    .set('Authorization', `Bearer ${alice}`)
    .send({
      title: 'Revue',
      start: new Date(Date.now() + 86_400_000).toISOString(),
      durationMinutes: 30,
      attendees: [{ email: BRUNO, name: 'Bruno Lefèvre' }, { email: CHLOE, name: 'Chloé Partenaire' }, { email: NOBODY }],
    })
    .expect(201)
  return { smtp, t, alice, bruno, meetingId: meeting.body.meeting.id as string }
}

type Setup = Awaited<ReturnType<typeof setup>>

async function deliveries(s: Setup, token = s.alice): Promise<MeetingDeliveriesAnswer> {
  const res = await request(s.t.url).get(`/api/v1/meetings/${s.meetingId}/deliveries`).set('Authorization', `Bearer ${token}`).expect(200)
  return res.body as MeetingDeliveriesAnswer
}

const of = (answer: MeetingDeliveriesAnswer, email: string): AttendeeDelivery => answer.deliveries.find((d) => d.email === email)!

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`deliveries, resend and revoke (${kind})`, () => {
    it('lists each attendee’s delivery and link, and records a permanent refusal next to the attendee', async () => {
      const s = await setup(kind)
      await vi.waitFor(async () => {
        const answer = await deliveries(s)
        expect(answer.deliveries.map((d) => d.delivery?.state)).toEqual(['sent', 'sent', 'failed'])
      }, { timeout: 15_000 })
      const answer = await deliveries(s)
      expect(answer.mail).toEqual({ enabled: true, mode: 'smtp' })
      expect(of(answer, BRUNO)).toMatchObject({ name: 'Bruno Lefèvre', external: false, invited: true, link: null, delivery: { method: 'REQUEST', sequence: 0, attempts: 1, error: null } })
      expect(of(answer, CHLOE)).toMatchObject({ name: 'Chloé Partenaire', external: true, invited: true, link: { state: 'active' } })
      expect(of(answer, CHLOE).link!.url).toMatch(/\/r\/[a-z0-9-]+\?i=[A-Za-z0-9_-]{20,}$/)
      // The bounce: given up at once (no retry of a 550), its answer shown as the reason.
      const bounced = of(answer, NOBODY).delivery!
      expect(bounced).toMatchObject({ state: 'failed', attempts: 1 })
      expect(bounced.error).toMatch(/550/)
      expect(bounced.error).toMatch(/No such user/)
      expect(bounced.finishedAt).not.toBeNull()
      expect(s.smtp.received.map((r) => r.to)).toEqual(expect.arrayContaining([[BRUNO], [CHLOE]]))
      expect(s.smtp.received).toHaveLength(2)
    })

    it('sends one attendee their invitation again, with the same personal link, and refuses an address not invited', async () => {
      const s = await setup(kind)
      await vi.waitFor(() => expect(s.smtp.to(CHLOE)).toHaveLength(1), { timeout: 15_000 })
      const link = of(await deliveries(s), CHLOE).link!.url!
      const res = await request(s.t.url).post(`/api/v1/meetings/${s.meetingId}/deliveries/resend`).set('Authorization', `Bearer ${s.alice}`).send({ email: CHLOE })
      expect(res.status).toBe(200)
      expect(of(res.body as MeetingDeliveriesAnswer, CHLOE).delivery?.state).toMatch(/^(pending|sent)$/)
      await vi.waitFor(() => expect(s.smtp.to(CHLOE)).toHaveLength(2), { timeout: 15_000 })
      const [first, again] = s.smtp.to(CHLOE)
      expect(again!.parsed.text).toContain(link)
      expect(again!.parsed.messageId).not.toBe(first!.parsed.messageId)
      // Nobody else was sent anything again.
      await vi.waitFor(async () => expect(await s.t.service.mail.outbox.counts()).toEqual({ pending: 0, sent: 3, failed: 1 }), { timeout: 15_000 })
      expect(s.smtp.to(BRUNO)).toHaveLength(1)

      const stranger = await request(s.t.url).post(`/api/v1/meetings/${s.meetingId}/deliveries/resend`).set('Authorization', `Bearer ${s.alice}`).send({ email: 'eve@example.com' })
      expect(stranger.status).toBe(404)
      expect(stranger.body.error.code).toBe('attendee_not_found')
      const audit = await request(s.t.url).get(`/api/v1/spaces/${SPACE}/audit`).query({ action: 'meeting.invitation_resent' }).set('Authorization', `Bearer ${s.alice}`).expect(200)
      expect(audit.body.entries).toEqual([expect.objectContaining({ actor: 'alice', details: { meetingId: s.meetingId, email: CHLOE } })])
    })

    it('withdraws one attendee’s personal link, and says so; a member has none to withdraw', async () => {
      const s = await setup(kind)
      const res = await request(s.t.url).post(`/api/v1/meetings/${s.meetingId}/invitations/revoke`).set('Authorization', `Bearer ${s.alice}`).send({ email: CHLOE })
      expect(res.status).toBe(200)
      expect(of(res.body as MeetingDeliveriesAnswer, CHLOE).link).toEqual({ state: 'revoked', url: null })
      expect(of(await deliveries(s), CHLOE).link).toEqual({ state: 'revoked', url: null })
      // Nobody's link is touched but hers.
      expect(of(await deliveries(s), NOBODY).link?.state).toBe('active')
      const member = await request(s.t.url).post(`/api/v1/meetings/${s.meetingId}/invitations/revoke`).set('Authorization', `Bearer ${s.alice}`).send({ email: BRUNO })
      expect(member.status).toBe(404)
      expect(member.body.error.code).toBe('attendee_not_found')
    })

    it('shows nothing and does nothing for anyone but the room’s moderators', async () => {
      const s = await setup(kind)
      const calls = [
        request(s.t.url).get(`/api/v1/meetings/${s.meetingId}/deliveries`),
        request(s.t.url).post(`/api/v1/meetings/${s.meetingId}/deliveries/resend`).send({ email: CHLOE }),
        request(s.t.url).post(`/api/v1/meetings/${s.meetingId}/invitations/revoke`).send({ email: CHLOE }),
      ]
      for (const call of calls) {
        const res = await call.set('Authorization', `Bearer ${s.bruno}`)
        expect(res.status).toBe(403)
        expect(res.body.error.code).toBe('not_a_moderator')
      }
      // Once the outbox has settled (two taken, the bounce given up), Chloé got the one invitation: the refused
      // resend queued nothing, and her link is still hers.
      await vi.waitFor(async () => expect(await s.t.service.mail.outbox.counts()).toEqual({ pending: 0, sent: 2, failed: 1 }), { timeout: 15_000 })
      expect(s.smtp.to(CHLOE)).toHaveLength(1)
      expect(of(await deliveries(s), CHLOE).link?.state).toBe('active')
    })
  })
}
