// node:timers, not the global: tests that fake the global timers must not stop the store's writes.
import { setImmediate as nextTurn } from 'node:timers'

interface Pending<R, T> {
  request: R
  resolve(result: T): void
  reject(error: unknown): void
}

/**
 * Requests that arrive while a batch is being written wait for it, then go together in the next one (at most
 * `max`): under load the cost of a statement, a lock or a commit is shared by the whole batch; alone, a request
 * waits only for the end of the event loop's turn (not a timer). On SQLite the commit per batch was most of a
 * join's cost while batches started at once held one or two joins (issue 21). `run` answers each request of a
 * batch, in order; if it throws, every request of the batch fails with it. `idle()` resolves once nothing is queued or being written (readers that must see the writes wait for it).
 */
export function batcher<R, T>(max: number, run: (batch: R[]) => Promise<T[]>): { submit(request: R): Promise<T>; idle(): Promise<void> } {
  let queue: Array<Pending<R, T>> = []
  let running: Promise<void> | null = null

  const pump = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, max)
      queue = queue.slice(batch.length)
      try {
        const results = await run(batch.map((p) => p.request))
        batch.forEach((p, i) => p.resolve(results[i]))
      } catch (error) {
        for (const p of batch) p.reject(error)
      }
    }
    running = null
  }

  return {
    submit: (request) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ request, resolve, reject })
        // Started once the event loop has handled what it received this turn: the requests it is parsing now
        // join this batch instead of each paying its own transaction.
        running ??= new Promise<void>((resolve) => nextTurn(resolve)).then(pump)
      }),
    idle: async () => {
      while (running) await running
    },
  }
}
