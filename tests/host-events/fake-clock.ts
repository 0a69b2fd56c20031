import type { Clock, ClockTimer } from '../../server/clock.js'

/** A clock the test moves: `advance` runs the timers that fall due, in order. */
export class FakeClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => void }>()
  private nextId = 1

  constructor(private t = Date.UTC(2026, 10, 29, 9, 0, 0)) {}

  now(): number {
    return this.t
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const id = this.nextId++
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn })
    return { id } as unknown as ClockTimer
  }

  clearTimeout(timer: ClockTimer): void {
    this.timers.delete((timer as unknown as { id: number }).id)
  }

  /** When the earliest timer is due (null: none): tells a test the worker went idle and when it wakes. */
  nextTimerAt(): number | null {
    const ats = [...this.timers.values()].map((x) => x.at)
    return ats.length > 0 ? Math.min(...ats) : null
  }

  advance(ms: number): void {
    const until = this.t + ms
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.timers.delete(due[0])
      this.t = Math.max(this.t, due[1].at)
      due[1].fn()
    }
    this.t = until
  }
}
