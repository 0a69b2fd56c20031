/** Options of {@link startPolling} (and of the `usePolling` hook). */
export interface PollingOptions {
  /** Wait between the end of one run and the start of the next; `null` runs once per start, no repeat. */
  intervalMs: number | null
  /** Default true: run at once on start. False waits one interval first. */
  immediate?: boolean
  /**
   * Default true: nothing runs while the page is hidden, and a run starts as soon as it shows again.
   * False keeps going in a background tab (a guest waiting for the meeting to start).
   */
  pauseWhenHidden?: boolean
}

/** The page whose visibility pauses the polling (the global `document` by default). */
export type VisibilitySource = Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>

/**
 * Calls `run` (at once unless `immediate: false`), then every `intervalMs` after the previous run settled:
 * never two at once. Each run gets a signal that aborts when a newer run starts or on `stop`, so a late
 * answer never overwrites a newer one. A run that throws is logged; the next one still comes. Returns `stop`.
 */
export function startPolling(
  run: (signal: AbortSignal) => unknown,
  options: PollingOptions,
  page: VisibilitySource | null = typeof document === 'undefined' ? null : document,
): () => void {
  const { intervalMs, immediate = true, pauseWhenHidden = true } = options
  const watched = pauseWhenHidden ? page : null
  let timer: ReturnType<typeof setTimeout> | null = null
  let controller: AbortController | null = null
  let stopped = false

  const later = () => {
    if (timer) clearTimeout(timer)
    timer = stopped || intervalMs === null ? null : setTimeout(() => void tick(), intervalMs)
  }
  const tick = async () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (stopped || watched?.hidden) return
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    try {
      await run(mine.signal)
    } catch (err) {
      if ((err as Error)?.name !== 'AbortError') console.error('[bbb-spaces]', err)
    }
    if (controller === mine) later()
  }
  const onVisibility = () => {
    if (!watched?.hidden) void tick()
  }
  watched?.addEventListener('visibilitychange', onVisibility)
  if (immediate) void tick()
  else later()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    controller?.abort()
    watched?.removeEventListener('visibilitychange', onVisibility)
  }
}
