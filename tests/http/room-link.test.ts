import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { visitorCookie } from '../helpers/room-link.js'

const SPACE = 'team-link'
let t: TestService
let manager: string
let offsetMs = 0

beforeAll(async () => {
  t = await startTestService({ clock: () => Date.now() + offsetMs })
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)

async function createRoom(settings: Record<string, unknown>): Promise<string> {
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: `Room ${Math.random()}`, settings })
  expect(res.status).toBe(201)
  return res.body.room.id as string
}

async function startMeeting(roomId: string): Promise<string> {
  const res = await api().post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`)
  expect(res.status).toBe(200)
  return res.body.joinUrl as string
}

/** Follows a signed join URL like a browser and reads the dev BBB client state of that session. */
async function land(joinUrl: string): Promise<{ status: string; you: { userID: string; role: string; guest: boolean } }> {
  const joined = await fetch(joinUrl, { redirect: 'manual' })
  expect(joined.status).toBe(302)
  const client = new URL(joined.headers.get('location')!)
  const token = client.searchParams.get('sessionToken')
  expect(token).toBeTruthy()
  const state = await fetch(new URL(`client/state?sessionToken=${token}`, t.bbbUrl))
  return (await state.json()) as { status: string; you: { userID: string; role: string; guest: boolean } }
}

/** A join from the room link's page: with the visitor cookie the page gave (a fresh page load when none is given). */
async function guestJoin(roomId: string, body: Record<string, unknown>, cookie?: string) {
  const visitor = cookie ?? (await visitorCookie(t.url, roomId))
  return api().post(`/r/${roomId}/join`).set('Content-Type', 'application/json').set('Cookie', visitor).send(body)
}

describe('the room link page', () => {
  it('shows the room name and status in the visitor’s language, and a status endpoint to poll', async () => {
    const roomId = await createRoom({ guestsAllowed: true })
    const fr = await api().get(`/r/${roomId}`).set('Accept-Language', 'fr-FR,fr;q=0.9')
    expect(fr.status).toBe(200)
    expect(fr.headers['content-type']).toMatch(/^text\/html/)
    expect(fr.text).toContain('<html lang="fr">')
    expect(fr.text).toContain('La réunion n’a pas encore commencé.')
    expect(fr.text).toContain('/r/assets/room-link.js')
    const en = await api().get(`/r/${roomId}?lang=en`).set('Accept-Language', 'fr')
    expect(en.text).toContain('<html lang="en">')
    const script = await api().get('/r/assets/room-link.js')
    expect(script.status).toBe(200)
    expect(script.headers['content-type']).toMatch(/javascript/)

    const before = await api().get(`/r/${roomId}/status.json`)
    expect(before.body).toEqual({ name: expect.stringMatching(/^Room /), running: false })
    await startMeeting(roomId)
    const after = await api().get(`/r/${roomId}/status.json`)
    expect(after.body.running).toBe(true)

    const missing = await api().get('/r/zzz-zzz-zzz-zzz/status.json')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('room_not_found')
    expect((await api().get('/r/zzz-zzz-zzz-zzz')).status).toBe(404)
  })
})

describe('guest join from a room link', () => {
  it('waits while the meeting is not running, then lets a guest in as an external viewer with guest=true', async () => {
    const roomId = await createRoom({ guestsAllowed: true })
    const cookie = await visitorCookie(t.url, roomId)
    const early = await guestJoin(roomId, { name: 'Gaston Guest' }, cookie)
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('meeting_not_running')

    await startMeeting(roomId)
    const res = await guestJoin(roomId, { name: 'Gaston Guest' }, cookie)
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('VIEWER')
    const params = new URL(res.body.joinUrl).searchParams
    expect(params.get('guest')).toBe('true')
    expect(params.get('role')).toBe('VIEWER')
    expect(params.get('fullName')).toBe('Gaston Guest')
    const userId = params.get('userID')!
    expect(userId).toMatch(/^guest-/)
    // a reload in the same browser takes the same seat
    const again = await guestJoin(roomId, { name: 'Gaston Guest' }, cookie)
    expect(new URL(again.body.joinUrl).searchParams.get('userID')).toBe(userId)
    const landed = await land(res.body.joinUrl)
    expect(landed.you).toMatchObject({ userID: userId, role: 'VIEWER', guest: true })
    expect(landed.status).not.toBe('waiting')

    const audit = await api().get(`/api/v1/spaces/${SPACE}/audit`).query({ action: 'join.granted', roomId }).set('Authorization', `Bearer ${manager}`)
    expect(audit.body.entries.some((e: { actor: string; details: { kind: string; guest: boolean } }) => e.actor === 'guest:Gaston Guest' && e.details.kind === 'external' && e.details.guest)).toBe(true)
  })

  it('puts guests in the waiting room when the room asks for it (meeting created with ASK_MODERATOR)', async () => {
    const roomId = await createRoom({ guestsAllowed: true, waitingRoom: true })
    await startMeeting(roomId)
    const res = await guestJoin(roomId, { name: 'Wanda Waiting' })
    expect(res.status).toBe(200)
    expect(new URL(res.body.joinUrl).searchParams.get('guest')).toBe('true')
    const landed = await land(res.body.joinUrl)
    // only a meeting created with guestPolicy ASK_MODERATOR holds a guest=true join in its lobby
    expect(landed.status).toBe('waiting')
    expect(landed.you.guest).toBe(true)
  })

  it('asks for the access code, refuses a wrong one, and admits the right one', async () => {
    const roomId = await createRoom({ guestsAllowed: true, accessCode: 'sesame42' })
    await startMeeting(roomId)
    const none = await guestJoin(roomId, { name: 'Carla Code' })
    expect(none.status).toBe(401)
    expect(none.body.error.code).toBe('access_code_required')
    const wrong = await guestJoin(roomId, { name: 'Carla Code', accessCode: 'nope1234' })
    expect(wrong.status).toBe(403)
    expect(wrong.body.error.code).toBe('invalid_access_code')
    const right = await guestJoin(roomId, { name: 'Carla Code', accessCode: 'sesame42' })
    expect(right.status).toBe(200)
    expect(new URL(right.body.joinUrl).searchParams.get('guest')).toBe('true')
  })

  it('refuses guests where the room does not allow them, and checks the display name', async () => {
    const closed = await createRoom({ guestsAllowed: false })
    const res = await guestJoin(closed, { name: 'Ned Nope' })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('guests_not_allowed')
    const open = await createRoom({ guestsAllowed: true })
    const short = await guestJoin(open, { name: 'x' })
    expect(short.status).toBe(400)
    expect(short.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'name' } })
  })

  it('lets the moderator access code start the meeting as a moderator', async () => {
    const roomId = await createRoom({ guestsAllowed: false, moderatorAccessCode: 'chief2026' })
    const res = await guestJoin(roomId, { name: 'Mona Moderator', accessCode: 'chief2026' })
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('MODERATOR')
    const params = new URL(res.body.joinUrl).searchParams
    expect(params.get('role')).toBe('MODERATOR')
    expect(params.get('guest')).toBeNull()
    expect((await api().get(`/r/${roomId}/status.json`)).body.running).toBe(true)
    const wrong = await guestJoin(roomId, { name: 'Mona Moderator', accessCode: 'chief2025' })
    expect(wrong.body.error.code).toBe('invalid_access_code')
  })

  it('says which limit refused, in the visitor’s language', async () => {
    const roomId = await createRoom({ guestsAllowed: true, maxParticipants: 1 })
    await startMeeting(roomId)
    // from an address of its own: this file's other guests hold the loopback address's few pending guest seats
    const res = await api()
      .post(`/r/${roomId}/join`)
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'fr')
      .set('X-Forwarded-For', '192.0.2.77')
      .set('Cookie', await visitorCookie(t.url, roomId))
      .send({ name: 'Lucie Late' })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('room_full')
    expect(res.body.error.details.cap).toBe(1)
    expect(res.body.error.message).toContain('complète')
  })

  it('keeps a scheduled meeting’s room closed until shortly before it starts, saying when it opens', async () => {
    const roomId = await createRoom({ guestsAllowed: true, moderatorAccessCode: 'early123' })
    const start = Date.now() + 3 * 3600_000
    const m = await api()
      .post(`/api/v1/rooms/${roomId}/meetings`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ title: 'Later', start: new Date(start).toISOString(), durationMinutes: 60 })
    expect(m.status).toBe(201)
    const opensAt = new Date(start - 15 * 60_000).toISOString()
    const status = await api().get(`/r/${roomId}/status.json`)
    expect(status.body).toMatchObject({ running: false, opensAt })
    const res = await guestJoin(roomId, { name: 'Eager Moderator', accessCode: 'early123' })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'meeting_not_open_yet', details: { opensAt } })

    offsetMs = 3 * 3600_000 - 10 * 60_000 // ten minutes before the start
    try {
      expect((await api().get(`/r/${roomId}/status.json`)).body.opensAt).toBeUndefined()
      const open = await guestJoin(roomId, { name: 'Eager Moderator', accessCode: 'early123' })
      expect(open.status).toBe(200)
      expect(open.body.role).toBe('MODERATOR')
    } finally {
      offsetMs = 0
    }
  })

  it('holds an anonymous guest’s pending seat 30 s, not 90 s, so unused join links free the room quickly', async () => {
    const roomId = await createRoom({ guestsAllowed: true, maxParticipants: 2 })
    await startMeeting(roomId)
    const from = async (ip: string, name: string) =>
      api().post(`/r/${roomId}/join`).set('Content-Type', 'application/json').set('X-Forwarded-For', ip).set('Cookie', await visitorCookie(t.url, roomId)).send({ name })
    expect((await from('192.0.2.91', 'Gina Ghost')).status).toBe(200)
    const full = await from('192.0.2.92', 'Hugo Late')
    expect(full.body.error.code).toBe('room_full')
    offsetMs = 31_000 // Gina never opened her link; the manager's own seat (90 s) still holds
    try {
      const late = await from('192.0.2.92', 'Hugo Late')
      expect(late.status, JSON.stringify(late.body)).toBe(200)
      expect((await from('192.0.2.93', 'Ivan Third')).body.error.code).toBe('room_full')
    } finally {
      offsetMs = 0
    }
  })
})
