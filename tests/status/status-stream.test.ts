import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStatusStream, type StatusStream, type StatusStreamEvent } from '../../widget/status-stream.js'
import { startTestService, type TestService } from '../helpers/service.js'

let t: TestService
let manager: string
let member: string
const SPACE = 'widget-stream'
const opened: StatusStream[] = []

beforeAll(async () => {
  t = await startTestService({ env: { STATUS_INTERVAL_MS: '60000' } })
  manager = await t.mintToken({ sub: 'una', name: 'Una', spaces: { [SPACE]: 'manager' } })
  member = await t.mintToken({ sub: 'vic', name: 'Vic', spaces: { [SPACE]: 'member' } })
})

afterAll(async () => {
  for (const s of opened) s.close()
  await t?.close()
})

async function runningRoom(name: string): Promise<{ id: string; meetingId: string }> {
  const res = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name })
  const room = (await t.store.getRoom(res.body.room.id as string))!
  await request(t.url).post(`/api/v1/rooms/${room.id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
  return { id: room.id, meetingId: room.meetingId }
}

async function addAttendee(meetingId: string, fullName: string) {
  await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fullName }),
  })
}

function waitFor(events: StatusStreamEvent[], match: (e: StatusStreamEvent) => boolean, ms = 2000): Promise<StatusStreamEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const check = () => {
      const found = events.find(match)
      if (found) resolve(found)
      else if (Date.now() - started > ms) reject(new Error(`not received: ${JSON.stringify(events)}`))
      else setTimeout(check, 20)
    }
    check()
  })
}

const participants = (n: number) => (e: StatusStreamEvent) => e.type === 'status' && e.data.participants === n

describe('widget status stream', () => {
  it('reads events with the token in the Authorization header and resumes with Last-Event-ID after a drop', async () => {
    const { id, meetingId } = await runningRoom('Widget room')
    const events: StatusStreamEvent[] = []
    const tokens: string[] = []
    const stream = openStatusStream({
      url: `${t.url}/api/v1/rooms/${id}/events`,
      getToken: () => {
        tokens.push(member)
        return member
      },
      onEvent: (e) => events.push(e),
      retryDelaysMs: [400, 400, 400],
    })
    opened.push(stream)
    await waitFor(events, participants(0))
    expect(stream.mode).toBe('stream')
    await addAttendee(meetingId, 'First')
    await waitFor(events, participants(1))
    const seen = events.length

    // the connection drops (proxy restart); a change happens meanwhile
    t.service.server.closeAllConnections()
    await new Promise((r) => setTimeout(r, 50))
    await addAttendee(meetingId, 'Second')
    await new Promise((r) => setTimeout(r, 100))
    expect(tokens).toHaveLength(1)
    await waitFor(events, participants(2))
    expect(tokens.length).toBeGreaterThanOrEqual(2)
    // resumed from its last id: the missed change only, not the initial status again
    expect(events.slice(seen).filter(participants(0))).toEqual([])
    expect(events.slice(seen).filter((e) => e.type === 'status')).toHaveLength(1)
  })

  it('falls back to polling when the stream is refused, and says so', async () => {
    const { id } = await runningRoom('No stream for you')
    const outsider = await t.mintToken({ sub: 'x', name: 'X', spaces: { other: 'member' } })
    let polls = 0
    const modes: string[] = []
    const stream = openStatusStream({
      url: `${t.url}/api/v1/rooms/${id}/events`,
      getToken: () => outsider,
      onEvent: () => undefined,
      onModeChange: (m) => modes.push(m),
      poll: () => {
        polls++
      },
      pollIntervalMs: 50,
    })
    opened.push(stream)
    for (let i = 0; i < 200 && polls < 3; i++) await new Promise((r) => setTimeout(r, 20))
    expect(stream.mode).toBe('polling')
    expect(modes).toEqual(['polling'])
    expect(polls).toBeGreaterThanOrEqual(3)
    stream.close()
    const after = polls
    await new Promise((r) => setTimeout(r, 150))
    expect(polls).toBe(after)
  })
})
