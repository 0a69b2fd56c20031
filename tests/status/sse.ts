/** A minimal Server-Sent-Events reader over fetch, for tests: collects events and waits for matching ones. */
export interface SseEvent {
  id: string | undefined
  event: string
  data: unknown
}

export interface SseStream {
  status: number
  events: SseEvent[]
  comments: number
  /** Resolves with the first event (already received or coming) matching `match`, or rejects after `timeoutMs`. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>
  lastId(): string | undefined
  close(): void
  /** Resolves when the server ends the stream (or it is aborted). */
  ended: Promise<void>
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController()
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal })
  const events: SseEvent[] = []
  const waiters = new Set<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void; from: number }>()
  let markEnded: () => void = () => undefined
  const ended = new Promise<void>((resolve) => (markEnded = resolve))
  const stream: SseStream = {
    ended,
    status: res.status,
    events,
    comments: 0,
    next(match, timeoutMs = 2000) {
      const found = events.find(match)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          from: events.length,
          resolve: (e: SseEvent) => {
            clearTimeout(timer)
            waiters.delete(waiter)
            resolve(e)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no matching SSE event within ${timeoutMs} ms (got ${JSON.stringify(events)})`))
        }, timeoutMs)
        waiters.add(waiter)
      })
    },
    lastId() {
      return [...events].reverse().find((e) => e.id !== undefined)?.id
    },
    close() {
      controller.abort()
    },
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined)
    markEnded()
    return stream
  }
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          let id: string | undefined
          let event = 'message'
          const data: string[] = []
          let comment = false
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comment = true
            else if (line.startsWith('id: ')) id = line.slice(4)
            else if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data.push(line.slice(6))
          }
          if (data.length === 0) {
            if (comment) stream.comments++
            continue
          }
          const e: SseEvent = { id, event, data: JSON.parse(data.join('\n')) }
          events.push(e)
          for (const w of [...waiters]) if (w.match(e)) w.resolve(e)
        }
      }
    } catch {
      // aborted
    }
    markEnded()
  })()
  return stream
}
