import { useEffect, useRef, type DependencyList } from 'react'
import { startPolling, type PollingOptions } from '../polling.js'

/**
 * {@link startPolling} for a component: polls while mounted and `enabled` (default true; false stops and
 * aborts the run under way), from the start again whenever `deps` change. The latest `run` is always the one
 * called.
 */
export function usePolling(run: (signal: AbortSignal) => unknown, deps: DependencyList, options: PollingOptions & { enabled?: boolean }): void {
  const runRef = useRef(run)
  runRef.current = run
  const { intervalMs, enabled = true, immediate = true, pauseWhenHidden = true } = options
  useEffect(() => {
    if (!enabled) return
    return startPolling((signal) => runRef.current(signal), { intervalMs, immediate, pauseWhenHidden })
    // `run` is read through a ref: `deps` say what restarts the polling.
  }, [enabled, intervalMs, immediate, pauseWhenHidden, ...deps])
}
