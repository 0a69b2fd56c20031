import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asText } from '../helpers/text-body.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Issue 15: "Point d’étape été / heure d’été" was saved as "Point détape été heure dété.ics". The server names the
// file after the title with RFC 6266 `filename*` (UTF-8, apostrophes and accents kept) and an ASCII fallback.

const SPACE = 'team-ics-name'
let t: TestService
let manager: string

beforeAll(async () => {
  t = await startTestService()
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

/** What a browser saves: the `filename*` value when there is one (RFC 6266 §4.3), else `filename`. */
function savedName(header: string): { utf8: string | null; ascii: string | null } {
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(header)
  const plain = /filename="([^"]*)"/i.exec(header)
  return { utf8: star ? decodeURIComponent(star[1]!) : null, ascii: plain ? plain[1]! : null }
}

describe('the .ics file name', () => {
  it.each([
    ['Point d’étape été / heure d’été', 'Point d’étape été heure d’été.ics', "Point d'etape ete heure d'ete.ics"],
    ["Revue d'équipe : « bilan »", "Revue d'équipe « bilan ».ics", "Revue d'equipe _ bilan _.ics"],
    ['Sprint review', 'Sprint review.ics', 'Sprint review.ics'],
  ])('keeps apostrophes and accents of %j', async (title, utf8, ascii) => {
    const room = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Salle' })
    const m = await request(t.url)
      .post(`/api/v1/rooms/${room.body.room.id}/meetings`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ title, start: '2030-03-04T10:00:00+01:00', durationMinutes: 30 })
    expect(m.status).toBe(201)
    const res = await request(t.url)
      .get(`/api/v1/meetings/${m.body.meeting.id}/invite.ics`)
      .set('Authorization', `Bearer ${manager}`)
      .buffer(true)
      .parse(asText)
    expect(res.status).toBe(200)
    const header = res.headers['content-disposition'] as string
    expect(header.startsWith('attachment;')).toBe(true)
    // Only ASCII on the wire, as HTTP headers require.
    expect(/^[\x20-\x7e]*$/.test(header)).toBe(true)
    expect(savedName(header)).toEqual({ utf8, ascii })
  })
})
