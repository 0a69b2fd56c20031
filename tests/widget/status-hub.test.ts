import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WidgetError, createApiClient } from '../../widget/api.js'
import { createStatusHub, type SpaceSnapshot, type StatusHub } from '../../widget/status-hub.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The widget's status hub in Node (no document: always "visible") against the real service and its SSE routes.

let service: TestService
const hubs: StatusHub[] = []

beforeAll(async () => {
  service = await startTestService()
})

afterAll(async () => {
  for (const h of hubs) h.dispose()
  await service?.close()
})

/** A hub whose requests are counted by path. */
function countedHub(space: string, token: string, options: { retryDelaysMs?: number[] } = {}) {
  const calls: string[] = []
  const counting: typeof fetch = (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`)
    return fetch(input, init)
  }
  const getToken = () => token
  const api = createApiClient({ serviceUrl: service.url, getToken, fetch: counting })
  const hub = createStatusHub(api, { stream: { serviceUrl: service.url, getToken, fetch: counting }, ...options })
  hubs.push(hub)
  let last: SpaceSnapshot = hub.get(space)
  const seen: SpaceSnapshot[] = []
  hub.subscribe(space, (s) => {
    last = s
    seen.push(s)
  })
  return { hub, calls, seen, snapshot: () => last }
}

describe('status hub', () => {
  it('reads the rooms once, then applies pushed changes from one stream per space', async () => {
    const token = await service.mintToken({ sub: 'hub-manager', spaces: { 'hub-space': 'manager' } })
    const t = countedHub('hub-space', token)
    await expect.poll(() => t.snapshot().rooms?.length, { timeout: 10_000 }).toBe(1)
    const room = t.snapshot().rooms![0]!
    expect(room.status.running).toBe(false)

    // Someone else starts the meeting and is in it.
    const other = createApiClient({ serviceUrl: service.url, getToken: () => token })
    const { joinUrl } = await other.join(room.id)
    expect((await fetch(joinUrl)).ok).toBe(true)
    await expect.poll(() => t.snapshot().rooms![0]!.status.running, { timeout: 10_000 }).toBe(true)

    expect(t.calls.filter((c) => c === 'GET /api/v1/spaces/hub-space/rooms')).toHaveLength(1)
    expect(t.calls.filter((c) => c === 'GET /api/v1/spaces/hub-space/events')).toHaveLength(1)
    expect(t.snapshot().error).toBeNull()
  })

  it('shows bbb_unavailable reported by an action, retries after the backoff delay and clears it', async () => {
    const token = await service.mintToken({ sub: 'hub-m2', spaces: { 'hub-space-2': 'manager' } })
    const t = countedHub('hub-space-2', token, { retryDelaysMs: [300, 600] })
    await expect.poll(() => t.snapshot().rooms?.length, { timeout: 10_000 }).toBe(1)
    const reads = () => t.calls.filter((c) => c === 'GET /api/v1/spaces/hub-space-2/rooms').length
    expect(reads()).toBe(1)

    t.hub.report('hub-space-2', new WidgetError('bbb_unavailable', 'down', { status: 503 }))
    expect(t.snapshot().error?.code).toBe('bbb_unavailable')
    // Another code is not an outage: nothing changes.
    t.hub.report('hub-space-2', new WidgetError('room_full', 'full', { status: 409 }))
    expect(reads()).toBe(1)

    await expect.poll(() => t.snapshot().error, { timeout: 5_000 }).toBeNull()
    expect(reads()).toBe(2)
    expect(t.snapshot().rooms).toHaveLength(1)
  })
})
