import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MailTransport } from '../../server/mail/transport.js'
import type { MeetingDeliveriesAnswer } from '../../server/contract/index.js'
import { startTestService } from '../helpers/service.js'

// Without SMTP_URL: the demo keeps invitations in a development mailbox at /dev/mail (each message rendered, its
// .ics downloadable); production has no such page, says mail is off, and sends nothing.

const SPACE = 'mailbox-space'
const CHLOE = 'chloe@partner.example.com'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function scheduleWith(url: string, token: string) {
  const room = await request(url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${token}`).send({ name: 'Salle démo' }).expect(201)
  const res = await request(url)
    .post(`/api/v1/rooms/${room.body.room.id as string}/meetings`)
    .set('Authorization', `Bearer ${token}`)
    .send({ title: 'Démo d’été', start: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 30, attendees: [{ email: CHLOE, name: 'Chloé' }] })
    .expect(201)
  return res.body.meeting as { id: string; uid: string }
}

describe('the development mailbox', () => {
  it('catches the demo’s invitations and shows each one, its .ics downloadable', async () => {
    const t = await startTestService({ demo: true })
    cleanups.push(() => t.close())
    const alice = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', locale: 'fr', spaces: { [SPACE]: 'manager' } })
    const meeting = await scheduleWith(t.url, alice)

    await vi.waitFor(async () => {
      const list = await request(t.url).get('/dev/mail/messages.json').expect(200)
      expect(list.body.messages).toHaveLength(1)
    }, { timeout: 15_000 })
    const [message] = (await request(t.url).get('/dev/mail/messages.json')).body.messages as Array<{ id: number; to: string[]; subject: string }>
    expect(message).toMatchObject({ to: [CHLOE], subject: 'Invitation : Démo d’été' })

    const index = await request(t.url).get('/dev/mail').expect(200)
    expect(index.headers['content-type']).toMatch(/^text\/html/)
    expect(index.text).toContain(`href="/dev/mail/${message!.id}"`)
    expect(index.text).toContain('Invitation : Démo d’été')
    const shown = await request(t.url).get(`/dev/mail/${message!.id}`).expect(200)
    expect(shown.text).toContain('urn:content-classes:calendarmessage')
    expect(shown.text).toMatch(/\/r\/[a-z0-9-]+\?i=/)
    const ics = await request(t.url).get(`/dev/mail/${message!.id}/invite.ics`).expect(200)
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(ics.text).toContain('METHOD:REQUEST')
    expect(ics.text).toContain(`UID:${meeting.uid}`)

    // The organiser sees it sent (recorded just after the mailbox took it).
    await vi.waitFor(async () => {
      const answer = await request(t.url).get(`/api/v1/meetings/${meeting.id}/deliveries`).set('Authorization', `Bearer ${alice}`).expect(200)
      expect((answer.body as MeetingDeliveriesAnswer).mail).toEqual({ enabled: true, mode: 'dev' })
      expect((answer.body as MeetingDeliveriesAnswer).deliveries[0]?.delivery?.state).toBe('sent')
    }, { timeout: 15_000 })
  })
})

describe('production without SMTP_URL', () => {
  it('has no /dev/mail, says mail is off, refuses a resend, and sends nothing', async () => {
    const sent: string[] = []
    // Would see any message handed over to be sent.
    const spy: MailTransport = {
      send: async (mail) => {
        sent.push(mail.to.address)
        return null
      },
      close: () => undefined,
    }
    const t = await startTestService({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://meet.example.org',
        // Nothing listens there: production may not use the development BBB, and nothing here needs BBB.
        BIGBLUEBUTTON_ENDPOINT: 'https://127.0.0.1:9/bigbluebutton/',
        BIGBLUEBUTTON_SECRET: 's'.repeat(40),
      },
      mail: { transport: spy },
    })
    cleanups.push(() => t.close())
    expect(t.service.config.mail.mode).toBe('off')
    const alice = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
    const meeting = await scheduleWith(t.url, alice)

    for (const path of ['/dev/mail', '/dev/mail/messages.json', '/dev/mail/1']) {
      const res = await request(t.url).get(path)
      expect(res.status, path).toBe(404)
    }
    const answer = (await request(t.url).get(`/api/v1/meetings/${meeting.id}/deliveries`).set('Authorization', `Bearer ${alice}`).expect(200)).body as MeetingDeliveriesAnswer
    expect(answer.mail).toEqual({ enabled: false, mode: 'off' })
    expect(answer.deliveries).toEqual([expect.objectContaining({ email: CHLOE, delivery: null })])
    const resend = await request(t.url).post(`/api/v1/meetings/${meeting.id}/deliveries/resend`).set('Authorization', `Bearer ${alice}`).send({ email: CHLOE })
    expect(resend.status).toBe(409)
    expect(resend.body.error.code).toBe('mail_disabled')
    await request(t.url).delete(`/api/v1/meetings/${meeting.id}`).set('Authorization', `Bearer ${alice}`).expect(204)
    expect(await t.service.mail.outbox.counts()).toEqual({ pending: 0, sent: 0, failed: 0 })
    expect(sent).toEqual([])
  })
})
