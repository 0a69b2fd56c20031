import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// Two instances on one PostgreSQL behind a load balancer: a start on one is joinable on the other at once, even
// though each polls BBB on its own (a long interval here, so the second instance's snapshot is stale) and B does
// not hear A's status messages (no bus between them here).
const SPACE = 'two-instances'
let a: TestService
let b: TestService

beforeAll(async () => {
  a = await startTestService({ store: 'postgres', env: { STATUS_INTERVAL_MS: '60000' } })
  b = await startTestService({
    sharedStore: a.store,
    env: { BIGBLUEBUTTON_ENDPOINT: a.bbbUrl, BIGBLUEBUTTON_SECRET: a.service.config.bbb.secret, STATUS_INTERVAL_MS: '60000' },
  })
})

afterAll(async () => {
  await b?.close()
  await a?.close()
})

describe('several instances on one database', () => {
  it('lets a member join on one instance right after a manager started the meeting on the other', async () => {
    const manager = await a.mintToken({ sub: 'mia', name: 'Mia', spaces: { [SPACE]: 'manager' } })
    const member = await b.mintToken({ sub: 'noe', name: 'Noé', spaces: { [SPACE]: 'member' } })
    const room = await request(a.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Shared' })
    const id = room.body.room.id as string
    // No webhooks (as behind Scalelite): only polling, or asking BBB, can tell B about the start.
    for (const hook of (await a.service.bbb.hooksList()).hooks) await a.service.bbb.hooksDestroy({ hookID: hook.hookID })
    // B reads the room (and BBB) before the meeting exists: its snapshot says "not running"
    const before = await request(b.url).get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${member}`)
    expect(before.body.room.status.running).toBe(false)
    await request(a.url).post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    const asked = b.service.live.source.calls()
    const joined = await request(b.url).post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${member}`)
    expect(joined.status).toBe(200)
    expect(joined.body.role).toBe('VIEWER')
    // B trusts a run BBB confirmed moments ago, as a start does: the member did not wait for B to ask BBB about
    // every meeting (under a rush, megabytes to fetch and parse).
    expect(b.service.live.source.calls()).toEqual(asked)
  })
})
