import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBbbClient, isBbbApiError, isBbbUnavailableError } from '../../server/bbb/index.js'
import { createResilientBbbClient, type BbbCallEvent, type CircuitState } from '../../server/bbb/resilient.js'
import { startDevBbb, type RunningDevBbb } from '../../server/dev-bbb/server.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The dev BBB's fault modes, against the real service: users get 503 bbb_unavailable in their language, the
// process keeps serving, and it comes back by itself when BBB does.
const SPACE = 'faults-space'
type Fault = { mode: 'down' | 'slow' | 'error' | 'malformed' | 'none'; calls?: string[]; delayMs?: number; status?: number }

async function setFault(bbbUrl: string, fault: Fault): Promise<void> {
  const res = await fetch(`${bbbUrl}dev/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  })
  expect(res.status).toBe(200)
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('the service when BBB fails', () => {
  let t: TestService
  let french: string
  let english: string

  beforeAll(async () => {
    t = await startTestService({
      env: { BIGBLUEBUTTON_TIMEOUT_MS: '300', BIGBLUEBUTTON_CIRCUIT_OPEN_MS: '300', STATUS_INTERVAL_MS: '200' },
    })
    french = await t.mintToken({ sub: 'amelie', name: 'Amélie', locale: 'fr', spaces: { [SPACE]: 'manager' } })
    english = await t.mintToken({ sub: 'john', name: 'John', locale: 'en', spaces: { [SPACE]: 'manager' } })
  })

  afterAll(async () => {
    await t?.close()
  })

  async function newRoom(name: string): Promise<string> {
    const res = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${french}`).send({ name })
    expect(res.status).toBe(201)
    return res.body.room.id as string
  }

  const faults: Array<[string, Fault]> = [
    ['down (connection dropped)', { mode: 'down' }],
    ['slow past the timeout', { mode: 'slow', delayMs: 1500 }],
    ['HTTP 500 with an HTML page', { mode: 'error', status: 500 }],
    ['HTTP 502 with an HTML page', { mode: 'error', status: 502 }],
    ['truncated XML', { mode: 'malformed' }],
  ]

  for (const [name, fault] of faults) {
    it(`answers 503 bbb_unavailable in the user's language when BBB is ${name}, then recovers by itself`, async () => {
      const roomId = await newRoom(`Fault ${fault.mode}`)
      await setFault(t.bbbUrl, fault)
      try {
        const fr = await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${french}`)
        expect(fr.status).toBe(503)
        expect(fr.body.error.code).toBe('bbb_unavailable')
        expect(fr.body.error.message).toMatch(/indisponible/)
        expect(fr.headers['retry-after']).toBeDefined()
        const en = await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${english}`)
        expect(en.status).toBe(503)
        expect(en.body.error.message).toMatch(/unavailable/)

        const health = await request(t.url).get('/healthz')
        expect(health.status).toBe(503)
        expect(health.body).toMatchObject({ status: 'degraded', bbb: 'unreachable', store: 'ok' })
        // the process still serves what does not need BBB
        const limits = await request(t.url).get(`/api/v1/me/limits?spaceId=${SPACE}`).set('Authorization', `Bearer ${english}`)
        expect(limits.status).toBe(200)
      } finally {
        await setFault(t.bbbUrl, { mode: 'none' })
      }
      const joined = await eventually('a join once BBB is back', async () => {
        const res = await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${french}`)
        return res.status === 200 ? res.body : undefined
      })
      expect(joined.joinUrl).toMatch(/\/api\/join\?/)
      await eventually('healthz ok', async () => ((await request(t.url).get('/healthz')).status === 200 ? true : undefined))
    })
  }

  it('counts BBB attempts by call and outcome in /metrics', async () => {
    const res = await request(t.url).get('/metrics')
    expect(res.status).toBe(200)
    expect(res.text).toMatch(/bbb_spaces_bbb_calls_total\{call="create",outcome="unavailable"\} [1-9]/)
    expect(res.text).toMatch(/bbb_spaces_bbb_calls_total\{call="create",outcome="ok"\} [1-9]/)
    expect(res.text).toMatch(/bbb_spaces_refusals_total\{code="bbb_unavailable"\} [1-9]/)
  })
})

describe('a service configured with the wrong BBB secret', () => {
  let dev: RunningDevBbb
  let t: TestService

  beforeAll(async () => {
    dev = await startDevBbb({ secret: 'the-real-secret-of-this-bbb-0123456789' })
    t = await startTestService({
      env: { BIGBLUEBUTTON_ENDPOINT: dev.url, BIGBLUEBUTTON_SECRET: 'not-the-secret-of-that-bbb-987654', STATUS_INTERVAL_MS: '200' },
    })
  })

  afterAll(async () => {
    await t?.close()
    await dev?.close()
  })

  it('says secret_rejected in /healthz, distinctly from unreachable', async () => {
    const res = await request(t.url).get('/healthz')
    expect(res.status).toBe(503)
    expect(res.body).toMatchObject({ status: 'degraded', bbb: 'secret_rejected', store: 'ok' })
  })

  it('refuses joins with 503 bbb_unavailable (reason secret_rejected), without BBB being retried', async () => {
    const token = await t.mintToken({ sub: 'ann', name: 'Ann', spaces: { s1: 'manager' } })
    const created = await request(t.url).post('/api/v1/spaces/s1/rooms').set('Authorization', `Bearer ${token}`).send({ name: 'R' })
    expect(created.status).toBe(201)
    const before = (await t.bbbStats()).create ?? 0
    const res = await request(t.url).post(`/api/v1/rooms/${created.body.room.id}/join`).set('Authorization', `Bearer ${token}`)
    expect(res.status).toBe(503)
    expect(res.body.error).toMatchObject({ code: 'bbb_unavailable', details: { reason: 'secret_rejected' } })
    expect(JSON.stringify(res.body)).not.toContain('not-the-secret')
    // a FAILED answer is BBB's word: one attempt, no retry
    expect((await t.bbbStats()).create).toBe(before + 1)
  })

  it('says unreachable once that BBB is gone', async () => {
    await dev.close()
    await eventually('healthz unreachable', async () => {
      const res = await request(t.url).get('/healthz')
      return res.body.bbb === 'unreachable' ? true : undefined
    })
  })
})

describe('the resilient BBB client against the dev BBB', () => {
  let dev: RunningDevBbb
  const events: BbbCallEvent[] = []
  const circuit: CircuitState[] = []

  beforeAll(async () => {
    dev = await startDevBbb({})
  })

  afterAll(async () => {
    await dev?.close()
  })

  const stats = async () => ((await (await fetch(`${dev.url}dev/stats`)).json()) as { calls: Record<string, number> }).calls
  /** The breaker's clock: moved by hand, so the cool-down passes without waiting for it. */
  let now = 1_790_000_000_000
  const client = (openMs = 400) =>
    createResilientBbbClient(createBbbClient({ endpoint: dev.url, secret: dev.secret, timeoutMs: 300 }), {
      baseDelayMs: 20,
      openMs,
      clock: () => now,
      failureThreshold: 3,
      onCall: (e) => events.push(e),
      onCircuit: (s) => circuit.push(s),
    })

  it('retries idempotent calls (create) with backoff, and never non-idempotent ones (sendChatMessage)', async () => {
    await setFault(dev.url, { mode: 'error', status: 502, calls: ['create', 'sendChatMessage'] })
    try {
      const before = await stats()
      await expect(client().create({ meetingID: 'r-1', name: 'R' })).rejects.toSatisfy(isBbbUnavailableError)
      await expect(client().sendChatMessage({ meetingID: 'r-1', message: 'hi' })).rejects.toSatisfy(isBbbUnavailableError)
      const after = await stats()
      expect((after.create ?? 0) - (before.create ?? 0)).toBe(3)
      expect((after.sendChatMessage ?? 0) - (before.sendChatMessage ?? 0)).toBe(1)
    } finally {
      await setFault(dev.url, { mode: 'none' })
    }
  })

  it('does not retry a FAILED answer', async () => {
    const bbb = client()
    const before = (await stats()).getMeetingInfo ?? 0
    await expect(bbb.getMeetingInfo({ meetingID: 'no-such-meeting' })).rejects.toSatisfy(isBbbApiError)
    expect((await stats()).getMeetingInfo).toBe(before + 1)
  })

  it('opens the circuit after repeated failures, stops calling BBB, then probes half-open and closes', async () => {
    const bbb = client(400)
    circuit.length = 0
    await setFault(dev.url, { mode: 'down' })
    try {
      // one create = 3 attempts = the threshold
      await expect(bbb.create({ meetingID: 'r-2', name: 'R' })).rejects.toSatisfy(isBbbUnavailableError)
      expect(bbb.circuit()).toBe('open')
      const before = (await stats()).getMeetings ?? 0
      const refused = await bbb.getMeetings().catch((e: unknown) => e)
      expect(isBbbUnavailableError(refused) && (refused as Error).message).toMatch(/circuit open/)
      expect((await stats()).getMeetings ?? 0).toBe(before)
    } finally {
      await setFault(dev.url, { mode: 'none' })
    }
    now += 399
    expect(bbb.circuit()).toBe('open')
    now += 1
    expect(bbb.circuit()).toBe('half_open')
    await expect(bbb.getMeetings()).resolves.toBeDefined()
    expect(bbb.circuit()).toBe('closed')
    expect(circuit).toEqual(['open', 'half_open', 'closed'])
  })

  it('opens again when the half-open probe fails', async () => {
    const bbb = client(200)
    await setFault(dev.url, { mode: 'down' })
    try {
      await bbb.create({ meetingID: 'r-3', name: 'R' }).catch(() => undefined)
      expect(bbb.circuit()).toBe('open')
      now += 200
      await expect(bbb.isMeetingRunning({ meetingID: 'r-3' })).rejects.toSatisfy(isBbbUnavailableError)
      expect(bbb.circuit()).toBe('open')
    } finally {
      await setFault(dev.url, { mode: 'none' })
    }
    const kinds = new Set(events.map((e) => e.outcome))
    expect(kinds).toEqual(new Set(['ok', 'failed', 'unavailable', 'circuit_open']))
  })
})
