import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// Co-moderators: a room names users (by the `sub` of their host token) who join as moderators besides the space's
// managers. What BBB is told is read back from the development BBB: the role the signed join URL carries, and the
// role the attendee has in the meeting once the browser followed it.

const SPACE = 'co-mods'
let t: TestService
let manager: string
let carol: string
let bob: string

beforeAll(async () => {
  t = await startTestService()
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
  carol = await t.mintToken({ sub: 'carol', name: 'Carol Petit', spaces: { [SPACE]: 'member' } })
  bob = await t.mintToken({ sub: 'bob', name: 'Bob Durand', spaces: { [SPACE]: 'member' } })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)
const as = (token: string) => ({ Authorization: `Bearer ${token}` })

async function createRoom(settings: Record<string, unknown>): Promise<string> {
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set(as(manager)).send({ name: 'Co-moderated', settings })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.room.id as string
}

/** Joins through the API, follows the signed URL into the client as a browser would, and answers BBB's view of that person. */
async function joinAndLand(roomId: string, token: string, sub: string) {
  const res = await api().post(`/api/v1/rooms/${roomId}/join`).set(as(token))
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const landing = await fetch(res.body.joinUrl as string, { redirect: 'manual' })
  expect(landing.status).toBe(302)
  // The client page's first heartbeat is when BBB counts the person in.
  const client = new URL(landing.headers.get('location')!, t.bbbUrl)
  const beat = await fetch(`${t.bbbUrl}client/heartbeat?sessionToken=${client.searchParams.get('sessionToken')}`, { method: 'POST' })
  expect(beat.status).toBe(200)
  const room = await t.store.getRoom(roomId)
  const info = await t.service.bbb.getMeetingInfo({ meetingID: room!.meetingId })
  const attendee = info.attendees.find((a) => a.userID === sub)
  return { answered: res.body.role as string, url: new URL(res.body.joinUrl as string).searchParams.get('role'), inMeeting: attendee?.role }
}

describe('co-moderators', () => {
  it('a named member joins as MODERATOR in BBB, a plain member stays VIEWER', async () => {
    const roomId = await createRoom({ coModerators: ['carol'] })
    await joinAndLand(roomId, manager, 'alice')
    expect(await joinAndLand(roomId, carol, 'carol')).toEqual({ answered: 'MODERATOR', url: 'MODERATOR', inMeeting: 'MODERATOR' })
    expect(await joinAndLand(roomId, bob, 'bob')).toEqual({ answered: 'VIEWER', url: 'VIEWER', inMeeting: 'VIEWER' })
  })

  it('a co-moderator may start the meeting and end it, which a plain member may not', async () => {
    const roomId = await createRoom({ coModerators: ['carol'] })
    const early = await api().post(`/api/v1/rooms/${roomId}/join`).set(as(bob))
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('meeting_not_running')

    const asCarol = await api().get(`/api/v1/rooms/${roomId}`).set(as(carol))
    expect(asCarol.body.room).toMatchObject({ canStart: true, canEnd: true, canManage: false })
    expect((await joinAndLand(roomId, carol, 'carol')).inMeeting).toBe('MODERATOR')

    const bobEnds = await api().post(`/api/v1/rooms/${roomId}/end`).set(as(bob))
    expect(bobEnds.status).toBe(403)
    expect(bobEnds.body.error.code).toBe('not_a_moderator')
    const carolEnds = await api().post(`/api/v1/rooms/${roomId}/end`).set(as(carol))
    expect(carolEnds.status, JSON.stringify(carolEnds.body)).toBe(200)
  })

  it('shows the list to managers only, and a removed co-moderator joins as VIEWER again', async () => {
    const roomId = await createRoom({ coModerators: ['carol', 'dan'] })
    const asManager = await api().get(`/api/v1/rooms/${roomId}`).set(as(manager))
    expect(asManager.body.room.settings.coModerators).toEqual(['carol', 'dan'])
    const asCarol = await api().get(`/api/v1/rooms/${roomId}`).set(as(carol))
    expect(asCarol.body.room.settings).not.toHaveProperty('coModerators')

    const patched = await api().patch(`/api/v1/rooms/${roomId}`).set(as(manager)).send({ settings: { coModerators: ['dan'] } })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body.room.settings.coModerators).toEqual(['dan'])
    await joinAndLand(roomId, manager, 'alice')
    expect(await joinAndLand(roomId, carol, 'carol')).toEqual({ answered: 'VIEWER', url: 'VIEWER', inMeeting: 'VIEWER' })
  })

  it('lists the people seen in the space to its managers, by name, to pick co-moderators from; members may not', async () => {
    const elsewhere = await t.mintToken({ sub: 'zed', name: 'Zed Other', spaces: { 'other-space': 'manager' } })
    for (const token of [carol, bob, elsewhere]) await api().get('/api/v1/me/limits').query({ spaceId: token === elsewhere ? 'other-space' : SPACE }).set(as(token))
    const res = await api().get(`/api/v1/spaces/${SPACE}/members`).set(as(manager))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.members).toEqual([
      { sub: 'alice', name: 'Alice Martin', role: 'manager' },
      { sub: 'bob', name: 'Bob Durand', role: 'member' },
      { sub: 'carol', name: 'Carol Petit', role: 'member' },
    ])
    const asMember = await api().get(`/api/v1/spaces/${SPACE}/members`).set(as(carol))
    expect(asMember.status).toBe(403)
    expect(asMember.body.error.code).toBe('not_a_manager')
  })

  it('only managers name co-moderators', async () => {
    const roomId = await createRoom({})
    const res = await api().patch(`/api/v1/rooms/${roomId}`).set(as(carol)).send({ settings: { coModerators: ['carol'] } })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('not_a_manager')
    const room = await t.store.getRoom(roomId)
    expect(room!.settings.coModerators ?? []).toEqual([])
  })

  it('refuses a co-moderator entry with control characters, or more than 50, with 400 invalid_request', async () => {
    const roomId = await createRoom({})
    for (const coModerators of [['bad\u0007sub'], Array.from({ length: 51 }, (_, i) => `u${i}`), ['']]) {
      const res = await api().patch(`/api/v1/rooms/${roomId}`).set(as(manager)).send({ settings: { coModerators } })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_request', details: { field: expect.stringMatching(/^settings\.coModerators/) } })
    }
  })
})
