import { Writable } from 'node:stream'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log.js'
import { startTestService, type TestService } from '../helpers/service.js'

describe('structured logs', () => {
  let t: TestService

  beforeAll(async () => {
    t = await startTestService()
  })

  afterAll(async () => {
    await t?.close()
  })

  it('writes JSON lines; a join logs its BBB call with latency under the request id, user and room', async () => {
    const token = await t.mintToken({ sub: 'lou', name: 'Lou', spaces: { logs: 'manager' } })
    const created = await request(t.url).post('/api/v1/spaces/logs/rooms').set('Authorization', `Bearer ${token}`).send({ name: 'L' })
    const roomId = created.body.room.id as string
    const joined = await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${token}`)
    expect(joined.status).toBe(200)
    const reqId = joined.headers['x-request-id']
    const lines = t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>)
    const call = lines.find((l) => l.msg === 'bbb call' && l.bbbCall === 'create' && l.reqId === reqId)
    expect(call).toMatchObject({ user: 'lou', room: roomId, outcome: 'ok', attempt: 1 })
    expect(typeof call!.ms).toBe('number')
    const done = lines.find((l) => l.msg === 'request' && l.reqId === reqId)
    expect(done).toMatchObject({ method: 'POST', status: 200, user: 'lou', room: roomId })
  })

  it('scrubs secrets and checksums from whatever is logged', async () => {
    const secret = t.service.config.bbb.secret
    const url = t.service.bbb.urls.getMeetings()
    expect(url).toMatch(/checksum=[0-9a-f]{64}/)
    const out: string[] = []
    const logger = createLogger({
      level: 'info',
      secrets: [secret],
      destination: new Writable({ write: (c, _e, cb) => {
        out.push(String(c))
        cb()
      } }),
    })
    logger.info({ url, config: { secret }, nested: { note: `salt=${secret}` } }, `calling ${url}`)
    expect(out.join('')).not.toContain(secret)
    expect(out.join('')).not.toMatch(/checksum=[0-9a-f]{40}/)
  })
})
