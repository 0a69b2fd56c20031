import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asText } from '../helpers/text-body.js'
import { startTestService, type TestService } from '../helpers/service.js'
import { parseIcs } from '../invites/parse-ics.js'

const SPACE = 'team-ics'
// The service believes it is 20 October 2026, summer time in Paris; the end of it is on 25 October.
const NOW = Date.parse('2026-10-20T08:00:00Z')

let t: TestService
let manager: string
let member: string
let outsider: string
let roomId: string

beforeAll(async () => {
  t = await startTestService({ clock: () => NOW, env: { DIAL_IN_NUMBER: '+33 1 84 88 00 00' } })
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
  member = await t.mintToken({ sub: 'bob', name: 'Bob Durand', spaces: { [SPACE]: 'member' } })
  outsider = await t.mintToken({ sub: 'eve', name: 'Eve', spaces: { elsewhere: 'manager' } })
  const res = await api()
    .post(`/api/v1/spaces/${SPACE}/rooms`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ name: 'Sprint room', settings: { guestsAllowed: true, accessCode: '48210517' } })
  expect(res.status).toBe(201)
  roomId = res.body.room.id
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)

async function ics(path: string, token = member): Promise<string> {
  const res = await api().get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse(asText)
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
  return res.body as string
}

async function schedule(body: Record<string, unknown>, token = manager) {
  return api().post(`/api/v1/rooms/${roomId}/meetings`).set('Authorization', `Bearer ${token}`).send(body)
}

