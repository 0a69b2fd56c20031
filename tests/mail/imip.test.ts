import ICAL from 'ical.js'
import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestService } from '../helpers/service.js'
import { TestSmtp, type Received } from './smtp.js'

const SPACE = 'mail-space'
const fast = { backoffMs: 20, maxBackoffMs: 100, pollMs: 50, random: () => 0.5 }
const ACCESS_CODE = 'Guest2026code'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(kind: 'sqlite' | 'postgres', env: Record<string, string> = {}) {
  const smtp = new TestSmtp()
  await smtp.up()
  cleanups.push(() => smtp.down())
  const t = await startTestService({
    store: kind,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Réunions Exemple <reunions@example.org>', DIAL_IN_NUMBER: '+33 1 23 45 67 89', ...env },
    mail: { delivery: fast },
  })
  cleanups.push(() => t.close())
  const alice = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', locale: 'fr', spaces: { [SPACE]: 'manager' } })
  const bruno = await t.mintToken({ sub: 'bruno', name: 'Bruno Lefèvre', email: 'bruno@example.org', locale: 'en', spaces: { [SPACE]: 'member' } })
  // Bruno is seen once, so the service knows he is a member of the space.
  await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${bruno}`).expect(200)
  const room = await request(t.url)
    .post(`/api/v1/spaces/${SPACE}/rooms`)
    .set('Authorization', `Bearer ${alice}`)
    .send({ name: 'Salle été', settings: { accessCode: ACCESS_CODE } })
    .expect(201)
  return { smtp, t, alice, bruno, roomId: room.body.room.id as string }
}

const TITLE = 'Réunion d’équipe — été'
const START = '2026-12-01T10:00:00+01:00'

async function schedule(s: Awaited<ReturnType<typeof setup>>) {
  const res = await request(s.t.url)
    .post(`/api/v1/rooms/${s.roomId}/meetings`)
    .set('Authorization', `Bearer ${s.alice}`)
    .send({
      title: TITLE,
      start: START,
      durationMinutes: 60,
      timezone: 'Europe/Paris',
      attendees: [
        { email: 'bruno@example.org', name: 'Bruno Lefèvre' },
        { email: 'chloe@partner.example.com', name: 'Chloé Partenaire', locale: 'en', timezone: 'America/Montreal' },
      ],
    })
    .expect(201)
  return res.body.meeting as { id: string; uid: string }
}

function calendarPart(r: Received): string {
  const part = r.parsed.attachments.find((a) => a.contentType === 'text/calendar')
  expect(part, 'a text/calendar part').toBeDefined()
  return part!.content.toString('utf8')
}

function vevent(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics))
  const ev = comp.getFirstSubcomponent('vevent')!
  return {
    method: comp.getFirstPropertyValue('method'),
    uid: ev.getFirstPropertyValue('uid'),
    sequence: Number(ev.getFirstPropertyValue('sequence')),
    status: ev.getFirstPropertyValue('status'),
    summary: ev.getFirstPropertyValue('summary'),
    organizer: ev.getFirstProperty('organizer')!,
    attendees: ev.getAllProperties('attendee').map((p) => String(p.getFirstValue())),
  }
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`iMIP invitations through SMTP (${kind})`, () => {
    it('sends each attendee one multipart/mixed message with text, HTML and a METHOD:REQUEST calendar equal to invite.ics', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s)
      await vi.waitFor(() => expect(s.smtp.received).toHaveLength(2), { timeout: 10_000 })

      const [toBruno] = s.smtp.to('bruno@example.org')
      const [toChloe] = s.smtp.to('chloe@partner.example.com')
      expect(toBruno && toChloe).toBeTruthy()
      for (const r of [toBruno!, toChloe!]) {
        // Structure: mixed → alternative (text, HTML, calendar) + the .ics attached.
        expect(r.raw).toMatch(/^Content-Type: multipart\/mixed;/im)
        expect(r.raw).toMatch(/^Content-Type: multipart\/alternative;/im)
        expect(r.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/im)
        expect(r.raw).toMatch(/^Content-Type: text\/html; charset=utf-8/im)
        expect(r.raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=REQUEST/im)
        expect(r.parsed.attachments.some((a) => a.contentType === 'application/ics' && a.filename === 'invite.ics')).toBe(true)
        // Headers.
        expect(r.parsed.headers.get('content-class')).toBe('urn:content-classes:calendarmessage')
        expect(r.parsed.messageId).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/)
        expect(r.parsed.from?.value[0]).toEqual({ address: 'reunions@example.org', name: 'Réunions Exemple' })
        // The subject travels RFC 2047-encoded and comes back with its accents.
        expect(r.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im)
        // Never the guest access code.
        expect(r.raw).not.toContain(ACCESS_CODE)
        expect(Buffer.from(r.raw).toString('utf8')).not.toContain(ACCESS_CODE)
        const ev = vevent(calendarPart(r))
        expect(ev).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 0, summary: TITLE })
        expect(ev.organizer.getFirstValue()).toBe('mailto:reunions@example.org')
        expect(ev.organizer.getParameter('sent-by')).toBe('mailto:alice@example.org')
        expect(ev.organizer.getParameter('cn')).toBe('Alice Martin')
      }
      expect(new Set([toBruno!.parsed.messageId, toChloe!.parsed.messageId]).size).toBe(2)

      // Bruno: no language known, so the organiser's (French); the room link; the time in the meeting's zone.
      expect(toBruno!.parsed.subject).toBe(`Invitation : ${TITLE}`)
      expect(toBruno!.parsed.text).toContain('Alice Martin vous invite à la réunion « Réunion d’équipe — été ».')
      expect(toBruno!.parsed.text).toContain(`${s.t.service.config.publicUrl}/r/${s.roomId}\n`)
      expect(toBruno!.parsed.text).toContain('mardi 1 décembre 2026, 10:00 – 11:00 (Europe/Paris)')
      expect(toBruno!.parsed.text).toContain('Par téléphone : +33 1 23 45 67 89')
      expect(toBruno!.parsed.html).toContain('Réunion d’équipe — été')
      // The calendar part is invite.ics as a member downloads it, byte for byte.
      const ics = await request(s.t.url).get(`/api/v1/meetings/${meeting.id}/invite.ics`).set('Authorization', `Bearer ${s.bruno}`).expect(200)
      expect(calendarPart(toBruno!)).toBe(ics.text)

      // Chloé: English, her own zone, her personal link instead of any code.
      expect(toChloe!.parsed.subject).toBe(`Invitation: ${TITLE}`)
      expect(toChloe!.parsed.text).toContain('Tuesday, 1 December 2026, 04:00 – 05:00 (America/Montreal)')
      expect(toChloe!.parsed.text).toMatch(new RegExp(`/r/${s.roomId}\\?i=[A-Za-z0-9_-]{20,}`))
      expect(calendarPart(toChloe!)).toMatch(/\?i=/)
    })

    it('sends updates with the same UID and a growing SEQUENCE, invites added attendees, cancels removed ones and everyone on DELETE', async () => {
      const s = await setup(kind)
      const meeting = await schedule(s)
      await vi.waitFor(() => expect(s.smtp.received).toHaveLength(2), { timeout: 10_000 })

      await request(s.t.url)
        .patch(`/api/v1/meetings/${meeting.id}`)
        .set('Authorization', `Bearer ${s.alice}`)
        .send({ start: '2026-12-01T14:00:00+01:00', attendees: [{ email: 'bruno@example.org', name: 'Bruno Lefèvre' }, { email: 'dan@partner.example.com' }] })
        .expect(200)
      await vi.waitFor(() => expect(s.smtp.received).toHaveLength(5), { timeout: 10_000 })
      const update = vevent(calendarPart(s.smtp.to('bruno@example.org')[1]!))
      expect(update).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 1 })
      expect(s.smtp.to('bruno@example.org')[1]!.parsed.subject).toBe(`Mise à jour : ${TITLE}`)
      const added = vevent(calendarPart(s.smtp.to('dan@partner.example.com')[0]!))
      expect(added).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 1 })
      const removed = vevent(calendarPart(s.smtp.to('chloe@partner.example.com')[1]!))
      expect(removed).toMatchObject({ method: 'CANCEL', uid: meeting.uid, sequence: 1, status: 'CANCELLED' })
      expect(removed.attendees).toEqual(['mailto:chloe@partner.example.com'])

      await request(s.t.url).delete(`/api/v1/meetings/${meeting.id}`).set('Authorization', `Bearer ${s.alice}`).expect(204)
      await vi.waitFor(() => expect(s.smtp.received).toHaveLength(7), { timeout: 10_000 })
      for (const who of ['bruno@example.org', 'dan@partner.example.com']) {
        const last = s.smtp.to(who).at(-1)!
        expect(last.raw).toMatch(/^Content-Type: text\/calendar; charset=utf-8; method=CANCEL/im)
        expect(vevent(calendarPart(last))).toMatchObject({ method: 'CANCEL', uid: meeting.uid, sequence: 2, status: 'CANCELLED' })
      }
      expect(s.smtp.to('chloe@partner.example.com')).toHaveLength(2)
    })
  })
}
