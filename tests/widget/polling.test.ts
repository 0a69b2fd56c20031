import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startPolling, type VisibilitySource } from '../../widget/polling.js'

/** A page whose visibility the test switches. */
function fakePage() {
  const target = new EventTarget()
  const page = {
    hidden: false,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    show(hidden: boolean) {
      page.hidden = hidden
      target.dispatchEvent(new Event('visibilitychange'))
    },
  }
  return page
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('polling', () => {
  it('runs at once, then an interval after each run settled, never two at once, and not after stop', async () => {
    const page = fakePage()
    let calls = 0
    let release: () => void = () => {}
    const stop = startPolling(
      () => {
        calls++
        return new Promise<void>((r) => (release = r))
      },
      { intervalMs: 1000 },
      page as unknown as VisibilitySource,
    )
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls).toBe(1) // still under way: no second run
    release()
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)
    stop()
    release()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toBe(2)
  })

  it('pauses while the page is hidden and runs as soon as it shows again', async () => {
    const page = fakePage()
    let calls = 0
    const stop = startPolling(() => void calls++, { intervalMs: 1000 }, page as unknown as VisibilitySource)
    expect(calls).toBe(1)
    page.show(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toBe(1) // the tick already scheduled finds the page hidden, and schedules nothing more
    page.show(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toBe(3)
    stop()
  })

  it('keeps going in a hidden page when asked, waits one interval first when not immediate, and survives a failing run', async () => {
    const page = fakePage()
    page.hidden = true
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    let calls = 0
    const stop = startPolling(
      () => {
        calls++
        throw new Error('down')
      },
      { intervalMs: 500, immediate: false, pauseWhenHidden: false },
      page as unknown as VisibilitySource,
    )
    expect(calls).toBe(0)
    await vi.advanceTimersByTimeAsync(500)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toBe(3)
    expect(errors).toHaveBeenCalled()
    stop()
    errors.mockRestore()
  })

  it('aborts the run under way when stopped, so a late answer is dropped', async () => {
    let signal: AbortSignal | null = null
    const stop = startPolling(
      (s) => {
        signal = s
        return new Promise(() => {})
      },
      { intervalMs: null },
      null,
    )
    expect(signal!.aborted).toBe(false)
    stop()
    expect(signal!.aborted).toBe(true)
  })
})
