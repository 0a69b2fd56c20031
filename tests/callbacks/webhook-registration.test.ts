import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BbbApiError, type BbbClient } from '../../server/bbb/index.js'
import { createWebhookRegistration, type WebhookRegistration } from '../../server/callbacks/webhook-registration.js'
import { systemClock } from '../../server/clock.js'
import type { Logger } from '../../server/log.js'

const URL = 'https://spaces.example/callbacks/bbb/webhook'
const silent = { info: () => undefined, warn: () => undefined } as unknown as Logger

type Hooks = Pick<BbbClient, 'hooksList' | 'hooksCreate'>

/** An in-process bbb-webhooks: keeps the hooks created, can be made to hang or to fail. */
function fakeHooks() {
  const hooks: Array<{ hookID: number; callbackURL: string; meetingID?: string }> = []
  const state = { lists: 0, creates: 0, hang: false, failure: null as Error | null }
  const bbb = {
    hooksList: async () => {
      state.lists++
      if (state.failure) throw state.failure
      if (state.hang) await new Promise(() => undefined)
      return { hooks }
    },
    hooksCreate: async (params: { callbackURL: string }) => {
      state.creates++
      hooks.push({ hookID: hooks.length + 1, callbackURL: params.callbackURL })
      return { hookID: hooks.length, permanentHook: false, rawData: false }
    },
  } as unknown as Hooks
  return { bbb, hooks, state }
}

let registration: WebhookRegistration | null = null
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  registration?.close()
  registration = null
  vi.useRealTimers()
})

describe('webhook registration (fake clock)', () => {
  it('registers once, finds its hook at each recheck, and registers again when BBB dropped it', async () => {
    const { bbb, hooks, state } = fakeHooks()
    registration = createWebhookRegistration({ bbb, callbackUrl: URL, clock: systemClock, log: silent, recheckMs: 60_000 })
    await registration.start()
    expect(registration.active()).toBe(true)
    expect(hooks.map((h) => h.callbackURL)).toEqual([URL])
    await vi.advanceTimersByTimeAsync(59_999)
    expect(state.lists).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect([state.lists, state.creates]).toEqual([2, 1])
    hooks.length = 0
    await vi.advanceTimersByTimeAsync(60_000)
    expect([state.lists, state.creates]).toEqual([3, 2])
    expect(registration.active()).toBe(true)
  })

  it('waits at most 3 s for the first answer, then goes on without it', async () => {
    const { bbb, state } = fakeHooks()
    state.hang = true
    registration = createWebhookRegistration({ bbb, callbackUrl: URL, clock: systemClock, log: silent })
    let started = false
    void registration.start().then(() => (started = true))
    await vi.advanceTimersByTimeAsync(2999)
    expect(started).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(started).toBe(true)
    expect(registration.active()).toBe(false)
  })

  it('says unsupported without bbb-webhooks (a FAILED answer), failed on a transport error, and keeps trying', async () => {
    const { bbb, state } = fakeHooks()
    state.failure = new BbbApiError({ call: 'hooks/list', messageKey: 'unsupportedRequest', message: 'no hooks', url: '' })
    registration = createWebhookRegistration({ bbb, callbackUrl: URL, clock: systemClock, log: silent, recheckMs: 1000 })
    expect(await registration.register()).toBe('unsupported')
    state.failure = new Error('ECONNREFUSED')
    expect(await registration.register()).toBe('failed')
    expect(registration.active()).toBe(false)
    await registration.start()
    state.failure = null
    await vi.advanceTimersByTimeAsync(1000)
    expect(registration.active()).toBe(true)
    registration.close()
    const lists = state.lists
    await vi.advanceTimersByTimeAsync(10_000)
    expect(state.lists).toBe(lists)
  })
})
