import { parse } from 'csv-parse/sync'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../server/store/index.js'
import type { UsageHistoryAnswer } from '../../server/contract/index.js'
import { startTestService, type TestService } from '../helpers/service.js'

const SPACE = 'usage-space'
const T = Date.UTC(2026, 10, 2, 9, 0, 10)

/** A service whose clock the test sets; its own minute timer is stopped so only the test samples. */
async function service(now: () => number, options: Parameters<typeof startTestService>[0] = {}) {
  const t = await startTestService({ ...options, clock: now })
  await t.service.usage.sampler.close()
  return t
}

async function setUp(t: TestService) {
  const token = (sub: string, extra: Record<string, unknown> = {}) =>
    t.mintToken({ sub, name: `User ${sub}`, spaces: { [SPACE]: 'manager' }, ...extra })
  const admin = await t.mintToken({ sub: 'root', admin: true, spaces: {} })
  const adminFr = await t.mintToken({ sub: 'root-fr', admin: true, spaces: {}, locale: 'fr' })
  const room = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${await token('mgr')}`).send({ name: 'Usage' })
  expect(room.status).toBe(201)
  const join = async (sub: string, extra: Record<string, unknown> = {}, base = t.url) => {
    const res = await request(base).post(`/api/v1/rooms/${room.body.room.id}/join`).set('Authorization', `Bearer ${await token(sub, extra)}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
  }
  const history = async (query: string, bearer = admin, base = t.url) =>
    request(base).get(`/api/v1/admin/usage/history?${query}`).set('Authorization', `Bearer ${bearer}`)
  return { join, history, admin, adminFr, member: await token('mgr') }
}

describe('GET /api/v1/admin/usage/history', () => {
  let now = T - 60_000
  let t: TestService
  let kit: Awaited<ReturnType<typeof setUp>>
  beforeAll(async () => {
    t = await service(() => now)
    now = T
    kit = await setUp(t)
    await kit.join('ana')
    await kit.join('ben')
    await t.service.usage.sampler.sampleNow()
    now = T + 60_000
    await kit.join('eve', { external: true })
    await t.service.usage.sampler.sampleNow()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('shows the participants and meetings of each sampled minute, the caps and the busiest spaces', async () => {
    const res = await kit.history(`from=${new Date(T).toISOString()}&to=${T + 120_000}`)
    expect(res.status).toBe(200)
    const body = res.body as UsageHistoryAnswer
    expect(body.step).toBe('minute')
    expect(body.points.map((p) => [p.at, p.participants.max, p.internal.max, p.external.max, p.meetings.max])).toEqual([
      ['2026-11-02T09:00:00.000Z', 2, 2, 0, 1],
      ['2026-11-02T09:01:00.000Z', 3, 2, 1, 1],
    ])
    expect(body.busiestSpaces).toEqual([{ spaceId: SPACE, peak: 3, avg: 2.5 }])
    expect(body.licence).toEqual(expect.objectContaining({ maxParticipants: null }))
  })

  it('keeps each hour’s peak and average at the hour step', async () => {
    const res = await kit.history(`from=${T}&to=${T + 3_600_000}&step=hour&spaceId=${SPACE}`)
    expect(res.body.points).toEqual([
      expect.objectContaining({ at: '2026-11-02T09:00:00.000Z', minutes: 2, participants: { max: 3, avg: 2.5 } }),
    ])
    const other = await kit.history(`from=${T}&to=${T + 120_000}&spaceId=elsewhere`)
    expect(other.body.points.map((p: { participants: { max: number } }) => p.participants.max)).toEqual([0, 0])
  })

  it('gives a CSV French Excel opens: UTF-8 BOM, semicolons, French headers and decimal commas', async () => {
    const res = await kit.history(`from=${T}&to=${T + 3_600_000}&step=hour&format=csv`, kit.adminFr)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?usage-all-2026-11-02-hour\.csv"?$/)
    expect(res.text.charCodeAt(0)).toBe(0xfeff)
    const rows = parse(res.text, { bom: true, delimiter: ';' }) as string[][]
    expect(rows[0]).toEqual([
      'Début (UTC)', 'Minutes mesurées', 'Participants (pic)', 'Participants (moyenne)', 'Internes (pic)',
      'Internes (moyenne)', 'Externes (pic)', 'Externes (moyenne)', 'Réunions (pic)', 'Réunions (moyenne)',
    ])
    expect(rows[1]).toEqual(['2026-11-02 09:00', '2', '3', '2,5', '2', '2', '1', '0,5', '1', '1'])
  })

  it('is for admins only, and refuses a period too long for its step', async () => {
    const refused = await kit.history(`from=${T}`, kit.member)
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('not_admin')
    const tooLong = await kit.history(`from=${T - 30 * 86_400_000}&to=${T}&step=minute`)
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error).toMatchObject({ code: 'invalid_request', details: { field: 'step' } })
  })
})

describe('usage history with two instances on one PostgreSQL', () => {
  let now = T - 60_000
  const services: TestService[] = []
  afterAll(async () => {
    for (const s of services.reverse()) await s.close()
  })

  it('counts every minute once, whichever instances sample it, and keeps it across a restart', async () => {
    const a = await service(() => now, { store: 'postgres' })
    services.push(a)
    const url = a.service.config.databaseUrl
    const peer = { env: { BIGBLUEBUTTON_ENDPOINT: a.bbbUrl, BIGBLUEBUTTON_SECRET: a.service.config.bbb.secret } }
    const storeB = await openStore(url)
    const b = await service(() => now, { ...peer, sharedStore: storeB })
    services.push(b)
    now = T
    const kit = await setUp(a)
    await kit.join('ana')
    await kit.join('ben', {}, b.url)
    // Both instances sample the same minutes, at the same time (within the 90 s the join reservations last).
    for (let minute = 0; minute < 2; minute++) {
      now = T + minute * 60_000
      if (minute === 1) await kit.join('eve', { external: true }, b.url)
      await Promise.all([a.service.usage.sampler.sampleNow(), b.service.usage.sampler.sampleNow()])
    }
    const seen = await kit.history(`from=${T}&to=${T + 120_000}`, kit.admin, b.url)
    expect(seen.body.points.map((p: { participants: { max: number } }) => p.participants.max)).toEqual([2, 3])

    // B restarts on a fresh connection pool: the minutes are still there, and are not written again.
    await b.close()
    services.pop()
    await storeB.close()
    const storeC = await openStore(url)
    const c = await service(() => now, { ...peer, sharedStore: storeC })
    services.push(c)
    await c.service.usage.sampler.sampleNow()
    const again = await kit.history(`from=${T}&to=${T + 120_000}&step=hour`, kit.admin, c.url)
    expect(again.body.points).toEqual([expect.objectContaining({ minutes: 2, participants: { max: 3, avg: 2.5 } })])
    await storeC.close().catch(() => undefined)
  })
})
