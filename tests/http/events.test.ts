import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { openSse, type SseEvent, type SseStream } from '../status/sse.js'

let t: TestService
let manager: string
let member: string
let outsider: string
const SPACE = 'live-space'
const streams: SseStream[] = []

beforeAll(async () => {
  // Polling is slow here on purpose: a change that reaches a stream with no status call made came through a webhook.
  t = await startTestService({ env: { STATUS_INTERVAL_MS: '60000' } })
  manager = await t.mintToken({ sub: 'mia', name: 'Mia Manager', spaces: { [SPACE]: 'manager' } })
  member = await t.mintToken({ sub: 'max', name: 'Max Member', spaces: { [SPACE]: 'member' } })
  outsider = await t.mintToken({ sub: 'oz', name: 'Oz', spaces: { elsewhere: 'member' } })
})

afterAll(async () => {
  for (const s of streams) s.close()
  await t?.close()
})

const api = () => request(t.url)

async function room(name: string): Promise<{ id: string; meetingId: string }> {
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name })
  expect(res.status).toBe(201)
  const stored = await t.store.getRoom(res.body.room.id as string)
  return { id: stored!.id, meetingId: stored!.meetingId }
}

async function start(id: string): Promise<void> {
  await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
}

async function addAttendee(meetingId: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBeLessThan(300)
}

async function sse(path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const s = await openSse(`${t.url}${path}`, headers)
  streams.push(s)
  return s
}

const isStatus = (roomId: string, pred: (d: Record<string, unknown>) => boolean = () => true) => (e: SseEvent) =>
  e.event === 'status' && (e.data as { roomId: string }).roomId === roomId && pred(e.data as Record<string, unknown>)

