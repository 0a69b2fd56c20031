import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookChecksum } from '../../server/bbb/index.js'
import { isPrivateAddress } from '../../server/http/metrics.js'
import { startTestService, type TestService } from '../helpers/service.js'

const HOST = 'https://intranet.example.org'
const FOREIGN = 'https://evil.example.net'
const SPACE = 'websec-space'

describe('headers: helmet, CORS and framing', () => {
  let t: TestService
  let token: string
  let roomId: string

  beforeAll(async () => {
    t = await startTestService({ allowedOrigins: [HOST] })
    token = await t.mintToken({ sub: 'wendy', name: 'Wendy', spaces: { [SPACE]: 'manager' } })
    const res = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${token}`).send({ name: 'Sec' })
    roomId = res.body.room.id
  })

  afterAll(async () => {
    await t?.close()
  })

  it('sends helmet headers on API answers', async () => {
    const res = await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${token}`)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['strict-transport-security']).toBeDefined()
    expect(res.headers['x-powered-by']).toBeUndefined()
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
  })

  it('gives the allowed origin CORS access, and a foreign origin none', async () => {
    const allowed = await request(t.url).options(`/api/v1/spaces/${SPACE}/rooms`).set('Origin', HOST)
      .set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization')
    expect(allowed.headers['access-control-allow-origin']).toBe(HOST)

    const preflight = await request(t.url).options(`/api/v1/spaces/${SPACE}/rooms`).set('Origin', FOREIGN)
      .set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization')
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    const get = await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Origin', FOREIGN).set('Authorization', `Bearer ${token}`)
    expect(get.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('lets only the allowed hosts frame the pages that can be framed', async () => {
    for (const path of [`/r/${roomId}`, '/widget/v1/bbb-spaces.js']) {
      const res = await request(t.url).get(path)
      const csp = String(res.headers['content-security-policy'])
      const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1] ?? ''
      expect(ancestors.split(/\s+/).sort(), path).toEqual(["'self'", HOST].sort())
      expect(csp).not.toContain(FOREIGN)
    }
  })
})

