/**
 * The one source of time for the service. Built once in the composition root and handed to every module that
 * reads the time or waits; tests pass a clock driven by fake timers instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch (like `Date.now()`). */
  now(): number
  /** Runs `fn` after `ms`; returns a handle for `clearTimeout`. Timers are unref'd so they never hold the process. */
  setTimeout(fn: () => void, ms: number): ClockTimer
  clearTimeout(timer: ClockTimer): void
}

/** An opaque timer handle. */
export interface ClockTimer {
  readonly __clockTimer?: never
}

/** The real clock: `Date.now()` and Node's timers (read at call time, so fake timers drive it in tests). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms)
    timer.unref?.()
    return timer as unknown as ClockTimer
  },
  clearTimeout(timer) {
    clearTimeout(timer as unknown as ReturnType<typeof setTimeout>)
  },
}
