import { SignJWT } from 'jose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { webhookChecksum } from '../../server/bbb/index.js'
import { startTestService, type TestService } from '../helpers/service.js'

let t: TestService
let manager: string
const SPACE = 'callbacks-space'
/** Added to real time: the service's clock, so "later" needs no sleep. */
let offsetMs = 0

beforeAll(async () => {
  t = await startTestService({ clock: () => Date.now() + offsetMs, env: { STATUS_INTERVAL_MS: '60000' } })
  manager = await t.mintToken({ sub: 'cleo', name: 'Cléo', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)

async function runningRoom(name: string): Promise<{ id: string; meetingId: string }> {
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name })
  expect(res.status).toBe(201)
  const room = (await t.store.getRoom(res.body.room.id as string))!
  await api().post(`/api/v1/rooms/${room.id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
  return { id: room.id, meetingId: room.meetingId }
}

function webhookBody(event: Record<string, unknown>): string {
  return new URLSearchParams([
    ['domain', 'bbb.example.org'],
    ['event', JSON.stringify([{ data: { type: 'event', ...event, event: { ts: Date.now() } } }])],
    ['timestamp', String(Date.now())],
  ]).toString()
}

function userJoined(meetingId: string, name: string): string {
  return webhookBody({
    id: 'user-joined',
    attributes: {
      meeting: { 'external-meeting-id': meetingId, 'internal-meeting-id': `x-${Date.now()}` },
      user: { 'internal-user-id': `w_${name}`, 'external-user-id': name, name, role: 'VIEWER', guest: false },
    },
  })
}

/** The end callback URL BBB holds for the meeting's current run (as the create sent it). */
async function endCallbackPath(meetingId: string): Promise<string> {
  const info = await t.service.bbb.getMeetingInfo({ meetingID: meetingId })
  const url = info.metadata['endcallbackurl']
  expect(url).toMatch(/\/callbacks\/bbb\/end\//)
  return new URL(url!).pathname
}

describe('BBB webhook receiver', () => {
  it('rejects a forged webhook with 401 invalid_callback and changes nothing', async () => {
    const { meetingId } = await runningRoom('Forged webhook')
    const body = userJoined(meetingId, 'mallory')
    const forged = webhookChecksum({ callbackUrl: t.service.callbacks.webhookUrl, rawBody: body, secret: 'not-the-secret' })
    const res = await api()
      .post(`/callbacks/bbb/webhook?checksum=${forged}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(body)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('invalid_callback')
    const missing = await api().post('/callbacks/bbb/webhook').set('Content-Type', 'application/x-www-form-urlencoded').send(body)
    expect(missing.status).toBe(401)
    expect(t.service.live.source.peek(meetingId).participants).toBe(0)
  })

  it('applies a webhook signed over the raw body with the BBB secret', async () => {
    const { meetingId } = await runningRoom('Signed webhook')
    const body = userJoined(meetingId, 'walter')
    const sum = webhookChecksum({ callbackUrl: t.service.callbacks.webhookUrl, rawBody: body, secret: t.service.config.bbb.secret })
    const res = await api()
      .post(`/callbacks/bbb/webhook?checksum=${sum}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(body)
    expect(res.status).toBe(200)
    expect(t.service.live.source.peek(meetingId)).toMatchObject({ participants: 1, attendees: [{ name: 'walter' }] })
  })

  it('does not show a running meeting as ended for a replayed, signed meeting-ended of an older run', async () => {
    const { meetingId } = await runningRoom('Replayed end')
    const run = (await t.store.getOpenRun(meetingId))!
    expect(t.service.live.source.peek(meetingId).exists).toBe(true)
    const oldCreateTime = (run.createTime ?? Date.now()) - 3_600_000
    const body = webhookBody({
      id: 'meeting-ended',
      attributes: { meeting: { 'external-meeting-id': meetingId, 'internal-meeting-id': `${'a'.repeat(40)}-${oldCreateTime}` } },
    })
    const sum = webhookChecksum({ callbackUrl: t.service.callbacks.webhookUrl, rawBody: body, secret: t.service.config.bbb.secret })
    const res = await api().post(`/callbacks/bbb/webhook?checksum=${sum}`).set('Content-Type', 'application/x-www-form-urlencoded').send(body)
    expect(res.status).toBe(200)
    expect(await t.store.getOpenRun(meetingId)).toBeDefined()
    expect(t.service.live.source.peek(meetingId).exists).toBe(true)
  })
})

describe('end callback', () => {
  it('rejects a forged token with 401 invalid_callback; the run stays open', async () => {
    const { meetingId } = await runningRoom('Forged end')
    const real = await endCallbackPath(meetingId)
    const forged = real.replace(/.{4}$/, 'AAAA')
    const res = await api().get(`${forged}?recordingmarks=false`)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('invalid_callback')
    const other = await api().get(`/callbacks/bbb/end/${meetingId}.abc.${'A'.repeat(43)}`)
    expect(other.status).toBe(401)
    expect(await t.store.getOpenRun(meetingId)).toBeDefined()
  })

  it('does not trust the URL alone while BBB cannot confirm (503, run kept open), and never logs its token', async () => {
    const { meetingId } = await runningRoom('Unconfirmed end')
    const path = await endCallbackPath(meetingId)
    await fetch(`${t.bbbUrl}dev/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'error', calls: ['getMeetingInfo'] }),
    })
    try {
      const res = await api().get(`${path}?recordingmarks=false`)
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('bbb_unavailable')
      expect(await t.store.getOpenRun(meetingId)).toBeDefined()
    } finally {
      await fetch(`${t.bbbUrl}dev/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mode":"none"}' })
    }
    const token = path.split('/').pop()!
    expect(t.logLines.filter((line) => line.includes(token))).toEqual([])
    expect(t.logLines.some((line) => line.includes('/callbacks/bbb/end/[redacted]'))).toBe(true)
  })

  it('never logs an end-callback token, whatever the answer and the case of the path', async () => {
    const { meetingId } = await runningRoom('Logged end')
    const path = await endCallbackPath(meetingId)
    const token = path.split('/').pop()!
    const early = await api().get(`${path}?recordingmarks=false`)
    expect(early.status).toBe(200)
    await api().get(path.replace('/callbacks/bbb/end/', '/Callbacks/BBB/End/'))
    await api().post(path.replace('/callbacks/', '/CALLBACKS/')).send('x')
    expect(t.logLines.filter((line) => line.includes(token))).toEqual([])
    expect(t.logLines.filter((line) => line.includes(token.slice(-20)))).toEqual([])
  })

  it('ignores the genuine URL while BBB still runs the meeting (replayed early)', async () => {
    const { meetingId } = await runningRoom('Early end')
    const res = await api().get(`${await endCallbackPath(meetingId)}?recordingmarks=false`)
    expect(res.status).toBe(200)
    expect(res.body.applied).toBe(false)
    expect(await t.store.getOpenRun(meetingId)).toBeDefined()
  })

  it('marks the run ended, audits it and releases its seats; a replay (also in a later run) changes nothing', async () => {
    // Without webhooks, so that only the end callback can close the run.
    for (const hook of (await t.service.bbb.hooksList()).hooks) await t.service.bbb.hooksDestroy({ hookID: hook.hookID })
    const { id, meetingId } = await runningRoom('Ends by callback')
    const seats = async () =>
      (await t.store.usage(Date.now())).spaces.flatMap((s) => s.rooms).find((r) => r.meetingId === meetingId)?.participants.total ?? 0
    expect(await seats()).toBe(1)
    const path = await endCallbackPath(meetingId)
    // BBB ends the meeting on its own (not through our end endpoint) and calls the end callback URL
    await t.service.bbb.end({ meetingID: meetingId })
    for (let i = 0; i < 60 && (await t.store.getOpenRun(meetingId)); i++) await new Promise((r) => setTimeout(r, 50))
    expect(await t.store.getOpenRun(meetingId)).toBeUndefined()
    expect(await seats()).toBe(0)
    const audit = await t.store.listAudit({ roomId: id, action: 'meeting.ended' })
    expect(audit.entries).toHaveLength(1)
    expect(audit.entries[0]!.details).toMatchObject({ by: 'end-callback', recordingMarks: false })

    const replay = await api().get(`${path}?recordingmarks=false`)
    expect(replay.status).toBe(200)
    expect(replay.body.applied).toBe(false)

    // the next run of the same room, started later: the old URL must not end it
    offsetMs += 1000
    await api().post(`/api/v1/rooms/${id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    const newRun = await t.store.getOpenRun(meetingId)
    expect(newRun).toBeDefined()
    const late = await api().get(`${path}?recordingmarks=false`)
    expect(late.status).toBe(200)
    expect(late.body.applied).toBe(false)
    expect(await t.store.getOpenRun(meetingId)).toMatchObject({ startedAt: newRun!.startedAt, endedAt: null })
    expect((await t.store.listAudit({ roomId: id, action: 'meeting.ended' })).entries).toHaveLength(1)
  })
})

