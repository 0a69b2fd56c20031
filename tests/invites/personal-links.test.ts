import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import type { RoomLinkPageData } from '../../server/contract/index.js'
import { startTestService } from '../helpers/service.js'

// Personal guest links (`/r/:roomId?i=<token>`): an external attendee of a scheduled meeting joins by name, without
// the access code, as an outside viewer; never as a moderator; refused, in words, once withdrawn or past the grace.

const SPACE = 'personal-links'
const GUEST_CODE = 'Guest2026code'
const MODERATOR_CODE = 'Moder2026code'
const CHLOE = 'chloe@partner.example.com'
const MINUTE = 60_000

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(kind: 'sqlite' | 'postgres', env: Record<string, string> = {}) {
  // The service's clock: real time plus an offset the test moves (the dev BBB keeps real time).
  const clock = { offset: 0 }
  const t = await startTestService({ store: kind, clock: () => Date.now() + clock.offset, env })
  cleanups.push(() => t.close())
  const alice = () => t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', locale: 'fr', spaces: { [SPACE]: 'manager' } })
  const room = await request(t.url)
    .post(`/api/v1/spaces/${SPACE}/rooms`)
    .set('Authorization', `Bearer ${await alice()}`)
    // The room itself takes no anonymous guest, and asks a code of anyone else.
    .send({ name: 'Salle partenaires', settings: { guestsAllowed: false, accessCode: GUEST_CODE, moderatorAccessCode: MODERATOR_CODE } })
    .expect(201)
  return { t, clock, alice, roomId: room.body.room.id as string }
}

type Setup = Awaited<ReturnType<typeof setup>>

/** Schedules a meeting starting `inMinutes` from the service's now, for an hour, with Chloé (external) invited. */
async function schedule(s: Setup, inMinutes: number) {
  const start = Date.now() + s.clock.offset + inMinutes * MINUTE
  const res = await request(s.t.url)
    .post(`/api/v1/rooms/${s.roomId}/meetings`)
    .set('Authorization', `Bearer ${await s.alice()}`)
    .send({ title: 'Point partenaires', start: new Date(start).toISOString(), durationMinutes: 60, attendees: [{ email: CHLOE, name: 'Chloé Partenaire' }] })
    .expect(201)
  const meeting = res.body.meeting as { id: string }
  const deliveries = await request(s.t.url).get(`/api/v1/meetings/${meeting.id}/deliveries`).set('Authorization', `Bearer ${await s.alice()}`).expect(200)
  const chloe = (deliveries.body.deliveries as Array<{ email: string; link: { state: string; url: string | null } | null }>).find((d) => d.email === CHLOE)
  expect(chloe?.link?.state).toBe('active')
  const url = new URL(chloe!.link!.url!)
  expect(url.pathname).toBe(`/r/${s.roomId}`)
  return { id: meeting.id, start, token: url.searchParams.get('i')! }
}

async function startMeeting(s: Setup) {
  await request(s.t.url).post(`/api/v1/rooms/${s.roomId}/join`).set('Authorization', `Bearer ${await s.alice()}`).expect(200)
}

/** The data the link page's script starts from, as the page embeds it. */
async function pageData(s: Setup, token: string, lang = 'fr'): Promise<RoomLinkPageData> {
  const res = await request(s.t.url).get(`/r/${s.roomId}`).query({ i: token, lang }).expect(200)
  const json = /<script type="application\/json" id="room-link-data">(.*?)<\/script>/s.exec(res.text)?.[1]
  return JSON.parse(json!) as RoomLinkPageData
}

/** A join from the page of a personal link: no visitor cookie needed, the token is the proof. */
function join(s: Setup, body: Record<string, unknown>, lang = 'fr') {
  return request(s.t.url).post(`/r/${s.roomId}/join`).query({ lang }).set('Content-Type', 'application/json').send(body)
}

