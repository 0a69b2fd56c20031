import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { systemClock } from '../../server/clock.js'
import type { MeetingRun } from '../../server/model/index.js'
import type { BbbMeetingLike } from '../../server/status/meeting-status.js'
import { createStatusRefresher, type StatusBbb, type StatusRefresher } from '../../server/status/refresher.js'

/** An in-process BBB answering getMeetings with the meetings it holds, counting the calls. */
function fakeBbb(meetings: BbbMeetingLike[] = []): StatusBbb & { calls: number; fail: Error | null } {
  return {
    calls: 0,
    fail: null,
    async getMeetings() {
      this.calls++
      if (this.fail) throw this.fail
      return { meetings }
    },
    async getMeetingInfo() {
      throw Object.assign(new Error('notFound'), { messageKey: 'notFound' })
    },
  }
}

const meeting = (meetingID: string): BbbMeetingLike => ({
  meetingID,
  running: true,
  participantCount: 1,
  moderatorCount: 1,
  createTime: 1,
  attendees: [{ userID: 'u', fullName: 'U', role: 'MODERATOR' }],
})

const INTERVAL = 1000
const sources: StatusRefresher[] = []
function refresher(bbb: StatusBbb, options: { random?: () => number; openRuns?: MeetingRun[] } = {}): StatusRefresher {
  const source = createStatusRefresher({
    bbb,
    listOpenRuns: async () => options.openRuns ?? [],
    intervalMs: INTERVAL,
    clock: systemClock,
    random: options.random ?? (() => 0.5),
  })
  sources.push(source)
  return source
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  for (const s of sources.splice(0)) s.close()
  vi.useRealTimers()
})

describe('status refresher timing (fake clock)', () => {
  it('polls BBB once per tick while watched, whatever the number of readers between ticks', async () => {
    const bbb = fakeBbb([meeting('m-1')])
    const source = refresher(bbb)
    const unwatch = source.watch(['m-1'])
    source.start()
    for (let tick = 1; tick <= 10; tick++) {
      await vi.advanceTimersByTimeAsync(INTERVAL)
      expect(source.ticks()).toBe(tick)
      expect(bbb.calls).toBe(tick)
      const answers = await Promise.all(Array.from({ length: 100 }, () => source.get('m-1')))
      expect(answers.every((a) => a.exists && a.participants === 1)).toBe(true)
      expect(bbb.calls).toBe(tick)
    }
    unwatch()
  })

  it('jitters each tick between 0.9 and 1.1 intervals', async () => {
    const early = fakeBbb()
    const late = fakeBbb()
    const a = refresher(early, { random: () => 0 })
    const b = refresher(late, { random: () => 1 })
    a.watch(['x'])
    b.watch(['x'])
    a.start()
    b.start()
    await vi.advanceTimersByTimeAsync(INTERVAL * 0.9 - 1)
    expect([early.calls, late.calls]).toEqual([0, 0])
    await vi.advanceTimersByTimeAsync(1)
    expect([early.calls, late.calls]).toEqual([1, 0])
    await vi.advanceTimersByTimeAsync(INTERVAL * 0.2 - 1)
    expect(late.calls).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(late.calls).toBe(1)
  })

  it('stops polling once nobody watches, reads or has a meeting open, and a read starts it again', async () => {
    const bbb = fakeBbb()
    const source = refresher(bbb)
    const unwatch = source.watch(['m-1'])
    source.start()
    await vi.advanceTimersByTimeAsync(INTERVAL * 3)
    expect(bbb.calls).toBe(3)
    unwatch()
    // A read keeps interest for a minute after it.
    await vi.advanceTimersByTimeAsync(60_000 + INTERVAL)
    const idle = bbb.calls
    await vi.advanceTimersByTimeAsync(INTERVAL * 10)
    expect(bbb.calls).toBe(idle)
    await source.get('m-1')
    await vi.advanceTimersByTimeAsync(INTERVAL)
    expect(bbb.calls).toBeGreaterThan(idle)
  })

  it('answers reads from a snapshot younger than two intervals, and asks BBB once it is older', async () => {
    const bbb = fakeBbb([meeting('m-1')])
    const source = refresher(bbb)
    await source.get('m-1')
    expect(bbb.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(INTERVAL * 2 - 1)
    await source.get('m-1')
    expect(bbb.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    await source.get('m-1')
    expect(bbb.calls).toBe(2)
  })

  it('repeats a failed refresh’s error to readers for up to 5 s (bounded by two intervals) before asking again', async () => {
    const bbb = fakeBbb()
    bbb.fail = new Error('BBB down')
    const source = refresher(bbb)
    await expect(source.get('m-1')).rejects.toThrow('BBB down')
    await vi.advanceTimersByTimeAsync(INTERVAL * 2 - 1)
    await expect(source.get('m-1')).rejects.toThrow('BBB down')
    expect(bbb.calls).toBe(1)
    bbb.fail = null
    await vi.advanceTimersByTimeAsync(1)
    await expect(source.get('m-1')).resolves.toMatchObject({ exists: false })
    expect(bbb.calls).toBe(2)
  })
})