describe('recording-ready callback', () => {
  async function post(signed: string) {
    return api()
      .post('/callbacks/bbb/recording-ready')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(new URLSearchParams([['signed_parameters', signed]]).toString())
  }

  it('rejects a JWT signed with another secret (401 invalid_callback); nothing recorded', async () => {
    const { meetingId } = await runningRoom('Forged recording')
    const forged = await new SignJWT({ meeting_id: meetingId, record_id: 'rec-forged' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('someone-elses-secret'))
    const res = await post(forged)
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('invalid_callback')
    expect(await t.store.listRecordingRecords(meetingId)).toEqual([])
  })

  it('records a recording signed with the BBB secret (HS256, and HS512 as Scalelite signs)', async () => {
    const { id, meetingId } = await runningRoom('Recorded')
    const key = new TextEncoder().encode(t.service.config.bbb.secret)
    const hs256 = await new SignJWT({ meeting_id: meetingId, record_id: 'rec-256' }).setProtectedHeader({ alg: 'HS256' }).sign(key)
    const hs512 = await new SignJWT({ meeting_id: meetingId, record_id: 'rec-512' }).setProtectedHeader({ alg: 'HS512' }).sign(key)
    expect((await post(hs256)).status).toBe(200)
    expect((await post(hs512)).status).toBe(200)
    const records = await t.store.listRecordingRecords(meetingId)
    expect(records.map((r) => r.recordId).sort()).toEqual(['rec-256', 'rec-512'])
    expect(records[0]!.roomId).toBe(id)
  })

  it('answers 404 room_not_found for a meeting that is not ours', async () => {
    const key = new TextEncoder().encode(t.service.config.bbb.secret)
    const jwt = await new SignJWT({ meeting_id: 'not-ours', record_id: 'r1' }).setProtectedHeader({ alg: 'HS256' }).sign(key)
    const res = await post(jwt)
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('room_not_found')
  })
})