async function audit(s: Setup, action: string) {
  const res = await request(s.t.url).get(`/api/v1/spaces/${SPACE}/audit`).query({ action, roomId: s.roomId }).set('Authorization', `Bearer ${await s.alice()}`).expect(200)
  return res.body.entries as Array<{ actor: string; actorName: string; details: Record<string, unknown> }>
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`personal guest links (${kind})`, () => {
    it('greet the attendee by name, ask no code, and join as the named external viewer, even with the moderator code', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s, 10)

      const data = await pageData(s, meeting.token)
      expect(data.invitation).toEqual({ name: 'Chloé Partenaire', valid: true })

      // Not started yet: the page waits, as for anyone.
      const early = await join(s, { invitation: meeting.token })
      expect(early.status).toBe(409)
      expect(early.body.error.code).toBe('meeting_not_running')

      await startMeeting(s)
      const before = await s.t.store.usage(Date.now() + s.clock.offset)
      // The moderator code sent along changes nothing: a personal link never makes a moderator.
      const res = await join(s, { invitation: meeting.token, accessCode: MODERATOR_CODE })
      expect(res.status).toBe(200)
      expect(res.body.role).toBe('VIEWER')
      const params = new URL(res.body.joinUrl as string).searchParams
      expect(params.get('role')).toBe('VIEWER')
      expect(params.get('fullName')).toBe('Chloé Partenaire')
      expect(params.get('guest')).toBe('true')
      const after = await s.t.store.usage(Date.now() + s.clock.offset)
      expect(after.external).toBe(before.external + 1)
      expect(after.internal).toBe(before.internal)

      // The same link again takes the same seat.
      const again = await join(s, { invitation: meeting.token })
      expect(new URL(again.body.joinUrl as string).searchParams.get('userID')).toBe(params.get('userID'))
      expect((await s.t.store.usage(Date.now() + s.clock.offset)).external).toBe(after.external)

      const granted = await audit(s, 'join.granted')
      expect(granted.find((e) => e.actor === `invitation:${CHLOE}`)).toMatchObject({
        actorName: 'Chloé Partenaire',
        details: { role: 'VIEWER', kind: 'external', guest: true },
      })
    })

    it('keeps the room closed to the link before its meeting’s join window, and says when it opens', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s, 120)
      // Another meeting running in the room now does not let the invitee in early.
      await startMeeting(s)
      const res = await join(s, { invitation: meeting.token })
      expect(res.status).toBe(409)
      expect(res.body.error.code).toBe('meeting_not_open_yet')
      expect(res.body.error.details.opensAt).toBe(new Date(meeting.start - 15 * MINUTE).toISOString())
    })

    it('refuses a link the organiser withdrew, in words, on the page and in the answer, and audits the address', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s, 10)
      await startMeeting(s)
      await request(s.t.url)
        .post(`/api/v1/meetings/${meeting.id}/invitations/revoke`)
        .set('Authorization', `Bearer ${await s.alice()}`)
        .send({ email: CHLOE })
        .expect(200)

      expect(await pageData(s, meeting.token)).toMatchObject({ invitation: { name: 'Chloé Partenaire', valid: false, reason: 'invitation_revoked' } })
      const fr = await join(s, { invitation: meeting.token })
      expect(fr.status).toBe(403)
      expect(fr.body.error).toMatchObject({
        code: 'invitation_revoked',
        message: "Ce lien d'invitation personnel a été retiré par l'organisateur. Demandez-lui une nouvelle invitation.",
      })
      const en = await join(s, { invitation: meeting.token }, 'en')
      expect(en.body.error.message).toBe('This personal invitation link was withdrawn by the organiser. Ask them for a new invitation.')
      const refused = await audit(s, 'join.refused')
      expect(refused.find((e) => e.actor === `invitation:${CHLOE}`)?.details).toMatchObject({ code: 'invitation_revoked', meetingId: meeting.id })
    })

    it('refuses the link of an attendee the organiser removed from the meeting', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s, 10)
      await request(s.t.url)
        .patch(`/api/v1/meetings/${meeting.id}`)
        .set('Authorization', `Bearer ${await s.alice()}`)
        .send({ attendees: [{ email: 'dan@partner.example.com', name: 'Dan' }] })
        .expect(200)
      expect((await pageData(s, meeting.token)).invitation).toMatchObject({ valid: false, reason: 'invitation_revoked' })
      const res = await join(s, { invitation: meeting.token })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('invitation_revoked')
    })

    it('lets the attendee in until the end plus the grace period, then refuses it as expired', async () => {
      const s = await setup(kind, { INVITATION_GRACE_MINUTES: '30' })
      const meeting = await schedule(s, 10)
      await startMeeting(s)
      // 10 minutes until the start, 60 of meeting, 29 of grace: still in.
      s.clock.offset = (10 + 60 + 29) * MINUTE
      const inGrace = await join(s, { invitation: meeting.token })
      expect(inGrace.status).toBe(200)
      expect(inGrace.body.role).toBe('VIEWER')

      s.clock.offset = (10 + 60 + 31) * MINUTE
      expect((await pageData(s, meeting.token, 'en')).invitation).toMatchObject({ valid: false, reason: 'invitation_expired' })
      const late = await join(s, { invitation: meeting.token }, 'en')
      expect(late.status).toBe(410)
      expect(late.body.error).toMatchObject({ code: 'invitation_expired', message: 'This personal invitation link has expired: the meeting is over.' })
    })

    it('refuses an unknown token, or another room’s, as not valid', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s, 10)
      await startMeeting(s)
      const other = await request(s.t.url)
        .post(`/api/v1/spaces/${SPACE}/rooms`)
        .set('Authorization', `Bearer ${await s.alice()}`)
        .send({ name: 'Autre salle', settings: { guestsAllowed: true } })
        .expect(201)
      const elsewhere = await request(s.t.url).post(`/r/${other.body.room.id as string}/join`).set('Content-Type', 'application/json').send({ invitation: meeting.token })
      expect(elsewhere.status).toBe(404)
      expect(elsewhere.body.error.code).toBe('invitation_not_found')
      const unknown = await join(s, { invitation: 'x'.repeat(32) })
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.code).toBe('invitation_not_found')
      expect((await pageData(s, 'nope')).invitation).toEqual({ name: null, valid: false, reason: 'invitation_not_found' })
    })
  })
}
