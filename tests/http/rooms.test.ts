import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

let t: TestService
let manager: string
let member: string
let outsider: string

const SPACE = 'team-42'

beforeAll(async () => {
  t = await startTestService()
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', locale: 'fr', spaces: { [SPACE]: 'manager' } })
  member = await t.mintToken({ sub: 'bob', name: 'Bob Durand', spaces: { [SPACE]: 'member' } })
  outsider = await t.mintToken({ sub: 'eve', name: 'Eve', spaces: { 'other-space': 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)

async function createRoom(name: string, settings: Record<string, unknown> = {}): Promise<string> {
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name, settings })
  expect(res.status).toBe(201)
  return res.body.room.id as string
}

function joinParams(joinUrl: string): URLSearchParams {
  return new URL(joinUrl).searchParams
}

describe('rooms of a space', () => {
  it('gives a space a default room on first access by a member, with a friendly slug', async () => {
    const res = await api().get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${member}`)
    expect(res.status).toBe(200)
    expect(res.body.rooms).toHaveLength(1)
    const room = res.body.rooms[0]
    expect(room.id).toMatch(/^[a-z]{3}-[a-z]{3}-[a-z]{3}-[a-z]{3}$/)
    expect(room).toMatchObject({ role: 'member', canStart: false, canEnd: false, canManage: false })
    expect(room.status).toMatchObject({ running: false, participants: 0 })
    expect(room.link).toBe(`${t.service.config.publicUrl}/r/${room.id}`)
    // the same space listed again keeps its one default room
    const again = await api().get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`)
    expect(again.body.rooms.map((r: { id: string }) => r.id)).toEqual([room.id])
    expect(again.body.rooms[0]).toMatchObject({ role: 'manager', canStart: true, canEnd: true, canManage: true })
  })

  it('refuses an outsider with 403 not_a_member', async () => {
    const res = await api().get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${outsider}`)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('not_a_member')
  })

  it('lets managers create, rename and delete rooms, and members not', async () => {
    const id = await createRoom('Weekly sync')
    const denied = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${member}`).send({ name: 'x' })
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('not_a_manager')
    const renamed = await api()
      .patch(`/api/v1/rooms/${id}`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Weekly sync (all hands)', settings: { muteOnStart: true } })
    expect(renamed.status).toBe(200)
    expect(renamed.body.room).toMatchObject({ name: 'Weekly sync (all hands)', settings: { muteOnStart: true } })
    const gone = await api().delete(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`)
    expect(gone.status).toBe(204)
    const missing = await api().get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`)
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('room_not_found')
  })

  it('rejects a bad body with 400 invalid_request naming the field, and changes nothing', async () => {
    const id = await createRoom('Validation')
    const res = await api()
      .patch(`/api/v1/rooms/${id}`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ settings: { maxParticipants: -3 } })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'settings.maxParticipants' } })
    expect(res.body.error.message).toContain('settings.maxParticipants')
    const unknown = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ colour: 'red' })
    expect(unknown.status).toBe(400)
    const after = await api().get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`)
    expect(after.body.room.settings.maxParticipants).toBeNull()
    expect(after.body.room.name).toBe('Validation')
  })

  it('hides access codes from members', async () => {
    const id = await createRoom('Secret', { accessCode: 'ABCD1234' })
    const asManager = await api().get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`)
    expect(asManager.body.room.settings).toMatchObject({ accessCode: 'ABCD1234', hasAccessCode: true })
    const asMember = await api().get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${member}`)
    expect(asMember.body.room.settings.hasAccessCode).toBe(true)
    expect(asMember.body.room.settings).not.toHaveProperty('accessCode')
  })
})

describe('start and join', () => {
  it('lets a manager start a meeting and land in BBB as MODERATOR, with one create', async () => {
    const id = await createRoom('Start me')
    const before = (await t.bbbStats()).create ?? 0
    const res = await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`)
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('MODERATOR')
    const params = joinParams(res.body.joinUrl)
    expect(params.get('role')).toBe('MODERATOR')
    expect(params.get('userID')).toBe('alice')
    expect(params.get('fullName')).toBe('Alice Martin')
    expect(params.get('userdata-bbb_override_default_locale')).toBe('fr')
    expect(params.get('createTime')).toMatch(/^\d+$/)
    expect((await t.bbbStats()).create).toBe(before + 1)
    // the signed URL is accepted by the BBB server: it redirects to its client page
    const landing = await fetch(res.body.joinUrl, { redirect: 'manual' })
    expect(landing.status).toBe(302)
    expect(landing.headers.get('location')).toContain('sessionToken=')
  })

  it('lets a member join a running meeting as VIEWER, and refuses before it runs', async () => {
    const id = await createRoom('Member joins')
    const early = await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${member}`)
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('meeting_not_running')
    await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    const res = await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${member}`)
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('VIEWER')
    expect(joinParams(res.body.joinUrl).get('role')).toBe('VIEWER')
  })

  it('refuses an outsider who tries to join', async () => {
    const id = await createRoom('No outsiders')
    const res = await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${outsider}`)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('not_a_member')
  })

  it('makes exactly one BBB create for 20 simultaneous starts', async () => {
    const id = await createRoom('Rush')
    const before = (await t.bbbStats()).create ?? 0
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`)),
    )
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect((await t.bbbStats()).create).toBe(before + 1)
  })

  it('ends a meeting for moderators only, then shows it not running', async () => {
    const id = await createRoom('End me')
    await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    const denied = await api().post(`/api/v1/rooms/${id}/end`).set('Authorization', `Bearer ${member}`)
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('not_a_moderator')
    const running = await api().delete(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`)
    expect(running.status).toBe(409)
    expect(running.body.error.code).toBe('room_running')
    const ended = await api().post(`/api/v1/rooms/${id}/end`).set('Authorization', `Bearer ${manager}`)
    expect(ended.status).toBe(200)
    const late = await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${member}`)
    expect(late.body.error.code).toBe('meeting_not_running')
    const audit = await api().get(`/api/v1/spaces/${SPACE}/audit?roomId=${id}`).set('Authorization', `Bearer ${manager}`)
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['room.created', 'meeting.started', 'join.granted', 'join.refused', 'meeting.ended']),
    )
  })
})

describe('tokens', () => {
  it('refuses a missing, expired, unsigned, alg:none or wrongly signed token with 401 invalid_token', async () => {
    const expired = await t.mintToken({ sub: 'alice', spaces: { [SPACE]: 'manager' } }, { expiresIn: Math.floor(Date.now() / 1000) - 120 })
    const [h, p] = manager.split('.')
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`
    const unsigned = `${h}.${p}.`
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: 'alice', name: 'A', spaces: { [SPACE]: 'manager' }, exp: 9999999999 })).toString('base64url')}.${manager.split('.')[2]}`
    for (const header of [undefined, `Bearer ${expired}`, `Bearer ${none}`, `Bearer ${unsigned}`, `Bearer ${tampered}`, 'Basic abc']) {
      const req = api().get(`/api/v1/spaces/${SPACE}/rooms`)
      const res = await (header ? req.set('Authorization', header) : req)
      expect(res.status, String(header)).toBe(401)
      expect(res.body.error.code).toBe('invalid_token')
    }
  })
})
