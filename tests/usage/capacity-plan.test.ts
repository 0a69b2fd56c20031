import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CapacityPlanAnswer } from '../../server/contract/index.js'
import { startTestService, type TestService } from '../helpers/service.js'

// GET /api/v1/admin/capacity/plan: what is booked hour by hour against the licence, and the usual load at that
// hour, on both databases.

const SPACE = 'plan-space'
const HOUR = 3_600_000
const WEEK = 7 * 24 * HOUR
/** Monday 7 January 2030, 06:00 UTC: the service's clock. */
const NOW = Date.UTC(2030, 0, 7, 6, 0)
const NINE = Date.UTC(2030, 0, 7, 9, 0)

describe.each(['sqlite', 'postgres'] as const)('the capacity plan (%s)', (store) => {
  let t: TestService
  let admin: string
  let adminFr: string
  beforeAll(async () => {
    t = await startTestService({ store, clock: () => NOW })
    await t.service.usage.sampler.close()
    admin = await t.mintToken({ sub: 'root', admin: true, spaces: {} })
    adminFr = await t.mintToken({ sub: 'root-fr', admin: true, spaces: {}, locale: 'fr' })
    const manager = await t.mintToken({ sub: 'mgr', spaces: { [SPACE]: 'manager' } })
    await request(t.url).put('/api/v1/admin/limits').set('Authorization', `Bearer ${admin}`).send({ licence: { maxParticipants: 100, maxExternal: 20 } })
    const room = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Plénière' })
    const book = async (start: number, minutes: number, expectedAttendees: unknown) => {
      const res = await request(t.url).post(`/api/v1/rooms/${room.body.room.id}/meetings`).set('Authorization', `Bearer ${manager}`)
        .send({ title: 'Point', start: new Date(start).toISOString(), durationMinutes: minutes, expectedAttendees })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    await book(NINE, 60, { internal: 50, external: 10 })
    await book(NINE + HOUR / 2, 60, { internal: 30, external: 5 })
    await book(NINE + 3 * HOUR, 30, null) // no stated attendance: not in the plan
    await book(NINE + 30 * 24 * HOUR, 60, { internal: 1, external: 0 }) // after the default 14 days

    // The same Monday hour one and two weeks before had 40 and 20 people at their peak; 10:00 was never sampled.
    const { history } = t.service.usage
    for (const [at, people] of [[NINE - WEEK + 5 * 60_000, 40], [NINE - 2 * WEEK + 5 * 60_000, 20], [NINE - 2 * WEEK + 6 * 60_000, 12]] as const) {
      await history.recordMinute({
        minute: at,
        total: { participants: people, internal: people, external: 0, meetings: 1 },
        spaces: [{ spaceId: SPACE, participants: people, internal: people, external: 0, meetings: 1 }],
      })
    }
    await history.rollUp(NOW)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('adds up what scheduled meetings expect per hour, with the licence, its warning levels and the usual load', async () => {
    const res = await request(t.url).get('/api/v1/admin/capacity/plan').set('Authorization', `Bearer ${admin}`)
    expect(res.status).toBe(200)
    const plan = res.body as CapacityPlanAnswer
    expect(plan.from).toBe(new Date(NOW).toISOString())
    expect(plan.to).toBe(new Date(NOW + 14 * 24 * HOUR).toISOString())
    expect(plan.licence).toMatchObject({ maxParticipants: 100, maxExternal: 20 })
    expect(plan.thresholds).toEqual({ participants: 90, internal: null, external: 18 })
    expect(plan.hours).toEqual([
      { at: '2030-01-07T09:00:00.000Z', meetings: 2, booked: { total: 95, internal: 80, external: 15 }, usual: 30 },
      { at: '2030-01-07T10:00:00.000Z', meetings: 1, booked: { total: 35, internal: 30, external: 5 }, usual: null },
    ])
  })

  it('covers the period asked, and refuses one that is too long or backwards, in the caller’s language', async () => {
    const later = await request(t.url)
      .get(`/api/v1/admin/capacity/plan?from=${NINE + 29 * 24 * HOUR}&to=${new Date(NINE + 32 * 24 * HOUR).toISOString()}`)
      .set('Authorization', `Bearer ${admin}`)
    expect((later.body as CapacityPlanAnswer).hours.map((h) => [h.at, h.booked.total])).toEqual([['2030-02-06T09:00:00.000Z', 1]])
    const long = await request(t.url).get(`/api/v1/admin/capacity/plan?from=${NOW}&to=${NOW + 90 * 24 * HOUR}`).set('Authorization', `Bearer ${adminFr}`)
    expect(long.status).toBe(400)
    expect(long.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'to', maxDays: 62 } })
    expect(long.body.error.message).toMatch(/^La requête n'est pas valide/)
    const backwards = await request(t.url).get(`/api/v1/admin/capacity/plan?from=${NOW}&to=${NOW - HOUR}`).set('Authorization', `Bearer ${admin}`)
    expect(backwards.status).toBe(400)
  })

  it('is for admins only', async () => {
    const manager = await t.mintToken({ sub: 'mgr', spaces: { [SPACE]: 'manager' } })
    const res = await request(t.url).get('/api/v1/admin/capacity/plan').set('Authorization', `Bearer ${manager}`)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('not_admin')
  })
})
