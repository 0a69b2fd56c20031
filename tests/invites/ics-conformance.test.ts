import ICAL from 'ical.js'
import nodeIcal from 'node-ical'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asText } from '../helpers/text-body.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Every .ics the service produces (invitation without and with attendees, its update, its cancellation, the
// space's feed), read by two independent parsers: ical.js (Thunderbird's) and node-ical (the most used Node
// parser, a separate code base). Checked: CRLF after every line, the last included (RFC 5545 §3.1), lines
// folded at 75 octets, the RFC 5546 §3.2 presence rules of each METHOD, and names round-tripping through the
// RFC 6868 parameter encoding.

const SPACE = 'team-rfc'
const NOW = Date.parse('2026-10-20T08:00:00Z')
/** Quotes, commas, semicolons, a caret, a colon and non-Latin letters: what a host platform may send. */
const ORGANIZER_NAME = 'Zoë "Zo" Ünal, PhD; 山田 ^ (R&D): équipe'
/** Attendee names may not hold `"` (the API refuses it), everything else goes. */
const ATTENDEE_NAMES = ['Łukasz Ørsted, 李小龙', 'Dupont; Jean ^ Pierre', 'Ἀθηνᾶ: Παλλάς']
const INJECTION = 'x" ROLE=CHAIR:mailto:boss@evil'

let t: TestService
let manager: string
let noMailManager: string
let roomId: string

const api = () => request(t.url)

async function text(path: string, token?: string): Promise<string> {
  const req = api().get(path)
  if (token) req.set('Authorization', `Bearer ${token}`)
  const res = await req.buffer(true).parse(asText)
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
  return res.body as string
}

async function schedule(body: Record<string, unknown>, token = manager) {
  return api().post(`/api/v1/rooms/${roomId}/meetings`).set('Authorization', `Bearer ${token}`).send(body)
}

beforeAll(async () => {
  t = await startTestService({ clock: () => NOW })
  manager = await t.mintToken({ sub: 'zoe', name: ORGANIZER_NAME, email: 'zoe@example.org', spaces: { [SPACE]: 'manager' } })
  noMailManager = await t.mintToken({ sub: 'nomail', name: INJECTION, spaces: { [SPACE]: 'manager' } })
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'RFC room' })
  expect(res.status).toBe(201)
  roomId = res.body.room.id
})
afterAll(async () => {
  await t?.close()
})

