/**
 * Live room status for the widget: reads the service's Server-Sent-Events stream with `fetch` (so the host
 * token goes in the `Authorization` header, never in a URL), resumes with `Last-Event-ID` after a drop, and
 * falls back to polling when the stream cannot be used. Dependency-free; nothing is thrown at the host page.
 *
 * @example
 * const stream = openStatusStream({
 *   url: `${base}/api/v1/spaces/${spaceId}/events`,
 *   getToken: () => host.token(),
 *   onEvent: (e) => { if (e.type === 'status') show(e.data) },
 *   poll: () => hub.refresh(spaceId),
 * })
 * // later: stream.close()
 */

import type { LiveEventType, LiveEvents } from '../server/contract/index.js'
import { startPolling as poller } from './polling.js'

/** `status`: a room's state; `ended`: its meeting ended; `recording`: a recording became available. */
export type StatusStreamEvent = { [K in LiveEventType]: { type: K; id: string | null; data: LiveEvents[K] } }[LiveEventType]

export type StatusStreamMode = 'connecting' | 'stream' | 'polling' | 'closed'

export interface StatusStreamOptions {
  /** The stream URL: `…/api/v1/spaces/:spaceId/events` or `…/api/v1/rooms/:roomId/events`. */
  url: string
  /** The host token, asked again at every (re)connection so a refreshed token is used. */
  getToken: () => string | Promise<string>
  onEvent: (event: StatusStreamEvent) => void
  /** Called when the mode changes (`stream` ↔ `polling`). */
  onModeChange?: (mode: StatusStreamMode) => void
  /** What to do every `pollIntervalMs` while the stream is unusable (e.g. fetch the rooms list). */
  poll?: () => void | Promise<void>
  /** Default 5000 ms. */
  pollIntervalMs?: number
  /** Waits before reconnecting after a drop, one per consecutive failure. Default 500, 1000, 2000 ms. */
  retryDelaysMs?: readonly number[]
  /** While polling, the stream is tried again this often. Default 60000 ms. */
  streamRetryMs?: number
  /** No byte (not even a heartbeat) for this long means the connection is dead. Default 45000 ms. */
  idleTimeoutMs?: number
  /** Resume from this event id (a stream closed earlier, e.g. while the page was hidden). Default none. */
  lastEventId?: string | null
  fetch?: typeof fetch
}

export interface StatusStream {
  readonly mode: StatusStreamMode
  /** The id of the last event received (sent as `Last-Event-ID` when reconnecting). */
  readonly lastEventId: string | null
  close(): void
}

const EVENT_TYPES = new Set(['status', 'ended', 'recording'])

/** Opens the stream at once; see {@link StatusStreamOptions} for the defaults. */
export function openStatusStream(options: StatusStreamOptions): StatusStream {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const retryDelays = options.retryDelaysMs ?? [500, 1000, 2000]
  const pollIntervalMs = options.pollIntervalMs ?? 5000
  const streamRetryMs = options.streamRetryMs ?? 60_000
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000
  let mode: StatusStreamMode = 'connecting'
  let lastEventId: string | null = options.lastEventId ?? null
  let failures = 0
  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let stopPoll: (() => void) | null = null

  function setMode(next: StatusStreamMode) {
    if (mode === next) return
    mode = next
    try {
      options.onModeChange?.(next)
    } catch (err) {
      console.error('[bbb-spaces]', err)
    }
  }

  function startPolling() {
    if (mode === 'closed') return
    setMode('polling')
    // The owner (the status hub) stops the whole stream while the page is hidden.
    if (!stopPoll && options.poll) stopPoll = poller(() => options.poll?.(), { intervalMs: pollIntervalMs, pauseWhenHidden: false }, null)
    schedule(streamRetryMs)
  }

  function stopPolling() {
    stopPoll?.()
    stopPoll = null
  }

  function schedule(delay: number) {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = setTimeout(() => {
      retryTimer = null
      void connect()
    }, delay)
  }

  function failed(permanent: boolean) {
    if (mode === 'closed') return
    failures += 1
    if (permanent || failures > retryDelays.length) startPolling()
    else schedule(retryDelays[failures - 1])
  }

  function dispatch(block: string) {
    let id: string | null = null
    let type = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'id') id = value
      else if (field === 'event') type = value
      else if (field === 'data') data.push(value)
    }
    if (id !== null) lastEventId = id
    if (data.length === 0 || !EVENT_TYPES.has(type)) return
    let parsed: unknown
    try {
      parsed = JSON.parse(data.join('\n'))
    } catch {
      return
    }
    try {
      options.onEvent({ type, id, data: parsed } as StatusStreamEvent)
    } catch (err) {
      console.error('[bbb-spaces]', err)
    }
  }

  async function connect(): Promise<void> {
    if (mode === 'closed') return
    controller?.abort()
    const ctrl = new AbortController()
    controller = ctrl
    let idle: ReturnType<typeof setTimeout> | null = null
    const touch = () => {
      if (idle) clearTimeout(idle)
      idle = setTimeout(() => ctrl.abort(), idleTimeoutMs)
    }
    try {
      const token = await options.getToken()
      const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` }
      if (lastEventId) headers['Last-Event-ID'] = lastEventId
      touch()
      const res = await doFetch(options.url, { headers, signal: ctrl.signal, cache: 'no-store' })
      const type = res.headers.get('content-type') ?? ''
      if (!res.ok || !res.body || !type.startsWith('text/event-stream')) {
        await res.body?.cancel().catch(() => undefined)
        // 401 may be a token that just expired: retry with a fresh one; other refusals will not heal soon.
        failed(res.status !== 401 && res.status < 500)
        return
      }
      failures = 0
      stopPolling()
      setMode('stream')
      const reader = res.body.getReader()
      const decoder = new TextDecoder()
      let buffer = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        touch()
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, cut))
          buffer = buffer.slice(cut + 2)
        }
      }
      if (controller === ctrl) failed(false)
    } catch {
      // `close()` may have run during the awaits above, whatever TypeScript narrowed `mode` to.
      if (controller === ctrl && (mode as StatusStreamMode) !== 'closed') failed(false)
    } finally {
      if (idle) clearTimeout(idle)
    }
  }

  void connect()
  return {
    get mode() {
      return mode
    },
    get lastEventId() {
      return lastEventId
    },
    close() {
      setMode('closed')
      stopPolling()
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      controller?.abort()
      controller = null
    },
  }
}