describe('rate limits on routes without a host token', () => {
  let t: TestService
  let token: string

  beforeAll(async () => {
    t = await startTestService({ env: { RATE_LIMIT_PER_MINUTE: '8' } })
    token = await t.mintToken({ sub: 'rita', name: 'Rita', spaces: { [SPACE]: 'manager' } })
  })

  afterAll(async () => {
    await t?.close()
  })

  it('answers 429 rate_limited with RateLimit headers past the limit, and leaves the token API alone', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await request(t.url).get('/r/no-such-room/status.json')).status)
    expect(statuses.slice(0, 8).every((s) => s !== 429)).toBe(true)
    const limited = await request(t.url).get('/healthz')
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('rate_limited')
    expect(limited.headers.ratelimit).toBeDefined()
    const api = await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${token}`)
    expect(api.status).toBe(200)
  })
})

describe('callbacks accept only signed requests, and forgers get cut off', () => {
  let t: TestService

  beforeAll(async () => {
    t = await startTestService()
  })

  afterAll(async () => {
    await t?.close()
  })

  it('never counts signed webhooks, and answers 429 after 50 forged ones', async () => {
    const callbackUrl = `${t.service.config.publicUrl}/callbacks/bbb/webhook`
    const rawBody = '[]'
    const checksum = webhookChecksum({ callbackUrl, rawBody, secret: t.service.config.bbb.secret })
    for (let i = 0; i < 60; i++) {
      const ok = await request(t.url).post(`/callbacks/bbb/webhook?checksum=${checksum}`).set('Content-Type', 'application/json').send(rawBody)
      expect(ok.status).toBeLessThan(400)
    }
    const forged = []
    for (let i = 0; i < 51; i++) {
      forged.push((await request(t.url).post('/callbacks/bbb/webhook?checksum=' + '0'.repeat(40)).set('Content-Type', 'application/json').send(rawBody)).status)
    }
    expect(forged.slice(0, 50).every((s) => s === 401)).toBe(true)
    expect(forged[50]).toBe(429)
    const endForged = await request(t.url).get('/callbacks/bbb/end/forged-token')
    expect(endForged.status).toBe(429)
  })

  it('routes case-sensitively, so a case-changed path neither reaches the receivers nor /metrics past the limiter', async () => {
    const other = await startTestService({ env: { METRICS_TOKEN: 'metrics-token-for-the-test-0123456789' } })
    try {
      const rawBody = '[]'
      for (const path of ['/Callbacks/bbb/webhook', '/CALLBACKS/BBB/WEBHOOK', '/callbacks/bbb/Webhook']) {
        const res = await request(other.url).post(`${path}?checksum=${'0'.repeat(40)}`).set('Content-Type', 'application/json').send(rawBody)
        expect(res.status, path).toBe(404)
        expect(res.body.error.code).toBe('route_not_found')
      }
      for (const path of ['/METRICS', '/Metrics']) {
        const res = await request(other.url).get(path).set('Authorization', 'Bearer nope')
        expect(res.status, path).toBe(404)
      }
      const end = await request(other.url).get('/Callbacks/bbb/end/forged-token')
      expect(end.status).toBe(404)
      expect((await request(other.url).get('/API/v1/me')).status).toBe(404)
    } finally {
      await other.close()
    }
  })
})

describe('GET /metrics', () => {
  it('is open to private addresses only when no token is set', async () => {
    const t = await startTestService()
    try {
      await request(t.url).get('/healthz')
      const local = await request(t.url).get('/metrics')
      expect(local.status).toBe(200)
      expect(local.headers['content-type']).toMatch(/^text\/plain/)
      expect(local.text).toMatch(/^bbb_spaces_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m)
      expect(local.text).toMatch(/bbb_spaces_running_meetings \d+/)
      expect(local.text).toMatch(/bbb_spaces_sse_clients \d+/)
      // Behind the (loopback) reverse proxy, the client's address is the forwarded one.
      const proxied = await request(t.url).get('/metrics').set('X-Forwarded-For', '203.0.113.9')
      expect(proxied.status).toBe(403)
      expect(proxied.body.error.code).toBe('forbidden')
    } finally {
      await t.close()
    }
    expect(['127.0.0.1', '::1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '::ffff:10.0.0.1', 'fd00::1'].every(isPrivateAddress)).toBe(true)
    expect(['203.0.113.9', '8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8', ''].some(isPrivateAddress)).toBe(false)
  })

  it('wants the bearer token when one is set, even from loopback', async () => {
    const t = await startTestService({ env: { METRICS_TOKEN: 'metrics-token-for-the-test-0123456789' } })
    try {
      expect((await request(t.url).get('/metrics')).status).toBe(403)
      expect((await request(t.url).get('/metrics').set('Authorization', 'Bearer nope')).status).toBe(403)
      const ok = await request(t.url).get('/metrics').set('Authorization', 'Bearer metrics-token-for-the-test-0123456789')
      expect(ok.status).toBe(200)
    } finally {
      await t.close()
    }
  })

  it('labels requests by route pattern, never by id, and counts refusals by code', async () => {
    const t = await startTestService()
    try {
      const token = await t.mintToken({ sub: 'm', name: 'M', spaces: { s: 'member' } })
      await request(t.url).get('/api/v1/rooms/abc-def-ghi-jkl').set('Authorization', `Bearer ${token}`)
      const text = (await request(t.url).get('/metrics')).text
      expect(text).toContain('route="/api/v1/rooms/:roomId"')
      expect(text).not.toContain('abc-def-ghi-jkl')
      expect(text).toMatch(/bbb_spaces_refusals_total\{code="room_not_found"\} 1/)
    } finally {
      await t.close()
    }
  })
})