describe('room event streams', () => {
  it('refuses a stream without a token (401 invalid_token) and to a non-member (403 not_a_member)', async () => {
    const { id } = await room('Guarded')
    const anonymous = await api().get(`/api/v1/rooms/${id}/events`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('invalid_token')
    const stranger = await api().get(`/api/v1/rooms/${id}/events`).set('Authorization', `Bearer ${outsider}`)
    expect(stranger.status).toBe(403)
    expect(stranger.body.error.code).toBe('not_a_member')
  })

  it('sends the current status first, then an attendee joining through the webhook (no poll), names included', async () => {
    const { id, meetingId } = await room('Live')
    await start(id)
    const s = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}` })
    expect(s.status).toBe(200)
    const first = await s.next(isStatus(id))
    expect(first.data).toMatchObject({ running: true, participants: 0 })
    const polled = t.service.live.source.calls()
    await addAttendee(meetingId, { fullName: 'Zoé Viewer', userID: 'zoe' })
    const joined = await s.next(isStatus(id, (d) => d.participants === 1))
    // BBB was not asked in between: the join came by the webhook, not by a poll
    expect(t.service.live.source.calls()).toEqual(polled)
    expect(joined.data).toMatchObject({ running: true, participants: 1, attendees: [{ name: 'Zoé Viewer', role: 'VIEWER' }] })
    expect(t.service.callbacks.webhooksActive()).toBe(true)
  })

  it('sends only changes: nothing new while nothing changes', async () => {
    const { id, meetingId } = await room('Quiet')
    await start(id)
    const s = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}` })
    await s.next(isStatus(id))
    await new Promise((r) => setTimeout(r, 300))
    const settled = s.events.length
    await t.service.live.source.refresh()
    await t.service.live.source.refresh()
    await new Promise((r) => setTimeout(r, 200))
    expect(s.events).toHaveLength(settled)
    await addAttendee(meetingId, { fullName: 'Ann' })
    await s.next(isStatus(id, (d) => d.participants === 1))
    expect(s.events).toHaveLength(settled + 1)
  })

  it('pushes ended when the meeting ends', async () => {
    const { id } = await room('Ending')
    await start(id)
    const s = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}` })
    await s.next(isStatus(id, (d) => d.running === true))
    await api().post(`/api/v1/rooms/${id}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
    const ended = await s.next((e) => e.event === 'ended', 1000)
    expect(ended.data).toMatchObject({ roomId: id })
    await s.next(isStatus(id, (d) => d.running === false))
  })

  it('resumes after a disconnect with Last-Event-ID: only what was missed, no repeated status', async () => {
    const { id, meetingId } = await room('Resume')
    await start(id)
    const first = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}` })
    await first.next(isStatus(id))
    await addAttendee(meetingId, { fullName: 'One' })
    await first.next(isStatus(id, (d) => d.participants === 1))
    const lastId = first.lastId()!
    first.close()
    await addAttendee(meetingId, { fullName: 'Two' })
    // the change happens while no stream is open
    await new Promise((r) => setTimeout(r, 300))
    const again = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}`, 'Last-Event-ID': lastId })
    const missed = await again.next(isStatus(id))
    expect(missed.data).toMatchObject({ participants: 2 })
    await new Promise((r) => setTimeout(r, 150))
    expect(again.events.filter((e) => e.event === 'status')).toHaveLength(1)

    // an id this instance never gave (another instance, a restart) gets the current state
    const foreign = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}`, 'Last-Event-ID': 'ffff.12' })
    expect((await foreign.next(isStatus(id))).data).toMatchObject({ participants: 2 })
  })

  it('accepts a short-lived ticket for EventSource clients, and refuses a bad one with 401 invalid_ticket', async () => {
    const { id } = await room('Ticketed')
    const issued = await api().post('/api/v1/events/tickets').set('Authorization', `Bearer ${member}`)
    expect(issued.status).toBe(201)
    expect(issued.body.expiresAt).toBeGreaterThan(Date.now())
    const s = await sse(`/api/v1/rooms/${id}/events?ticket=${encodeURIComponent(issued.body.ticket)}`)
    expect(s.status).toBe(200)
    await s.next(isStatus(id))
    const tampered = `${issued.body.ticket.slice(0, -2)}xx`
    const bad = await api().get(`/api/v1/rooms/${id}/events?ticket=${encodeURIComponent(tampered)}`)
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('invalid_ticket')
    const noToken = await api().post('/api/v1/events/tickets')
    expect(noToken.status).toBe(401)
  })
})

describe('space event streams', () => {
  it('streams every room of the space, including rooms created after the stream opened', async () => {
    const s = await sse(`/api/v1/spaces/${SPACE}/events`, { Authorization: `Bearer ${member}` })
    expect(s.status).toBe(200)
    const later = await room('Created later')
    await start(later.id)
    await addAttendee(later.meetingId, { fullName: 'Late Lou' })
    const e = await s.next(isStatus(later.id, (d) => d.participants === 1), 2000)
    expect(e.data).toMatchObject({ attendees: [{ name: 'Late Lou' }] })
  })

  it('refuses a space stream to a non-member with 403 not_a_member', async () => {
    const res = await api().get(`/api/v1/spaces/${SPACE}/events`).set('Authorization', `Bearer ${outsider}`)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('not_a_member')
  })
})

describe('stream caps', () => {
  it('lets one user hold 10 streams: the 11th is 429 rate_limited with Retry-After, and a closed one frees its place', async () => {
    const { id } = await room('Flooded')
    const sam = await t.mintToken({ sub: 'sam', name: 'Sam', spaces: { [SPACE]: 'member' } })
    const mine: SseStream[] = []
    for (let i = 0; i < 10; i++) {
      const s = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${sam}` })
      expect(s.status).toBe(200)
      mine.push(s)
    }
    const refused = await api().get(`/api/v1/rooms/${id}/events`).set('Authorization', `Bearer ${sam}`)
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('rate_limited')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // Someone else is not affected.
    const other = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}` })
    expect(other.status).toBe(200)
    mine[0]!.close()
    let again: SseStream | null = null
    for (let i = 0; i < 100 && !again; i++) {
      const s = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${sam}` })
      if (s.status === 200) again = s
      else s.close()
    }
    expect(again?.status).toBe(200)
  })

  it('ends a stream when the token that opened it expires (the widget reconnects with a fresh one)', async () => {
    const { id } = await room('Expiring')
    const short = await t.mintToken({ sub: 'eve', name: 'Eve', spaces: { [SPACE]: 'member' } }, { expiresIn: Math.floor(Date.now() / 1000) + 2 })
    const s = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${short}` })
    expect(s.status).toBe(200)
    await s.next(isStatus(id))
    await s.ended
    const alive = await sse(`/api/v1/rooms/${id}/events`, { Authorization: `Bearer ${member}` })
    expect(alive.status).toBe(200)
  }, 15_000)

  it('takes an events ticket once only', async () => {
    const { id } = await room('Ticket once')
    const issued = await api().post('/api/v1/events/tickets').set('Authorization', `Bearer ${member}`)
    const path = `/api/v1/rooms/${id}/events?ticket=${encodeURIComponent(issued.body.ticket)}`
    expect((await sse(path)).status).toBe(200)
    const replayed = await api().get(path)
    expect(replayed.status).toBe(401)
    expect(replayed.body.error.code).toBe('invalid_ticket')
  })
})
