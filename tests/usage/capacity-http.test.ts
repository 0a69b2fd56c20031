import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

const SPACE = 'capacity-space'
let t: TestService
let admin: string
let manager: string
let roomId: string

beforeAll(async () => {
  t = await startTestService()
  admin = await t.mintToken({ sub: 'root', admin: true, spaces: {} })
  manager = await t.mintToken({ sub: 'mgr', spaces: { [SPACE]: 'manager' }, locale: 'fr' })
  const room = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Capacité' })
  roomId = room.body.room.id
  const limits = await request(t.url).put('/api/v1/admin/limits').set('Authorization', `Bearer ${admin}`).send({ licence: { maxParticipants: 100 } })
  expect(limits.status).toBe(200)
})

afterAll(async () => {
  await t?.close()
})

const book = (expectedAttendees: unknown, start = '2030-01-07T09:00:00+01:00') =>
  request(t.url).post(`/api/v1/rooms/${roomId}/meetings`).set('Authorization', `Bearer ${manager}`).send({ title: 'Plénière', start, expectedAttendees })

describe('capacity planning', () => {
  it('warns the organiser when the expected attendance at an hour passes 90 % of the licence, then refuses once admins say so', async () => {
    const first = await book({ internal: 50, external: 10 })
    expect(first.status).toBe(201)
    expect(first.body.warnings).toBeUndefined()
    expect(first.body.meeting.expectedAttendees).toEqual({ internal: 50, external: 10 })

    const second = await book({ internal: 30, external: 5 }, '2030-01-07T09:30:00+01:00')
    expect(second.status).toBe(201)
    expect(second.body.warnings).toEqual([
      { code: 'capacity_warning', at: '2030-01-07T08:00:00.000Z', expected: 95, limit: 90 },
    ])
    // Fewer people expected: the meeting's old figure does not count against itself.
    const patched = await request(t.url).patch(`/api/v1/meetings/${second.body.meeting.id}`).set('Authorization', `Bearer ${manager}`).send({ expectedAttendees: { internal: 20, external: 5 } })
    expect(patched.status).toBe(200)
    expect(patched.body.warnings).toBeUndefined()
    expect(patched.body.meeting.expectedAttendees).toEqual({ internal: 20, external: 5 })

    const settings = await request(t.url).put('/api/v1/admin/capacity').set('Authorization', `Bearer ${admin}`).send({ refuse: true })
    expect(settings.body).toEqual({ thresholdPercent: 90, refuse: true })
    const refused = await book({ internal: 10, external: 0 }, '2030-01-07T09:15:00+01:00')
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('capacity_exceeded')
    expect(refused.body.error.message).toMatch(/^Les réunions prévues à ce moment/)
    // A meeting at another time, or without a stated attendance, is booked as before.
    expect((await book({ internal: 10, external: 0 }, '2030-01-08T09:00:00+01:00')).status).toBe(201)
    expect((await book(null)).status).toBe(201)

    // A member who may not book learns nothing of the capacity: the answer is about their right, as before.
    const member = await t.mintToken({ sub: 'mem', spaces: { [SPACE]: 'member' } })
    const asMember = await request(t.url).post(`/api/v1/rooms/${roomId}/meetings`).set('Authorization', `Bearer ${member}`)
      .send({ title: 'Plénière', start: '2030-01-07T09:15:00+01:00', expectedAttendees: { internal: 10, external: 0 } })
    expect(asMember.status).toBe(403)
    expect(asMember.body.error.code).not.toBe('capacity_exceeded')
    const patchAsMember = await request(t.url).patch(`/api/v1/meetings/${second.body.meeting.id}`).set('Authorization', `Bearer ${member}`)
      .send({ expectedAttendees: { internal: 90, external: 5 } })
    expect(patchAsMember.status).toBe(403)
    expect(patchAsMember.body.error.code).not.toBe('capacity_exceeded')

    const denied = await request(t.url).get('/api/v1/admin/capacity').set('Authorization', `Bearer ${manager}`)
    expect(denied.body.error.code).toBe('not_admin')
  })
})
