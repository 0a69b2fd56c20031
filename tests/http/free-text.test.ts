import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeFreeText } from '../../server/http/free-text.js'
import { startTestService, type TestService } from '../helpers/service.js'

const SPACE = 'free-text'
let t: TestService
let manager: string

beforeAll(async () => {
  t = await startTestService({ store: 'postgres' })
  manager = await t.mintToken({ sub: 'fanny', name: 'Fanny', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)
const ZERO_WIDTH = '\u200b\u200c\u200d\u2060\ufeff'
const BIDI = '\u202e\u202a\u2066\u2069'

describe('normalizeFreeText', () => {
  it('composes (NFC), strips controls, bidi and zero-width characters, turns line breaks into spaces, trims', () => {
    expect(normalizeFreeText('Cafe\u0301')).toBe('Café')
    expect(normalizeFreeText(`  a\u0000b\u001b[31mc\u0007 ${BIDI}d${ZERO_WIDTH}  `)).toBe('ab[31mc d')
    expect(normalizeFreeText('one\r\ntwo\u2028three\u2029four\tfive')).toBe('one two three four five')
    expect(normalizeFreeText(ZERO_WIDTH + BIDI)).toBe('')
    expect(normalizeFreeText('first\r\nsecond\u0000', { lines: true })).toBe('first\nsecond')
  })
})

describe('free-text fields', () => {
  it('stores room names normalized, and refuses one that is empty once stripped', async () => {
    const created = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: `\u202eWeekly\u0000 Cafe\u0301${ZERO_WIDTH}` })
    expect(created.status).toBe(201)
    expect(created.body.room.name).toBe('Weekly Café')
    const empty = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: ZERO_WIDTH + BIDI })
    expect(empty.status).toBe(400)
    expect(empty.body.error.code).toBe('invalid_request')
  })

  it('takes a guest name with NUL, ESC, line breaks and bidi overrides on PostgreSQL without a 500', async () => {
    const created = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Guests', settings: { guestsAllowed: true } })
    const roomId = created.body.room.id as string
    await api().post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    const page = await api().get(`/r/${roomId}`)
    const cookie = page.headers['set-cookie']
    const join = (name: string) => {
      const req = api().post(`/r/${roomId}/join`).set('Content-Type', 'application/json')
      if (cookie) req.set('Cookie', cookie)
      return req.send({ name })
    }
    const hostile = await join(`Eve\u0000\u001b[2J\r\nAdmin\u2028${BIDI}`)
    expect(hostile.status).toBeLessThan(500)
    expect(hostile.status).toBe(200)
    const joinUrl = new URL(hostile.body.joinUrl as string)
    expect(joinUrl.searchParams.get('fullName')).toBe('Eve[2J Admin')
    const blank = await join(ZERO_WIDTH.repeat(3))
    expect(blank.status).toBe(400)
  })

  it('normalizes meeting titles and attendee names', async () => {
    const created = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Planned' })
    const roomId = created.body.room.id as string
    const res = await api().post(`/api/v1/rooms/${roomId}/meetings`).set('Authorization', `Bearer ${manager}`).send({
      title: `Review\u0000${BIDI} Cafe\u0301`,
      start: new Date(Date.now() + 86_400_000).toISOString(),
      attendees: [{ email: 'zoe@example.org', name: `Zo\u200be\u0007` }],
    })
    expect(res.status).toBe(201)
    expect(res.body.meeting.title).toBe('Review Café')
    expect(res.body.meeting.attendees[0].name).toBe('Zoe')
  })
})
