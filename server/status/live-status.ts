import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Room } from '../model/index.js'
import type { RoomRepo } from '../store/types.js'
import type { BusMessage, StatusBus } from './bus.js'
import type { EventHub, RoomRef } from './event-hub.js'
import { NOT_RUNNING, visibleStatus, type MeetingStatus, type StatusAttendee } from './meeting-status.js'
import type { StatusRefresher } from './refresher.js'

export interface LiveStatusDeps {
  /** The instance's one status source (built by the composition root). */
  source: StatusRefresher
  /** Where widgets' streams are fanned out. */
  hub: EventHub
  /** What the other instances sharing the database learnt first. */
  bus: StatusBus
  /** Finds the room of a meeting (cached here, so pushing a change costs no query once a meeting is known). */
  rooms: Pick<RoomRepo, 'getRoomByMeetingId'>
  clock: Clock
  log: Logger
  /** Told when a recording became ready, here or on another instance (the recordings service drops its cache). */
  onRecording?: (meetingId: string) => void
}

/** A meeting change the live status saw (a poll, a webhook, another instance, this instance's own action). */
export type LiveMeetingEvent =
  | { type: 'meeting.running'; meetingId: string; room: RoomRef; at: number }
  | { type: 'meeting.stopped'; meetingId: string; room: RoomRef; at: number }
  | { type: 'participant.joined'; meetingId: string; room: RoomRef; at: number; attendee: LiveAttendee }
  | { type: 'participant.left'; meetingId: string; room: RoomRef; at: number; attendee: LiveAttendee }
  | { type: 'recording.ready'; meetingId: string; room: RoomRef; at: number; recordId: string }

/** An attendee as live events name them. */
export type LiveAttendee = Pick<StatusAttendee, 'userId' | 'name' | 'role' | 'guest'>

/** A change a meeting's status goes through, given its current status. */
export type StatusChange = (current: MeetingStatus) => MeetingStatus

/** Everything live about meetings in one service instance: the status source and the widgets' streams. */
export interface LiveStatus {
  source: StatusRefresher
  hub: EventHub
  /** For `JoinDeps.onChange`: changes this instance caused (start, join, end) are shown at once. */
  onMeetingChange(event: { type: 'meeting-started' | 'join-granted' | 'meeting-ended'; room: Room; createTime?: number }): void
  /** Applies a change learnt here (webhook, callback) at once, and tells the other instances. */
  apply(meetingId: string, change: StatusChange): MeetingStatus
  /** A recording became ready, learnt here: streams are told, and the other instances. */
  recordingReady(meetingId: string, recordId: string): void
  /**
   * Told of every meeting change this instance sees, in order per meeting, once its room is known (meetings that
   * are not ours are skipped). Each instance sees every change (polls, webhooks, the bus): a subscriber that must
   * act once per deployment de-duplicates. Returns an unsubscribe function; a listener that throws is logged.
   */
  onEvent(listener: (event: LiveMeetingEvent) => void): () => void
  /** Starts polling BBB. */
  start(): void
  close(): Promise<void>
}

const ROOM_CACHE_MAX = 10_000

/**
 * Ties the status source, the streams and the bus together: every visible status change is published to the
 * meeting's room and space streams (`status`, then `ended` when it stopped), changes learnt here are sent to the
 * other instances, and theirs are applied here.
 */