describe('scheduled meetings and their invitations', () => {
  it('schedules a meeting after the change to winter time; its .ics keeps 10:00 in Paris', async () => {
    const res = await schedule({ title: 'Sprint review', start: '2026-11-03T10:00:00+01:00', durationMinutes: 90 })
    expect(res.status).toBe(201)
    const m = res.body.meeting
    expect(m).toMatchObject({
      roomId,
      spaceId: SPACE,
      title: 'Sprint review',
      timezone: 'Europe/Paris',
      start: '2026-11-03T09:00:00.000Z',
      end: '2026-11-03T10:30:00.000Z',
      sequence: 0,
      cancelled: false,
      link: `${t.service.config.publicUrl}/r/${roomId}`,
      icsUrl: `${t.service.config.publicUrl}/api/v1/meetings/${m.id}/invite.ics`,
      opensAt: '2026-11-03T08:45:00.000Z',
    })
    // a manager moderates every room of the space: their download carries the guest access code
    const cal = parseIcs(await ics(new URL(m.icsUrl).pathname, manager))
    expect(cal.method).toBe('PUBLISH')
    expect(cal.timezones).toEqual(['Europe/Paris'])
    const ev = cal.events[0]!
    expect(ev).toMatchObject({
      uid: m.uid,
      sequence: 0,
      summary: 'Sprint review',
      tzid: 'Europe/Paris',
      localStart: '2026-11-03T10:00:00',
      localEnd: '2026-11-03T11:30:00',
      location: m.link,
      url: m.link,
      dtstamp: NOW,
    })
    expect(ev.startUtc).toBe(Date.parse('2026-11-03T09:00:00Z'))
    expect(ev.description).toContain('Guest access code: 48210517')
    expect(ev.description).toContain('By phone: +33 1 84 88 00 00')
  })

  it('keeps the UID and grows the SEQUENCE on every change; a cancel keeps the UID with METHOD:CANCEL', async () => {
    const created = (await schedule({
      title: 'Planning',
      start: '2026-10-23T14:00:00+02:00',
      end: '2026-10-23T15:00:00+02:00',
      attendees: [{ email: 'partner@example.net', name: 'Paula Partner' }],
    })).body.meeting
    const firstText = await ics(`/api/v1/meetings/${created.id}/invite.ics`)
    const first = parseIcs(firstText)
    expect(first.method).toBe('REQUEST')
    // Mail is on (the development mailbox): the ORGANIZER is MAIL_FROM, as in the mailed invitation, sent by Alice.
    expect(first.events[0]).toMatchObject({ sequence: 0, localStart: '2026-10-23T14:00:00', organizer: 'mailto:noreply@localhost' })
    expect(firstText).toContain('SENT-BY="mailto:alice@example.org"')
    expect(first.events[0]!.attendees).toEqual([{ email: 'partner@example.net', cn: 'Paula Partner', role: 'REQ-PARTICIPANT' }])

    // moved across the change of time: same local hour, another UTC offset
    const moved = await api()
      .patch(`/api/v1/meetings/${created.id}`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ start: '2026-10-30T14:00:00+01:00' })
    expect(moved.status).toBe(200)
    expect(moved.body.meeting).toMatchObject({ sequence: 1, start: '2026-10-30T13:00:00.000Z', end: '2026-10-30T14:00:00.000Z' })
    const second = parseIcs(await ics(`/api/v1/meetings/${created.id}/invite.ics`)).events[0]!
    expect(second).toMatchObject({ uid: first.events[0]!.uid, sequence: 1, localStart: '2026-10-30T14:00:00', localEnd: '2026-10-30T15:00:00' })

    const renamed = await api().patch(`/api/v1/meetings/${created.id}`).set('Authorization', `Bearer ${manager}`).send({ title: 'Planning (v2)' })
    expect(renamed.body.meeting.sequence).toBe(2)
    const third = parseIcs(await ics(`/api/v1/meetings/${created.id}/invite.ics`)).events[0]!
    expect(third).toMatchObject({ uid: first.events[0]!.uid, sequence: 2, summary: 'Planning (v2)' })

    const gone = await api().delete(`/api/v1/meetings/${created.id}`).set('Authorization', `Bearer ${manager}`)
    expect(gone.status).toBe(204)
    const cancelled = parseIcs(await ics(`/api/v1/meetings/${created.id}/invite.ics`))
    expect(cancelled.method).toBe('CANCEL')
    expect(cancelled.events[0]).toMatchObject({ uid: first.events[0]!.uid, sequence: 3, status: 'CANCELLED' })
    // and it is gone from the space's list
    const list = await api().get(`/api/v1/spaces/${SPACE}/meetings`).set('Authorization', `Bearer ${member}`)
    expect(list.body.meetings.map((m: { id: string }) => m.id)).not.toContain(created.id)
  })

  it('lists a space’s meetings between two instants, for its members only', async () => {
    const a = (await schedule({ title: 'A', start: '2026-12-01T09:00:00+01:00', durationMinutes: 30 })).body.meeting
    const b = (await schedule({ title: 'B', start: '2026-12-08T09:00:00+01:00', durationMinutes: 30 })).body.meeting
    const res = await api()
      .get(`/api/v1/spaces/${SPACE}/meetings`)
      .query({ from: '2026-11-30T00:00:00Z', to: '2026-12-05T00:00:00Z' })
      .set('Authorization', `Bearer ${member}`)
    expect(res.status).toBe(200)
    expect(res.body.meetings.map((m: { id: string }) => m.id)).toEqual([a.id])
    const all = await api().get(`/api/v1/spaces/${SPACE}/meetings`).query({ from: '2026-11-30T00:00:00Z' }).set('Authorization', `Bearer ${member}`)
    expect(all.body.meetings.map((m: { id: string }) => m.id)).toEqual([a.id, b.id])
    const denied = await api().get(`/api/v1/spaces/${SPACE}/meetings`).set('Authorization', `Bearer ${outsider}`)
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('not_a_member')
  })

  it('lets only managers and the room’s moderators schedule, and refuses bad bodies naming the field', async () => {
    const byMember = await schedule({ title: 'x', start: '2026-11-03T10:00:00+01:00' }, member)
    expect(byMember.status).toBe(403)
    expect(byMember.body.error.code).toBe('not_a_moderator')
    const noOffset = await schedule({ title: 'x', start: '2026-11-03T10:00:00' })
    expect(noOffset.status).toBe(400)
    expect(noOffset.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'start' } })
    const badZone = await schedule({ title: 'x', start: '2026-11-03T10:00:00+01:00', timezone: 'Europe/Atlantis' })
    expect(badZone.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'timezone' } })
    const backwards = await schedule({ title: 'x', start: '2026-11-03T10:00:00+01:00', end: '2026-11-03T09:00:00+01:00' })
    expect(backwards.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'end' } })
    const badMail = await schedule({ title: 'x', start: '2026-11-03T10:00:00+01:00', attendees: [{ email: 'not-an-address' }] })
    expect(badMail.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'attendees.0.email' } })
    const unknown = await api().get('/api/v1/meetings/nosuchmeeting/invite.ics').set('Authorization', `Bearer ${member}`)
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('meeting_not_found')
  })
})