/** CRLF after every line, none bare; every physical line at most 75 octets. */
function checkLines(ics: string): void {
  expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  for (const line of ics.slice(0, -2).split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
}

type Presence = Record<string, 'one' | 'none' | 'optional' | 'oneOrMore' | 'any'>
/** RFC 5546 §3.2.1 (PUBLISH), §3.2.2 (REQUEST), §3.2.5 (CANCEL), for the properties we write or must not. */
const RULES: Record<string, Presence> = {
  PUBLISH: { dtstamp: 'one', dtstart: 'one', organizer: 'one', summary: 'one', uid: 'one', attendee: 'none', sequence: 'optional', status: 'optional' },
  REQUEST: { attendee: 'oneOrMore', dtstamp: 'one', dtstart: 'one', organizer: 'one', summary: 'one', uid: 'one', sequence: 'optional' },
  CANCEL: { attendee: 'any', dtstamp: 'one', organizer: 'one', sequence: 'one', uid: 'one', status: 'optional' },
}

/** Parses with ical.js and checks the calendar properties and each VEVENT against its METHOD's rules. */
function readWithIcalJs(ics: string, method: string): ICAL.Component[] {
  const root = new ICAL.Component(ICAL.parse(ics))
  expect(root.getFirstPropertyValue('method')).toBe(method)
  expect(root.getFirstPropertyValue('version')).toBe('2.0')
  expect(root.getAllProperties('prodid')).toHaveLength(1)
  const events = root.getAllSubcomponents('vevent')
  expect(events.length).toBeGreaterThan(0)
  for (const ev of events) {
    for (const [name, rule] of Object.entries(RULES[method]!)) {
      const n = ev.getAllProperties(name).length
      const ok = { one: n === 1, none: n === 0, optional: n <= 1, oneOrMore: n >= 1, any: true }[rule]
      expect(ok, `${method}: ${name} appears ${n} time(s), rule ${rule}`).toBe(true)
    }
    if (method === 'REQUEST') expect(ev.getFirstPropertyValue('status') ?? 'CONFIRMED').not.toBe('CANCELLED')
    if (method === 'CANCEL') expect(ev.getFirstPropertyValue('status')).toBe('CANCELLED')
    if (Number(ev.getFirstPropertyValue('sequence') ?? 0) > 0) expect(ev.getAllProperties('sequence')).toHaveLength(1)
  }
  return events
}

interface NodeIcalPerson {
  params?: Record<string, unknown>
  val: string
}
type NodeIcalEvent = { type: string; uid: string; organizer?: NodeIcalPerson | string; attendee?: NodeIcalPerson | NodeIcalPerson[] }

/** node-ical's events; it reads the calendar properties too, so METHOD is checked again here. */
function readWithNodeIcal(ics: string, method: string): NodeIcalEvent[] {
  const parsed = nodeIcal.sync.parseICS(ics) as unknown as Record<string, { type: string; method?: string }>
  const calendar = Object.values(parsed).find((c) => c.type === 'VCALENDAR')
  expect(calendar?.method).toBe(method)
  return Object.values(parsed).filter((c) => c.type === 'VEVENT') as unknown as NodeIcalEvent[]
}

const list = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])
/** node-ical keeps RFC 6868 sequences as they are; decoding them is the reader's job. */
const rfc6868 = (raw: string) => raw.replace(/\^(\^|n|')/g, (_, c: string) => (c === '^' ? '^' : c === 'n' ? '\n' : '"'))

describe('every .ics the service writes, read by ical.js and node-ical', () => {
  it('an invitation without attendees: PUBLISH with an ORGANIZER, no ATTENDEE', async () => {
    const m = (await schedule({ title: 'Solo; "plan", v2', start: '2026-11-03T10:00:00+01:00', durationMinutes: 30 })).body.meeting
    const ics = await text(`/api/v1/meetings/${m.id}/invite.ics`, manager)
    checkLines(ics)
    const [ev] = readWithIcalJs(ics, 'PUBLISH')
    const organizer = ev!.getFirstProperty('organizer')!
    expect(organizer.getFirstValue()).toBe('mailto:zoe@example.org')
    expect(organizer.getParameter('cn')).toBe(ORGANIZER_NAME)
    expect(ev!.getFirstPropertyValue('summary')).toBe('Solo; "plan", v2')
    const [nev] = readWithNodeIcal(ics, 'PUBLISH')
    expect(list(nev!.attendee)).toEqual([])
    expect((nev!.organizer as NodeIcalPerson).val).toBe('mailto:zoe@example.org')
  })

  it('an invitation, its update and its cancellation: REQUEST then CANCEL, names exact, RSVP=TRUE to a real organiser', async () => {
    const attendees = ATTENDEE_NAMES.map((name, i) => ({ email: `p${i}@partner.example`, name }))
    const m = (await schedule({ title: 'Review', start: '2026-11-04T10:00:00+01:00', durationMinutes: 60, attendees })).body.meeting
    const path = `/api/v1/meetings/${m.id}/invite.ics`
    const patched = await api().patch(`/api/v1/meetings/${m.id}`).set('Authorization', `Bearer ${manager}`).send({ title: 'Review (moved)' })
    expect(patched.status).toBe(200)
    const updated = await text(path, manager)
    expect((await api().delete(`/api/v1/meetings/${m.id}`).set('Authorization', `Bearer ${manager}`)).status).toBe(204)
    const cancelled = await text(path, manager)

    for (const [ics, method, sequence] of [[updated, 'REQUEST', 1], [cancelled, 'CANCEL', 2]] as const) {
      checkLines(ics)
      const [ev] = readWithIcalJs(ics, method)
      expect(ev!.getFirstPropertyValue('sequence')).toBe(sequence)
      expect(ev!.getFirstProperty('organizer')!.getParameter('cn')).toBe(ORGANIZER_NAME)
      const people = ev!.getAllProperties('attendee').map((p) => ({
        email: String(p.getFirstValue()),
        cn: p.getParameter('cn'),
        rsvp: p.getParameter('rsvp'),
      }))
      expect(people).toEqual(attendees.map((a) => ({ email: `mailto:${a.email}`, cn: a.name, rsvp: 'TRUE' })))

      const [nev] = readWithNodeIcal(ics, method)
      const nodePeople = list(nev!.attendee)
      expect(nodePeople.map((p) => p.val)).toEqual(attendees.map((a) => `mailto:${a.email}`))
      // node-ical cuts a quoted value at a semicolon (a bug of its own); the others read back exactly.
      nodePeople.forEach((p, i) => {
        if (!attendees[i]!.name.includes(';')) expect(rfc6868(String(p.params!.CN))).toBe(attendees[i]!.name)
      })
      // Mailed methods name the sending address (MAIL_FROM; here the default) as ORGANIZER, sent by Zoë (RFC 5546).
      const organizer = nev!.organizer as NodeIcalPerson
      expect(organizer.val).toBe('mailto:noreply@localhost')
      expect(ev!.getFirstProperty('organizer')!.getParameter('sent-by')).toBe('mailto:zoe@example.org')
    }
  })

  it('the space feed: PUBLISH, an ORGANIZER per event and no ATTENDEE, though the meetings have some', async () => {
    const m = (
      await schedule({ title: 'In the feed', start: '2026-11-05T10:00:00+01:00', durationMinutes: 30, attendees: [{ email: 'x@partner.example', name: 'X' }] })
    ).body.meeting
    const key = (await api().post(`/api/v1/spaces/${SPACE}/calendar-key`).set('Authorization', `Bearer ${manager}`)).body.key as string
    const ics = await text(`/api/v1/spaces/${SPACE}/calendar.ics?key=${key}`)
    checkLines(ics)
    const events = readWithIcalJs(ics, 'PUBLISH')
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toContain(m.uid)
    const nodeEvents = readWithNodeIcal(ics, 'PUBLISH')
    expect(nodeEvents.length).toBe(events.length)
    for (const ev of nodeEvents) {
      expect(list(ev.attendee)).toEqual([])
      expect(ev.organizer).toBeDefined()
    }
  })

  it('a quote in the organiser name injects no parameter; without an organiser address, RSVP=FALSE', async () => {
    const m = (
      await schedule({ title: 'Injected?', start: '2026-11-06T10:00:00+01:00', durationMinutes: 30, attendees: [{ email: 'a@partner.example' }] }, noMailManager)
    ).body.meeting
    const ics = await text(`/api/v1/meetings/${m.id}/invite.ics`, noMailManager)
    checkLines(ics)
    const [ev] = readWithIcalJs(ics, 'REQUEST')
    const organizer = ev!.getFirstProperty('organizer')!
    expect(organizer.getFirstValue()).toMatch(/^mailto:noreply@/)
    expect(organizer.getParameter('cn')).toBe(INJECTION)
    expect(organizer.getParameter('role')).toBeUndefined()
    expect(ev!.getAllProperties('attendee').map((p) => [p.getFirstValue(), p.getParameter('rsvp')])).toEqual([['mailto:a@partner.example', 'FALSE']])
    const [nev] = readWithNodeIcal(ics, 'REQUEST')
    const nodeOrganizer = nev!.organizer as NodeIcalPerson
    expect(Object.keys(nodeOrganizer.params!)).toEqual(['CN'])
    expect(rfc6868(String(nodeOrganizer.params!.CN))).toBe(INJECTION)
    expect(nodeOrganizer.val).toMatch(/^mailto:noreply@/)
    expect(list(nev!.attendee).map((p) => p.val)).toEqual(['mailto:a@partner.example'])
    expect(ics).toContain(`ORGANIZER;CN="x^' ROLE=CHAIR:mailto:boss@evil":mailto:noreply@`)
  })

  it('refuses a double quote in an attendee name with 400 invalid_request naming the field', async () => {
    const res = await schedule({ title: 'x', start: '2026-11-07T10:00:00+01:00', attendees: [{ email: 'ok@partner.example' }, { email: 'b@partner.example', name: INJECTION }] })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'attendees.1.name' } })
    expect(res.body.error.message).toContain('double quote')
  })
})