export function createLiveStatus(deps: LiveStatusDeps): LiveStatus {
  const { source, hub, bus, clock, log } = deps
  const listeners = new Set<(event: LiveMeetingEvent) => void>()

  // meetingID → room (null: not one of ours).
  const rooms = new Map<string, RoomRef | null>()
  const chains = new Map<string, Promise<void>>()
  async function roomOf(meetingId: string): Promise<RoomRef | null> {
    const hit = rooms.get(meetingId)
    if (hit !== undefined) return hit
    const room = await deps.rooms.getRoomByMeetingId(meetingId)
    const ref = room ? { roomId: room.id, spaceId: room.spaceId } : null
    if (rooms.size >= ROOM_CACHE_MAX) rooms.clear()
    rooms.set(meetingId, ref)
    return ref
  }
  /** Runs `push` once the meeting's room is known, keeping each meeting's events in order. */
  function withRoom(meetingId: string, push: (ref: RoomRef) => void): void {
    const known = rooms.get(meetingId)
    if (known !== undefined && !chains.has(meetingId)) {
      if (known) push(known)
      return
    }
    const next = (chains.get(meetingId) ?? Promise.resolve())
      .then(() => roomOf(meetingId))
      .then((ref) => {
        if (ref) push(ref)
      })
      .catch((err: unknown) => log.warn({ err: { message: String(err) } }, 'live status: room lookup failed'))
      .finally(() => {
        if (chains.get(meetingId) === next) chains.delete(meetingId)
      })
    chains.set(meetingId, next)
  }

  function tell(event: LiveMeetingEvent): void {
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (err) {
        log.warn({ err: { message: String(err) }, event: event.type }, 'live status: event listener failed')
      }
    }
  }

  const unsubscribeSource = source.onChange((meetingId, status, previous) => {
    const at = clock.now()
    const stopped = previous.exists && !status.exists
    withRoom(meetingId, (room) => {
      hub.publish(room, 'status', { roomId: room.roomId, ...visibleStatus(status) })
      if (stopped) hub.publish(room, 'ended', { roomId: room.roomId, at })
      if (listeners.size > 0) for (const event of meetingEvents(meetingId, room, status, previous, at)) tell(event)
    })
  })

  function publishRecording(meetingId: string, recordId: string): void {
    deps.onRecording?.(meetingId)
    const at = clock.now()
    withRoom(meetingId, (room) => {
      hub.publish(room, 'recording', { roomId: room.roomId, recordId })
      tell({ type: 'recording.ready', meetingId, room, at, recordId })
    })
  }

  const unsubscribeBus = bus.subscribe((message: BusMessage) => {
    switch (message.type) {
      case 'status':
        source.update(message.meetingId, () => message.status)
        break
      case 'stale':
        source.invalidate()
        void source.refresh().catch(() => undefined)
        break
      case 'ended':
        source.update(message.meetingId, () => NOT_RUNNING)
        break
      case 'recording':
        publishRecording(message.meetingId, message.recordId)
        break
    }
  })

  function apply(meetingId: string, change: StatusChange): MeetingStatus {
    const status = source.update(meetingId, change)
    bus.publish(status.exists ? { type: 'status', meetingId, status } : { type: 'ended', meetingId })
    return status
  }

  return {
    source,
    hub,
    apply,
    onMeetingChange(event) {
      rooms.set(event.room.meetingId, { roomId: event.room.id, spaceId: event.room.spaceId })
      if (event.type === 'meeting-ended') {
        apply(event.room.meetingId, () => NOT_RUNNING)
      } else if (event.type === 'meeting-started') {
        // BBB has just answered the create: the meeting exists, nobody is in it yet. Shown from that answer, here
        // and on the other instances (the bus), without asking BBB for every meeting again; who joins comes with
        // the webhooks or the next poll. (A grant changes nothing in BBB yet: the user joins later.)
        apply(event.room.meetingId, (previous) => (previous.exists ? previous : { ...NOT_RUNNING, exists: true, createTime: event.createTime ?? null }))
      }
    },
    recordingReady(meetingId, recordId) {
      publishRecording(meetingId, recordId)
      bus.publish({ type: 'recording', meetingId, recordId })
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    start() {
      source.start()
    },
    async close() {
      unsubscribeBus()
      unsubscribeSource()
      listeners.clear()
      source.close()
      hub.close()
      await Promise.allSettled([...chains.values()])
    },
  }
}

/** What changed between two statuses of a meeting, as events: running or stopped, then who joined and who left. */
function meetingEvents(
  meetingId: string,
  room: RoomRef,
  status: MeetingStatus,
  previous: MeetingStatus,
  at: number,
): LiveMeetingEvent[] {
  const events: LiveMeetingEvent[] = []
  if (status.exists && !previous.exists) events.push({ type: 'meeting.running', meetingId, room, at })
  const before = new Map(previous.attendees.map((a) => [attendeeKey(a), a]))
  const after = new Map(status.attendees.map((a) => [attendeeKey(a), a]))
  for (const [key, a] of after) {
    if (!before.has(key)) events.push({ type: 'participant.joined', meetingId, room, at, attendee: attendeeOf(a) })
  }
  for (const [key, a] of before) {
    if (!after.has(key)) events.push({ type: 'participant.left', meetingId, room, at, attendee: attendeeOf(a) })
  }
  if (previous.exists && !status.exists) events.push({ type: 'meeting.stopped', meetingId, room, at })
  return events
}

function attendeeKey(a: StatusAttendee): string {
  return a.userId ? `u:${a.userId}` : a.internalUserId ? `i:${a.internalUserId}` : `n:${a.name}`
}

function attendeeOf(a: StatusAttendee): LiveAttendee {
  return { userId: a.userId, name: a.name, role: a.role, guest: a.guest }
}