describe('access codes in invitations', () => {
  it('prints the guest access code only in moderators’ downloads, never for members, external members or the feed', async () => {
    const m = (await schedule({ title: 'Code check', start: '2026-11-12T10:00:00+01:00', durationMinutes: 30 })).body.meeting
    const path = `/api/v1/meetings/${m.id}/invite.ics`
    expect(parseIcs(await ics(path, manager)).events[0]!.description).toContain('Guest access code: 48210517')
    const external = await t.mintToken({ sub: 'paula', name: 'Paula Partner', external: true, spaces: { [SPACE]: 'member' } })
    for (const token of [member, external]) {
      const body = await ics(path, token)
      expect(body).not.toContain('48210517')
      expect(parseIcs(body).events[0]!.url).toBe(m.link)
    }
    const key = (await api().post(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${manager}`)).body.key as string
    const feed = await api().get(`/api/v1/spaces/${SPACE}/calendar.ics`).query({ key }).buffer(true).parse(asText)
    expect(feed.status).toBe(200)
    expect(feed.body as string).toContain('Code check')
    expect(feed.body as string).not.toContain('48210517')
    await api().delete(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${manager}`)
  })
})

describe('per-space calendar feed', () => {
  it('serves the space’s meetings to a key without a token, and stops when the key is revoked', async () => {
    const m = (await schedule({ title: 'Feed me', start: '2026-11-10T16:00:00+01:00', durationMinutes: 45 })).body.meeting
    const denied = await api().post(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${member}`)
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('not_a_manager')

    const created = await api().post(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${manager}`)
    expect(created.status).toBe(201)
    expect(created.body.key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const feedPath = new URL(created.body.feedUrl).pathname + new URL(created.body.feedUrl).search
    const feed = await api().get(feedPath).buffer(true).parse(asText)
    expect(feed.status).toBe(200)
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8')
    const cal = parseIcs(feed.body as string)
    expect(cal.method).toBe('PUBLISH')
    const ev = cal.events.find((e) => e.uid === m.uid)
    expect(ev).toMatchObject({ localStart: '2026-11-10T16:00:00', tzid: 'Europe/Paris', url: m.link })

    // the key is for its space only
    const other = await api().get(`/api/v1/spaces/elsewhere/calendar.ics`).query({ key: created.body.key })
    expect(other.status).toBe(404)
    expect(other.body.error.code).toBe('invalid_calendar_key')

    // a new key replaces the old one; revoking stops both
    const second = await api().post(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${manager}`)
    expect((await api().get(feedPath)).status).toBe(404)
    expect((await api().get(`/api/v1/spaces/${SPACE}/calendar.ics`).query({ key: second.body.key })).status).toBe(200)
    const revoked = await api().delete(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${manager}`)
    expect(revoked.status).toBe(204)
    const after = await api().get(`/api/v1/spaces/${SPACE}/calendar.ics`).query({ key: second.body.key })
    expect(after.status).toBe(404)
    expect(after.body.error.code).toBe('invalid_calendar_key')
    const none = await api().get(`/api/v1/spaces/${SPACE}/calendar.ics`)
    expect(none.body.error.code).toBe('invalid_calendar_key')
  })
})
