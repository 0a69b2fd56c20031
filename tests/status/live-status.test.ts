import { PassThrough } from 'node:stream'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { systemClock } from '../../server/clock.js'
import type { Logger } from '../../server/log.js'
import type { Room } from '../../server/model/index.js'
import { applyWebhook } from '../../server/status/apply-webhook.js'
import type { BusMessage, StatusBus } from '../../server/status/bus.js'
import { EventHub } from '../../server/status/event-hub.js'
import { createLiveStatus, type LiveMeetingEvent, type LiveStatus } from '../../server/status/live-status.js'
import { NOT_RUNNING } from '../../server/status/meeting-status.js'
import { createStatusRefresher } from '../../server/status/refresher.js'

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger
const room = { id: 'room-1', spaceId: 'space-1', meetingId: 'mtg-1' } as Room

/** A bus whose "other instance" the test plays: `deliver` hands it a message, `sent` keeps what this one sent. */
function testBus(): StatusBus & { sent: BusMessage[]; deliver(message: BusMessage): void } {
  const handlers = new Set<(m: BusMessage) => void>()
  return {
    kind: 'memory',
    sent: [],
    publish(message) {
      this.sent.push(message)
    },
    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    deliver(message) {
      for (const h of handlers) h(message)
    },
    async close() {},
  }
}

/** A stream response collecting the SSE frames the hub writes. */
function stream(): { res: ServerResponse; events(): Array<{ event: string; data: Record<string, unknown> }> } {
  const sink = new PassThrough()
  let text = ''
  sink.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  const res = Object.assign(sink, { writeHead: () => res, flushHeaders: () => undefined }) as unknown as ServerResponse
  return {
    res,
    events: () =>
      text
        .split('\n\n')
        .map((frame) => ({ event: /^event: (.*)$/m.exec(frame)?.[1], data: /^data: (.*)$/m.exec(frame)?.[1] }))
        .filter((f): f is { event: string; data: string } => f.event !== undefined && f.data !== undefined)
        .map((f) => ({ event: f.event, data: JSON.parse(f.data) as Record<string, unknown> })),
  }
}

const lives: LiveStatus[] = []
afterEach(async () => {
  await Promise.all(lives.splice(0).map((l) => l.close()))
})

function setUp() {
  const bus = testBus()
  const source = createStatusRefresher({
    bbb: { getMeetings: async () => ({ meetings: [] }), getMeetingInfo: async () => Promise.reject(new Error('unused')) },
    listOpenRuns: async () => [],
    intervalMs: 60_000,
    clock: systemClock,
  })
  const hub = new EventHub({ clock: systemClock })
  const recordingsDropped: string[] = []
  const live = createLiveStatus({
    source,
    hub,
    bus,
    rooms: { getRoomByMeetingId: async (id) => (id === room.meetingId ? room : undefined) },
    clock: { ...systemClock, now: () => 42 },
    log: silent,
    onRecording: (id) => recordingsDropped.push(id),
  })
  lives.push(live)
  const events: LiveMeetingEvent[] = []
  live.onEvent((e) => events.push(e))
  const s = stream()
  hub.open({ res: s.res, roomIds: new Set([room.id]), spaceId: null })
  return { live, bus, events, stream: s, recordingsDropped, source }
}

const settle = () => new Promise((r) => setImmediate(r))
const user = (name: string) => ({ internalUserId: `w_${name}`, userId: name, name, role: 'VIEWER' as const, guest: false })

