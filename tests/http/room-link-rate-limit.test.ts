import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { visitorCookie } from '../helpers/room-link.js'

const SPACE = 'team-brute'
let t: TestService
let manager: string

beforeAll(async () => {
  t = await startTestService()
  manager = await t.mintToken({ sub: 'alice', name: 'Alice', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

async function createRoom(): Promise<string> {
  const res = await request(t.url)
    .post(`/api/v1/spaces/${SPACE}/rooms`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ name: 'Guarded', settings: { guestsAllowed: true, accessCode: 'right1234' } })
  return res.body.room.id as string
}

// The service trusts X-Forwarded-For from loopback (its reverse proxy), so each header is another client; each
// attempt comes from the room's page (its visitor cookie), as a browser's would.
async function attempt(roomId: string, ip: string, code: string) {
  return request(t.url)
    .post(`/r/${roomId}/join`)
    .set('Content-Type', 'application/json')
    .set('X-Forwarded-For', ip)
    .set('Cookie', await visitorCookie(t.url, roomId, { 'X-Forwarded-For': ip }))
    .send({ name: 'Brute Force', accessCode: code })
}

describe('access-code attempts are rate-limited', () => {
  it('stops one address after 10 wrong codes with 429 rate_limited, even for the right code, not others', async () => {
    const roomId = await createRoom()
    for (let i = 0; i < 10; i++) {
      const res = await attempt(roomId, '203.0.113.7', `wrong${i}000`)
      expect(res.body.error.code).toBe('invalid_access_code')
    }
    const blocked = await attempt(roomId, '203.0.113.7', 'right1234')
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('rate_limited')
    // another address still gets an answer on the merits (the meeting is not running yet)
    const other = await attempt(roomId, '203.0.113.8', 'right1234')
    expect(other.status).toBe(409)
    expect(other.body.error.code).toBe('meeting_not_running')
  })

  it('stops a room after 50 wrong codes from many addresses, for the addresses that guessed', async () => {
    const roomId = await createRoom()
    for (let i = 0; i < 50; i++) {
      const res = await attempt(roomId, `198.51.100.${i % 25}`, `bad${i}0000`)
      expect(res.status).toBe(403)
    }
    // an address that guessed is stopped, even with the right code
    const blocked = await attempt(roomId, '198.51.100.3', 'right1234')
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('rate_limited')
    // a new address gets one guess: a wrong one is refused, and then it is stopped too
    const fresh = await attempt(roomId, '192.0.2.201', 'wrong0000')
    expect(fresh.body.error.code).toBe('invalid_access_code')
    const again = await attempt(roomId, '192.0.2.201', 'wrong0001')
    expect(again.status).toBe(429)
    expect(again.body.error.code).toBe('rate_limited')
    // the limit is the room's: another room from that address is answered normally
    const elsewhere = await attempt(await createRoom(), '192.0.2.201', 'right1234')
    expect(elsewhere.body.error.code).toBe('meeting_not_running')
  })

  it('never locks a room out for a client that did not guess: its right code is answered on the merits', async () => {
    const roomId = await createRoom()
    for (let i = 0; i < 60; i++) await attempt(roomId, `198.51.100.${i % 30}`, `bad${i}0000`)
    const right = await attempt(roomId, '192.0.2.200', 'right1234')
    expect(right.status).toBe(409)
    expect(right.body.error.code).toBe('meeting_not_running')
    const guestOnAnotherAddress = await attempt(roomId, '192.0.2.202', 'right1234')
    expect(guestOnAnotherAddress.body.error.code).toBe('meeting_not_running')
  })

  it('does not count refusals other than a wrong code (a room closed to guests)', async () => {
    const res = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Closed', settings: { guestsAllowed: false } })
    const closed = res.body.room.id as string
    for (let i = 0; i < 12; i++) {
      const refused = await attempt(closed, '203.0.113.50', 'any-code')
      expect(refused.body.error.code).toBe('guests_not_allowed')
    }
    const open = await attempt(await createRoom(), '203.0.113.50', 'right1234')
    expect(open.body.error.code).toBe('meeting_not_running')
  })

  it('asks for codes long enough that the limits leave guessing hopeless: 8 digits, 6 letters, no runs', async () => {
    for (const field of ['accessCode', 'moderatorAccessCode']) {
      for (const weak of ['1234567', '12345678']) {
        const short = await request(t.url)
          .post(`/api/v1/spaces/${SPACE}/rooms`)
          .set('Authorization', `Bearer ${manager}`)
          .send({ name: 'Short code', settings: { guestsAllowed: true, [field]: weak } })
        expect(short.status).toBe(400)
        expect(short.body.error).toMatchObject({ code: 'access_code_too_weak', details: { field: `settings.${field}` } })
      }
      const long = await request(t.url)
        .post(`/api/v1/spaces/${SPACE}/rooms`)
        .set('Authorization', `Bearer ${manager}`)
        .send({ name: 'Long code', settings: { guestsAllowed: true, [field]: '48210517' } })
      expect(long.status).toBe(201)
    }
  })
})

describe('guest seats cannot be squatted', () => {
  async function runningRoom(settings: Record<string, unknown>): Promise<string> {
    const res = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: `Open ${Math.random()}`, settings: { guestsAllowed: true, ...settings } })
    const roomId = res.body.room.id as string
    expect((await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`)).status).toBe(200)
    return roomId
  }
  /** A guest's join from the room's page: a fresh page load (a new visitor) unless `cookie` says which visitor. */
  const guest = async (roomId: string, ip: string, cookie?: string) => {
    const visitor = cookie ?? (await visitorCookie(t.url, roomId, { 'X-Forwarded-For': ip }))
    const res = await request(t.url).post(`/r/${roomId}/join`).set('Content-Type', 'application/json').set('X-Forwarded-For', ip).set('Cookie', visitor).send({ name: 'Squatter' })
    return Object.assign(res, { visitor })
  }

  it('refuses an anonymous guest without the page’s visitor cookie (visitor_required): no seat, no audit row', async () => {
    const roomId = await runningRoom({ maxParticipants: 2 }) // the manager holds one seat
    const granted = (await t.store.listAudit({ roomId, action: 'join.granted' })).total
    for (const cookie of [undefined, 'bbbs_visitor=forged-visitor-id-0123456789.bad-mac', 'bbbs_session=not-a-session']) {
      for (let i = 0; i < 4; i++) {
        const r = request(t.url).post(`/r/${roomId}/join`).set('Content-Type', 'application/json').set('X-Forwarded-For', `198.20.0.${i}`)
        if (cookie) r.set('Cookie', cookie)
        const res = await r.send({ name: 'Squatter' })
        expect(res.status).toBe(403)
        expect(res.body.error.code).toBe('visitor_required')
        expect(res.body.error.message).toMatch(/room link/)
      }
    }
    expect((await t.store.listAudit({ roomId, action: 'join.refused' })).total).toBe(0)
    expect((await t.store.listAudit({ roomId, action: 'join.granted' })).total).toBe(granted)
    // the room's last seat is still free for a guest who opened the page
    expect((await guest(roomId, '198.20.1.1')).status).toBe(200)
    expect((await guest(roomId, '198.20.1.2')).body.error.code).toBe('room_full')

    // nor while the meeting is not running (where each refusal could have been an audit row)
    const idle = (await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Idle', settings: { guestsAllowed: true } })).body.room.id as string
    const refused = await request(t.url).post(`/r/${idle}/join`).set('Content-Type', 'application/json').set('Accept-Language', 'fr').send({ name: 'Squatter' })
    expect(refused.body.error.code).toBe('visitor_required')
    expect(refused.body.error.message).toMatch(/lien de la salle/)
    expect((await t.store.listAudit({ roomId: idle })).entries.filter((e) => e.action.startsWith('join.'))).toEqual([])
  })

  it('holds at most 3 pending guest reservations per address, and members still find a seat', async () => {
    const roomId = await runningRoom({ maxParticipants: 6 })
    const ip = '203.0.113.150'
    const first = await guest(roomId, ip)
    expect(first.status).toBe(200)
    const visitor = first.visitor
    for (let i = 0; i < 2; i++) expect((await guest(roomId, ip)).status).toBe(200)
    const fourth = await guest(roomId, ip)
    expect(fourth.status).toBe(429)
    expect(fourth.body.error.code).toBe('rate_limited')
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0)
    // the first visitor clicking again keeps its one reservation
    expect((await guest(roomId, ip, visitor)).status).toBe(200)
    // another address is a guest like any other, and a member still joins
    expect((await guest(roomId, '203.0.113.151')).status).toBe(200)
    const member = await t.mintToken({ sub: 'dan', name: 'Dan', spaces: { [SPACE]: 'member' } })
    expect((await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${member}`)).status).toBe(200)
  })

  it('holds at most 20 pending guest reservations per room from any mix of addresses', async () => {
    const roomId = await runningRoom({})
    for (let i = 0; i < 20; i++) expect((await guest(roomId, `198.18.0.${i}`)).status).toBe(200)
    const over = await guest(roomId, '198.18.1.1')
    expect(over.status).toBe(429)
    expect(over.body.error.code).toBe('rate_limited')
    // another room is not affected
    expect((await guest(await runningRoom({}), '198.18.1.1')).status).toBe(200)
  })

  it('writes one audit row for many refusals while the meeting is not running, not one each', async () => {
    const res = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Not yet', settings: { guestsAllowed: true } })
    const roomId = res.body.room.id as string
    for (let i = 0; i < 6; i++) {
      const waiting = await guest(roomId, `198.19.0.${i}`)
      expect(waiting.status).toBe(409)
      expect(waiting.body.error.code).toBe('meeting_not_running')
    }
    const audit = await t.store.listAudit({ roomId, action: 'join.refused' })
    expect(audit.total).toBe(1)
    expect(audit.entries[0]!.details).toMatchObject({ code: 'meeting_not_running' })
  })
})
