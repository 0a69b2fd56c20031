import { sql } from 'kysely'
import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'
import { openStore } from '../../server/store/index.js'
import { Receiver, verifySignature } from './receiver.js'

const SECRET = 'platform-webhook-secret-0123456789-abcdefghij'
const SPACE = 'host-events-space'
const fast = { backoffMs: 50, maxBackoffMs: 200, pollMs: 100, random: () => 0.5 }

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function receiver(): Promise<Receiver> {
  const r = new Receiver()
  await r.up()
  cleanups.push(() => r.down())
  return r
}

async function service(r: Receiver, options: Parameters<typeof startTestService>[0] = {}): Promise<TestService> {
  const t = await startTestService({
    ...options,
    env: { HOST_WEBHOOK_URL: r.url, HOST_WEBHOOK_SECRET: SECRET, STATUS_INTERVAL_MS: '200', ...options.env },
    hostEvents: { delivery: fast },
  })
  cleanups.push(() => t.close())
  return t
}

async function startMeeting(t: TestService, name: string): Promise<{ id: string; meetingId: string; manager: string }> {
  const manager = await t.mintToken({ sub: 'mia', name: 'Mia Manager', spaces: { [SPACE]: 'manager' } })
  const created = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name })
  expect(created.status).toBe(201)
  const room = (await t.store.getRoom(created.body.room.id as string))!
  await request(t.url).post(`/api/v1/rooms/${room.id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
  return { id: room.id, meetingId: room.meetingId, manager }
}

async function addAttendee(t: TestService, meetingId: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(201)
}

const types = (r: Receiver, roomId: string) => r.accepted().filter((e) => e.roomId === roomId).map((e) => e.type)

describe('host events from real meetings (development BBB)', () => {
  it('sends meeting.started, participant.joined, participant.left and meeting.ended, signed, once each, in order', async () => {
    const r = await receiver()
    const t = await service(r)
    const { id, meetingId, manager } = await startMeeting(t, 'Weekly')
    await vi.waitFor(() => expect(types(r, id)).toEqual(['meeting.started']))
    const [started] = r.accepted()
    expect(started).toEqual({
      id: expect.any(String),
      type: 'meeting.started',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      spaceId: SPACE,
      roomId: id,
      data: { meetingId, startedBy: 'mia', createTime: expect.any(Number) },
    })

    await addAttendee(t, meetingId, { fullName: 'Zoé Viewer', userID: 'zoe' })
    await vi.waitFor(() => expect(types(r, id)).toEqual(['meeting.started', 'participant.joined']), { timeout: 5000 })
    const joined = r.accepted()[1]!
    expect(joined).toMatchObject({ spaceId: SPACE, roomId: id, data: { meetingId, userId: 'zoe', name: 'Zoé Viewer', role: 'viewer', guest: false } })

    const left = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees/zoe`, { method: 'DELETE' })
    expect(left.status).toBe(204)
    await vi.waitFor(() => expect(types(r, id)).toContain('participant.left'), { timeout: 5000 })
    expect(r.accepted().find((e) => e.type === 'participant.left')!.data).toMatchObject({ userId: 'zoe', name: 'Zoé Viewer' })

    await request(t.url).post(`/api/v1/rooms/${id}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
    await vi.waitFor(() => expect(types(r, id)).toEqual(['meeting.started', 'participant.joined', 'participant.left', 'meeting.ended']), {
      timeout: 5000,
    })
    expect(r.accepted()[3]).toMatchObject({ type: 'meeting.ended', spaceId: SPACE, roomId: id, data: { meetingId } })

    for (const req of r.requests) {
      expect(verifySignature(SECRET, req.headers['x-bbb-spaces-signature'] as string, req.rawBody, Math.floor(Date.now() / 1000))).toBe(true)
    }
    // a few more polls and webhooks change nothing: each fact was sent once
    const before = r.requests.length
    await t.service.live.source.refresh()
    await vi.waitFor(async () => expect((await t.service.hostEvents!.outbox.counts()).pending).toBe(0))
    expect(r.requests).toHaveLength(before)
    expect(new Set(r.accepted().map((e) => e.id)).size).toBe(r.accepted().length)
    expect(t.logLines.join('\n')).not.toContain(SECRET)
  })

  it('writes and sends nothing when HOST_WEBHOOK_URL is not set', async () => {
    const t = await startTestService({ env: { STATUS_INTERVAL_MS: '200' } })
    cleanups.push(() => t.close())
    expect(t.service.hostEvents).toBeNull()
    const { meetingId } = await startMeeting(t, 'Quiet')
    await addAttendee(t, meetingId, { fullName: 'Quinn', userID: 'quinn' })
    await vi.waitFor(async () => expect((await t.service.live.source.refresh()).get(meetingId)?.participants).toBe(1))
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from host_events`.execute(t.store.context.db)
    expect(Number(rows[0]!.n)).toBe(0)
  })

  it('sends recording.ready when a recorded meeting is published', async () => {
    const r = await receiver()
    const t = await service(r)
    const manager = await t.mintToken({ sub: 'rhea', name: 'Rhea', spaces: { [SPACE]: 'manager' } })
    const created = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Talks', settings: { record: true } })
    expect(created.status).toBe(201)
    const room = (await t.store.getRoom(created.body.room.id as string))!
    await request(t.url).post(`/api/v1/rooms/${room.id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    await addAttendee(t, room.meetingId, { fullName: 'Speaker', role: 'MODERATOR' })
    await request(t.url).post(`/api/v1/rooms/${room.id}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
    await vi.waitFor(() => expect(types(r, room.id)).toContain('recording.ready'), { timeout: 5000 })
    const [record] = await t.store.listRecordingRecords(room.meetingId)
    const ready = r.accepted().filter((e) => e.type === 'recording.ready')
    expect(ready).toEqual([
      { id: expect.any(String), type: 'recording.ready', at: expect.any(String), spaceId: SPACE, roomId: room.id, data: { meetingId: room.meetingId, recordId: record!.recordId } },
    ])
    const order = types(r, room.id)
    expect(order.indexOf('meeting.ended')).toBeLessThan(order.indexOf('recording.ready'))
  })

  it('loses nothing across a restart: events left undelivered are sent by the next service on the same database', async () => {
    const r = await receiver()
    const database: TestDatabase = await createTestDatabase('sqlite')
    cleanups.push(() => database.drop())
    const store = await openStore(database.url)
    let storeOpen = true
    cleanups.push(async () => {
      if (storeOpen) await store.close()
    })
    // BBB outlives the restart: a service of its own (without host events) lends both its development BBB
    const bbbHost = await startTestService()
    cleanups.push(() => bbbHost.close())
    const bbbEnv = { BIGBLUEBUTTON_ENDPOINT: bbbHost.bbbUrl, BIGBLUEBUTTON_SECRET: bbbHost.service.config.bbb.secret }
    await r.down()
    const first = await service(r, { sharedStore: store, env: bbbEnv })
    const { id, meetingId } = await startMeeting(first, 'Before the restart')
    await addAttendee(first, meetingId, { fullName: 'Ada', userID: 'ada' })
    await vi.waitFor(async () => expect((await first.service.hostEvents!.outbox.counts()).pending).toBe(2), { timeout: 5000 })
    await first.close()
    await store.close()
    storeOpen = false

    await r.up()
    const reopened = await openStore(database.url)
    cleanups.push(() => reopened.close())
    const second = await service(r, { sharedStore: reopened, env: bbbEnv })
    await vi.waitFor(() => expect(types(r, id)).toEqual(['meeting.started', 'participant.joined']), { timeout: 5000 })
    // the new service sees Ada in BBB's list as if she had just joined: the same event, recognised, not sent again
    const seen = await second.service.live.source.refresh()
    expect(seen.get(meetingId)?.attendees.map((a) => a.userId)).toEqual(['ada'])
    await vi.waitFor(async () => expect((await second.service.hostEvents!.outbox.counts())).toEqual({ pending: 0, delivered: 2, failed: 0 }))
    expect(r.accepted().map((e) => e.type)).toEqual(['meeting.started', 'participant.joined'])
  })

  it('two instances on one PostgreSQL, both hearing BBB, send each event once', async () => {
    const r = await receiver()
    const a = await service(r, { store: 'postgres' })
    // B has its own store on the same database, as a second process would
    const storeB = await openStore(a.service.config.databaseUrl)
    cleanups.push(() => storeB.close())
    const b = await service(r, {
      sharedStore: storeB,
      env: { DATABASE_URL: a.service.config.databaseUrl, BIGBLUEBUTTON_ENDPOINT: a.bbbUrl, BIGBLUEBUTTON_SECRET: a.service.config.bbb.secret },
    })
    const { id, meetingId } = await startMeeting(a, 'Shared')
    await addAttendee(a, meetingId, { fullName: 'Rita', userID: 'rita' })
    await vi.waitFor(() => expect(types(r, id)).toEqual(['meeting.started', 'participant.joined']), { timeout: 5000 })
    // both instances see Rita (webhooks to both, and their own polls)
    for (const t of [a, b]) {
      await vi.waitFor(async () => expect((await t.service.live.source.refresh()).get(meetingId)?.participants).toBe(1))
    }
    const gone = await fetch(`${a.bbbUrl}dev/meetings/${meetingId}/attendees/rita`, { method: 'DELETE' })
    expect(gone.status).toBe(204)
    for (const t of [a, b]) {
      await vi.waitFor(async () => expect((await t.service.live.source.refresh()).get(meetingId)?.participants).toBe(0))
    }
    const manager = await b.mintToken({ sub: 'mia', name: 'Mia Manager', spaces: { [SPACE]: 'manager' } })
    await request(b.url).post(`/api/v1/rooms/${id}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
    await vi.waitFor(() => expect(types(r, id)).toContain('meeting.ended'), { timeout: 5000 })
    for (const t of [a, b]) await t.service.live.source.refresh()
    await vi.waitFor(async () => expect((await a.service.hostEvents!.outbox.counts()).pending).toBe(0))
    expect(types(r, id)).toEqual(['meeting.started', 'participant.joined', 'participant.left', 'meeting.ended'])
    expect(r.requests).toHaveLength(4)
  })
})
