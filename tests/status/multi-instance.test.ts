import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { openSse, type SseStream } from './sse.js'

let a: TestService
let b: TestService
let manager: string
let member: string
const SPACE = 'two-instances'
const streams: SseStream[] = []

beforeAll(async () => {
  // Slow polling on both: a change reaching B's stream within a second can only have come over the bus.
  a = await startTestService({ store: 'postgres', env: { STATUS_INTERVAL_MS: '60000' } })
  b = await startTestService({
    sharedStore: a.store,
    env: {
      STATUS_INTERVAL_MS: '60000',
      DATABASE_URL: a.service.config.databaseUrl,
      BIGBLUEBUTTON_ENDPOINT: a.bbbUrl,
      BIGBLUEBUTTON_SECRET: a.service.config.bbb.secret,
    },
  })
  // Only A receives webhooks.
  for (const hook of (await a.service.bbb.hooksList()).hooks) {
    if (hook.callbackURL === b.service.callbacks.webhookUrl) await a.service.bbb.hooksDestroy({ hookID: hook.hookID })
  }
  manager = await a.mintToken({ sub: 'pat', name: 'Pat', spaces: { [SPACE]: 'manager' } })
  member = await a.mintToken({ sub: 'sam', name: 'Sam', spaces: { [SPACE]: 'member' } })
})

afterAll(async () => {
  for (const s of streams) s.close()
  await b?.close()
  await a?.close()
})

describe('several instances on one PostgreSQL', () => {
  it('pushes a webhook received by one instance to the streams of the other within a second', async () => {
    expect(a.service.callbacks.webhookUrl).not.toBe(b.service.callbacks.webhookUrl)
    const hooks = (await a.service.bbb.hooksList()).hooks.map((h) => h.callbackURL)
    expect(hooks).toEqual([a.service.callbacks.webhookUrl])

    const created = await request(a.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Shared' })
    expect(created.status).toBe(201)
    const roomId = created.body.room.id as string
    const { meetingId } = (await a.store.getRoom(roomId))!
    await request(a.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`).expect(200)

    const onB = await openSse(`${b.url}/api/v1/rooms/${roomId}/events`, { Authorization: `Bearer ${member}` })
    streams.push(onB)
    expect(onB.status).toBe(200)
    await onB.next((e) => e.event === 'status')

    // the request log names the path inside the callbacks router
    const webhookPosts = (t: TestService) => t.logLines.filter((l) => /"path":"[^"]*\/webhook"/.test(l)).length
    const before = webhookPosts(a)
    const sent = Date.now()
    const res = await fetch(`${a.bbbUrl}dev/meetings/${meetingId}/attendees`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Remote Rita', userID: 'rita' }),
    })
    expect(res.status).toBeLessThan(300)
    const pushed = await onB.next((e) => e.event === 'status' && (e.data as { participants: number }).participants === 1, 1000)
    expect(Date.now() - sent).toBeLessThan(1000)
    expect(pushed.data).toMatchObject({ roomId, attendees: [{ name: 'Remote Rita' }] })
    // A received it; B did not
    await expect.poll(() => webhookPosts(a)).toBeGreaterThan(before)
    expect(webhookPosts(b)).toBe(0)
  })
})
