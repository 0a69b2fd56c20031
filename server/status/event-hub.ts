import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Clock, ClockTimer } from '../clock.js'

/** The events a widget receives on its stream. */
export type LiveEventType = 'status' | 'ended' | 'recording'

/** Where an event belongs: subscribers of the room or of its space get it. */
export interface RoomRef {
  roomId: string
  spaceId: string
}

export interface EventHubOptions {
  /** Drives the heartbeat. */
  clock: Clock
  /** Comment line sent to every stream this often, so proxies keep it open. Default 15000 ms. */
  heartbeatMs?: number
  /** Events kept for `Last-Event-ID` resume (across all rooms). Default 2000. */
  historySize?: number
  /** A client whose unsent output grows past this is dropped (it resumes with Last-Event-ID). Default 256 KiB. */
  maxBufferedBytes?: number
}

/** What a stream subscribes to. */
export interface Subscription {
  res: ServerResponse
  /** Rooms of a room stream, or null for a whole space. */
  roomIds: ReadonlySet<string> | null
  spaceId: string | null
  /** Called when the stream ends (client gone, dropped, hub closed, deadline passed). */
  onClose?: () => void
  /** Clock time at which the hub ends the stream (its token's expiry, its longest lifetime). */
  deadline?: number
}

/** One open stream. */
export interface StreamHandle {
  /** Writes an event to this stream only (current state on connect), under the latest event id. */
  send(type: LiveEventType, data: unknown): void
  /**
   * Replays what the stream missed since `lastEventId`. False when that id is unknown or too old (another
   * instance, a restart, history overflow): the caller then sends the current state instead.
   */
  replay(lastEventId: string): boolean
  close(): void
}

interface Client {
  res: ServerResponse
  roomIds: ReadonlySet<string> | null
  spaceId: string | null
  onClose: (() => void) | undefined
  deadline: number
  closed: boolean
}

interface HistoryEntry {
  seq: number
  ref: RoomRef
  frame: string
}

/**
 * Fans live events out to Server-Sent-Events streams: each event is serialised once and written to the streams
 * of its room and space; the last events are kept for resume. Memory per client is its subscription plus what
 * the socket has not sent yet, capped by `maxBufferedBytes`. Two timers serve every stream, whatever their number:
 * the heartbeat, and one set for the earliest stream deadline.
 */
export class EventHub {
  /** Event ids are `<boot>.<seq>`: an id from another instance or an earlier run never matches `boot`. */
  readonly boot = randomBytes(4).toString('hex')
  private seq = 0
  private readonly history: HistoryEntry[] = []
  private readonly byRoom = new Map<string, Set<Client>>()
  private readonly bySpace = new Map<string, Set<Client>>()
  private readonly clients = new Set<Client>()
  private heartbeat: ClockTimer | null = null
  private expiry: ClockTimer | null = null
  private expiryAt = Infinity
  private readonly clock: Clock
  private readonly heartbeatMs: number
  private readonly historySize: number
  private readonly maxBuffered: number

  constructor(options: EventHubOptions) {
    this.clock = options.clock
    this.heartbeatMs = options.heartbeatMs ?? 15_000
    this.historySize = options.historySize ?? 2000
    this.maxBuffered = options.maxBufferedBytes ?? 256 * 1024
    this.scheduleBeat()
  }

  private scheduleBeat(): void {
    this.heartbeat = this.clock.setTimeout(() => {
      this.beat()
      this.scheduleBeat()
    }, this.heartbeatMs)
  }

  get size(): number {
    return this.clients.size
  }

  /** The id of the latest event (what a stream that is up to date would send as Last-Event-ID). */
  get lastId(): string {
    return `${this.boot}.${this.seq}`
  }