describe('live status', () => {
  it('shows a change learnt here on the room stream, tells the other instances, and names who joined and left', async () => {
    const { live, bus, events, stream: s } = setUp()
    live.apply(room.meetingId, (cur) => applyWebhook(cur, { type: 'user-joined', meetingId: room.meetingId, user: user('ann') }, 7))
    live.apply(room.meetingId, (cur) => applyWebhook(cur, { type: 'user-left', meetingId: room.meetingId, internalUserId: 'w_ann', userId: null }, 8))
    await settle()
    expect(s.events().map((e) => [e.event, e.data.participants])).toEqual([
      ['status', 1],
      ['status', 0],
    ])
    expect(bus.sent.map((m) => m.type)).toEqual(['status', 'status'])
    const ref = { roomId: room.id, spaceId: room.spaceId }
    expect(events).toEqual([
      { type: 'meeting.running', meetingId: room.meetingId, room: ref, at: 42 },
      { type: 'participant.joined', meetingId: room.meetingId, room: ref, at: 42, attendee: { userId: 'ann', name: 'ann', role: 'VIEWER', guest: false } },
      { type: 'participant.left', meetingId: room.meetingId, room: ref, at: 42, attendee: { userId: 'ann', name: 'ann', role: 'VIEWER', guest: false } },
    ])
  })

  it('sends ended when a meeting stops, and applies what another instance learnt without sending it back', async () => {
    const { bus, events, stream: s } = setUp()
    const running = applyWebhook(NOT_RUNNING, { type: 'user-joined', meetingId: room.meetingId, user: user('bob') }, 1)
    bus.deliver({ type: 'status', meetingId: room.meetingId, status: running })
    bus.deliver({ type: 'ended', meetingId: room.meetingId })
    await settle()
    expect(s.events().map((e) => e.event)).toEqual(['status', 'status', 'ended'])
    expect(s.events()[2]!.data).toEqual({ roomId: room.id, at: 42 })
    expect(events.map((e) => e.type)).toEqual(['meeting.running', 'participant.joined', 'participant.left', 'meeting.stopped'])
    expect(bus.sent).toEqual([])
  })

  it('announces a ready recording to the stream, the recordings cache and the other instances', async () => {
    const { live, bus, events, stream: s, recordingsDropped } = setUp()
    live.recordingReady(room.meetingId, 'rec-1')
    await settle()
    expect(s.events()).toEqual([{ event: 'recording', data: { roomId: room.id, recordId: 'rec-1' } }])
    expect(recordingsDropped).toEqual([room.meetingId])
    expect(bus.sent).toEqual([{ type: 'recording', meetingId: room.meetingId, recordId: 'rec-1' }])
    expect(events.map((e) => e.type)).toEqual(['recording.ready'])
  })

  it('shows a start from the create’s answer, here and on the other instances, without asking BBB', async () => {
    const { live, bus, stream: s, source } = setUp()
    live.onMeetingChange({ type: 'meeting-started', room, createTime: 1_790_000_000_000 })
    await settle()
    const shown = { ...NOT_RUNNING, exists: true, createTime: 1_790_000_000_000 }
    expect(source.peek(room.meetingId)).toEqual(shown)
    expect(bus.sent).toEqual([{ type: 'status', meetingId: room.meetingId, status: shown }])
    expect(s.events().map((e) => [e.event, e.data.roomId])).toEqual([['status', room.id]])
    // A rush of starts was a rush of getMeetings, each answer megabytes to parse.
    expect(source.calls().getMeetings ?? 0).toBe(0)

    // What the status knows already (someone joined through a webhook before the start's answer came) stays.
    live.apply(room.meetingId, (cur) => applyWebhook(cur, { type: 'user-joined', meetingId: room.meetingId, user: user('ann') }, 9))
    live.onMeetingChange({ type: 'meeting-started', room, createTime: 1_790_000_000_000 })
    expect(source.peek(room.meetingId).participants).toBe(1)
  })

  it('ignores meetings that are not ours', async () => {
    const { live, events, stream: s } = setUp()
    live.apply('someone-elses', (cur) => applyWebhook(cur, { type: 'user-joined', meetingId: 'someone-elses', user: user('x') }, 1))
    await settle()
    expect(s.events()).toEqual([])
    expect(events).toEqual([])
  })
})