  /** Opens a stream on `sub.res` (headers written here). */
  open(sub: Subscription): StreamHandle {
    const client: Client = {
      res: sub.res,
      roomIds: sub.roomIds,
      spaceId: sub.spaceId,
      onClose: sub.onClose,
      deadline: sub.deadline ?? Infinity,
      closed: false,
    }
    const res = sub.res
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    // Headers go out on their own: written alone, the header block Node keeps for the stream's lifetime is made one
    // flat string, instead of the tree of ~70 joined pieces it stays when sent together with the first write
    // (about 1.4 KB of heap per open stream).
    res.flushHeaders()
    res.write('retry: 3000\n\n')
    this.clients.add(client)
    if (client.roomIds) for (const id of client.roomIds) add(this.byRoom, id, client)
    else if (client.spaceId) add(this.bySpace, client.spaceId, client)
    const close = () => this.drop(client)
    res.on('close', close)
    if (client.deadline < this.expiryAt) this.scheduleExpiry(client.deadline)
    return {
      close,
      send: (type, data) => this.write(client, frame(this.lastId, type, data)),
      replay: (lastEventId) => this.replay(client, lastEventId),
    }
  }

  /** The one expiry timer, set for `at` (the earliest deadline of an open stream). */
  private scheduleExpiry(at: number): void {
    if (this.expiry) this.clock.clearTimeout(this.expiry)
    this.expiryAt = at
    this.expiry = at === Infinity ? null : this.clock.setTimeout(() => this.expire(), Math.max(0, at - this.clock.now()))
  }

  /** Ends every stream whose deadline has come, then waits for the next one. */
  private expire(): void {
    this.expiry = null
    const now = this.clock.now()
    let next = Infinity
    for (const client of [...this.clients]) {
      if (client.deadline <= now) {
        this.drop(client)
        client.res.end()
      } else if (client.deadline < next) next = client.deadline
    }
    this.scheduleExpiry(next)
  }

  private replay(client: Client, lastEventId: string): boolean {
    const m = /^([0-9a-f]+)\.(\d+)$/.exec(lastEventId.trim())
    if (!m || m[1] !== this.boot) return false
    const since = Number(m[2])
    if (since > this.seq) return false
    const oldest = this.history[0]?.seq ?? this.seq + 1
    if (since < oldest - 1) return false
    for (const entry of this.history) {
      if (entry.seq > since && matches(client, entry.ref)) this.write(client, entry.frame)
    }
    return true
  }

  /** Sends an event to the streams of the room and of its space, and keeps it for resume. */
  publish(ref: RoomRef, type: LiveEventType, data: unknown): void {
    this.seq += 1
    const entry: HistoryEntry = { seq: this.seq, ref, frame: frame(`${this.boot}.${this.seq}`, type, data) }
    this.history.push(entry)
    if (this.history.length > this.historySize) this.history.splice(0, this.history.length - this.historySize)
    for (const client of this.byRoom.get(ref.roomId) ?? []) this.write(client, entry.frame)
    for (const client of this.bySpace.get(ref.spaceId) ?? []) this.write(client, entry.frame)
  }

  close(): void {
    if (this.heartbeat) this.clock.clearTimeout(this.heartbeat)
    this.heartbeat = null
    this.scheduleExpiry(Infinity)
    for (const client of [...this.clients]) {
      this.drop(client)
      client.res.end()
    }
  }

  private write(client: Client, text: string): void {
    if (client.closed) return
    if (client.res.writableLength > this.maxBuffered) {
      // A reader this far behind is dropped rather than buffered without end; it resumes with Last-Event-ID.
      this.drop(client)
      client.res.destroy()
      return
    }
    client.res.write(text)
  }

  private beat(): void {
    for (const client of this.clients) this.write(client, ':\n\n')
  }

  private drop(client: Client): void {
    if (client.closed) return
    client.closed = true
    this.clients.delete(client)
    if (client.roomIds) for (const id of client.roomIds) remove(this.byRoom, id, client)
    else if (client.spaceId) remove(this.bySpace, client.spaceId, client)
    client.onClose?.()
  }
}

function matches(client: Client, ref: RoomRef): boolean {
  return client.roomIds ? client.roomIds.has(ref.roomId) : client.spaceId === ref.spaceId
}

function frame(id: string, type: LiveEventType, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`
}

function add(map: Map<string, Set<Client>>, key: string, client: Client): void {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(client)
}

function remove(map: Map<string, Set<Client>>, key: string, client: Client): void {
  const set = map.get(key)
  if (!set) return
  set.delete(client)
  if (set.size === 0) map.delete(key)
}
