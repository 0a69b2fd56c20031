import { parse } from 'csv-parse/sync'
import { SignJWT } from 'jose'
import request from 'supertest'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AttendanceAnswer, MeetingRunsAnswer } from '../../server/contract/index.js'
import { startTestService, type TestService } from '../helpers/service.js'

const SPACE = 'attendance-space'
const T0 = Date.UTC(2026, 10, 30, 8, 0, 0)
const MIN = 60_000

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** The service's time: the test moves it between the steps of the meeting. */
let now = T0

async function service(options: Parameters<typeof startTestService>[0] = {}): Promise<TestService> {
  const t = await startTestService({ ...options, clock: () => now })
  cleanups.push(() => t.close())
  return t
}

async function attendee(t: TestService, meetingId: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(201)
}

async function leave(t: TestService, meetingId: string, userId: string): Promise<void> {
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees/${userId}`, { method: 'DELETE' })
  expect(res.status).toBe(204)
}

/**
 * Drives one meeting: Zoé (internal) from 0 to 10 min and again from 20 min, Ève (external partner) from 5 min,
 * a room-link guest from 15 to 25 min, ended by the manager at 30 min. Each step waits until the service has
 * recorded it (webhook or poll), so the recorded times are the steps' times.
 */
async function driveMeeting(t: TestService): Promise<{ roomId: string; manager: string; runId: string }> {
  now = T0
  const manager = await t.mintToken({ sub: 'mia', name: 'Mia Manager', spaces: { [SPACE]: 'manager' } })
  // Zoé and Ève are platform users the service has seen (their host tokens say internal / external)
  for (const claims of [
    { sub: 'zoe', name: 'Zoé Lefèvre', spaces: { [SPACE]: 'member' as const } },
    { sub: 'eve', name: 'Ève Externe', external: true, spaces: { [SPACE]: 'member' as const } },
  ]) {
    await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${await t.mintToken(claims)}`).expect(200)
  }
  const created = await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Conseil' })
  expect(created.status).toBe(201)
  const roomId = created.body.room.id as string
  const room = (await t.store.getRoom(roomId))!
  await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
  const run = (await t.service.attendance.listRuns(roomId)).runs[0]!
  const sessions = () => t.service.attendance.listSessions(run.id)
  const step = async (at: number, act: () => Promise<void>, seen: (s: Awaited<ReturnType<typeof sessions>>) => boolean) => {
    now = T0 + at * MIN
    await act()
    await vi.waitFor(async () => expect(seen(await sessions())).toBe(true), { timeout: 10_000, interval: 50 })
  }
  const open = (s: Awaited<ReturnType<typeof sessions>>, userId: string) => s.filter((x) => x.userId === userId && x.leftAt === null).length

  await step(0, () => attendee(t, room.meetingId, { userID: 'zoe', fullName: 'Zoé Lefèvre' }), (s) => open(s, 'zoe') === 1)
  await step(5, () => attendee(t, room.meetingId, { userID: 'eve', fullName: 'Ève Externe', role: 'MODERATOR' }), (s) => open(s, 'eve') === 1)
  await step(10, () => leave(t, room.meetingId, 'zoe'), (s) => open(s, 'zoe') === 0)
  await step(15, () => attendee(t, room.meetingId, { userID: 'guest-v1', fullName: 'Gaëlle (invitée)', guest: true }), (s) => open(s, 'guest-v1') === 1)
  await step(20, () => attendee(t, room.meetingId, { userID: 'zoe', fullName: 'Zoé Lefèvre' }), (s) => open(s, 'zoe') === 1)
  await step(25, () => leave(t, room.meetingId, 'guest-v1'), (s) => open(s, 'guest-v1') === 0)
  now = T0 + 30 * MIN
  await request(t.url).post(`/api/v1/rooms/${roomId}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
  await vi.waitFor(async () => expect((await sessions()).every((s) => s.leftAt !== null)).toBe(true), { timeout: 10_000 })
  return { roomId, manager, runId: run.id }
}

async function expectWhatHappened(t: TestService, roomId: string, manager: string, runId: string): Promise<void> {
  const runs = await request(t.url).get(`/api/v1/rooms/${roomId}/runs`).set('Authorization', `Bearer ${manager}`)
  expect(runs.status).toBe(200)
  expect(runs.body).toEqual({
    runs: [{ id: runId, roomId, startedAt: T0, endedAt: T0 + 30 * MIN, participants: 3 }],
    total: 1,
    limit: 50,
    offset: 0,
  } satisfies MeetingRunsAnswer)

  const res = await request(t.url).get(`/api/v1/runs/${runId}/attendance`).set('Authorization', `Bearer ${manager}`)
  expect(res.status).toBe(200)
  const body = res.body as AttendanceAnswer
  expect(body.room).toEqual({ id: roomId, name: 'Conseil' })
  const at = (m: number) => T0 + m * MIN
  expect(body.attendees.map((a) => ({ ...a }))).toEqual([
    {
      name: 'Zoé Lefèvre', userId: 'zoe', kind: 'internal', role: 'viewer',
      sessions: [{ joinedAt: at(0), leftAt: at(10) }, { joinedAt: at(20), leftAt: at(30) }],
      firstJoinedAt: at(0), lastLeftAt: at(30), presentSeconds: 20 * 60, talkSeconds: null, messages: null, webcamSeconds: null,
    },
    {
      name: 'Ève Externe', userId: 'eve', kind: 'external', role: 'moderator',
      sessions: [{ joinedAt: at(5), leftAt: at(30) }],
      firstJoinedAt: at(5), lastLeftAt: at(30), presentSeconds: 25 * 60, talkSeconds: null, messages: null, webcamSeconds: null,
    },
    {
      name: 'Gaëlle (invitée)', userId: 'guest-v1', kind: 'guest', role: 'viewer',
      sessions: [{ joinedAt: at(15), leftAt: at(25) }],
      firstJoinedAt: at(15), lastLeftAt: at(25), presentSeconds: 10 * 60, talkSeconds: null, messages: null, webcamSeconds: null,
    },
  ])
}

describe('attendance of a meeting in the development BBB', () => {
  it('matches what happened when BBB sends webhooks (the poll too slow to see anything)', async () => {
    const t = await service({ env: { STATUS_INTERVAL_MS: '600000' } })
    expect(t.service.callbacks.webhooksActive()).toBe(true)
    const { roomId, manager, runId } = await driveMeeting(t)
    await expectWhatHappened(t, roomId, manager, runId)
  })

  it("adds BBB's learning-dashboard figures it POSTs, signed as BBB signs them, and refuses unsigned ones", async () => {
    const t = await service({ env: { STATUS_INTERVAL_MS: '600000' } })
    const { roomId, manager, runId } = await driveMeeting(t)
    const room = (await t.store.getRoom(roomId))!
    // every create asks BBB to post its learning dashboard here
    expect(t.service.callbacks.createMeta(room)['analytics-callback-url']).toBe(`${t.service.config.publicUrl}/callbacks/bbb/analytics`)
    const run = await t.service.attendance.getRun(runId)
    const body = JSON.stringify({
      version: '1.0',
      meeting_id: room.meetingId,
      internal_meeting_id: run!.internalMeetingId,
      data: {
        attendees: [
          { ext_user_id: 'zoe', name: 'Zoé Lefèvre', moderator: false, engagement: { chats: 3, talks: 4, talk_time: 95 }, webcams: [{ start_time: T0, stop_time: T0 + 120_000 }] },
          { ext_user_id: 'eve', name: 'Ève Externe', moderator: true, engagement: { chats: 0, talk_time: 0 } },
        ],
      },
    })
    const post = (authorization: string) =>
      request(t.url).post('/callbacks/bbb/analytics').set('Content-Type', 'application/json').set('Authorization', authorization).send(body)
    const sign = (secret: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS512', typ: 'JWT' }).setExpirationTime(Math.floor(now / 1000) + 24 * 3600).sign(new TextEncoder().encode(secret))

    expect((await post(`Bearer ${await sign('not-the-bbb-secret')}`)).status).toBe(401)
    expect((await post('')).status).toBe(401)
    const ok = await post(`Bearer ${await sign(t.service.config.bbb.secret)}`)
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ stored: 2 })

    const res = await request(t.url).get(`/api/v1/runs/${runId}/attendance`).set('Authorization', `Bearer ${manager}`)
    expect(res.body.hasAnalytics).toBe(true)
    expect(res.body.attendees.map((a: { name: string; talkSeconds: number | null; messages: number | null; webcamSeconds: number | null }) => [a.name, a.talkSeconds, a.messages, a.webcamSeconds])).toEqual([
      ['Zoé Lefèvre', 95, 3, 120],
      ['Ève Externe', 0, 0, null],
      ['Gaëlle (invitée)', null, null, null],
    ])
  })

  it('matches what happened without webhooks, from the status poll alone', async () => {
    // BBB lives in another service whose hooks/create fails: this one can only poll
    const bbbHost = await service()
    const fault = await fetch(`${bbbHost.bbbUrl}dev/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'error', calls: ['hooks/create'] }),
    })
    expect(fault.status).toBe(200)
    const t = await service({
      env: { STATUS_INTERVAL_MS: '200', BIGBLUEBUTTON_ENDPOINT: bbbHost.bbbUrl, BIGBLUEBUTTON_SECRET: bbbHost.service.config.bbb.secret },
    })
    expect(t.service.callbacks.webhooksActive()).toBe(false)
    const { roomId, manager, runId } = await driveMeeting(t)
    await expectWhatHappened(t, roomId, manager, runId)

    // The CSV opens in French Excel: BOM, `;`, French headers, accents intact once parsed
    const csv = await request(t.url)
      .get(`/api/v1/runs/${runId}/attendance?format=csv&tz=Europe/Paris`)
      .set('Authorization', `Bearer ${manager}`)
      .set('Accept-Language', 'fr-FR,fr;q=0.9')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="attendance-${roomId}-2026-11-30\\.csv"$`))
    const bytes = csv.body as Buffer
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parse(bytes, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>
    expect(rows.map((r) => r['Nom'])).toEqual(['Zoé Lefèvre', 'Ève Externe', 'Gaëlle (invitée)'])
    expect(rows[0]).toEqual({
      Nom: 'Zoé Lefèvre',
      Identifiant: 'zoe',
      Type: 'Interne',
      Rôle: 'Participant',
      'Première arrivée (Europe/Paris)': '2026-11-30 09:00:00',
      'Dernier départ (Europe/Paris)': '2026-11-30 09:30:00',
      'Temps de présence': '00:20:00',
      Connexions: '2',
      'Temps de parole': '',
      Messages: '',
      'Temps de caméra': '',
    })
    expect(rows.map((r) => r['Type'])).toEqual(['Interne', 'Externe', 'Invité'])

    // in English by default, times in UTC
    const en = await request(t.url).get(`/api/v1/runs/${runId}/attendance?format=csv`).set('Authorization', `Bearer ${manager}`)
    const enRows = parse(en.text, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>
    expect(enRows[1]).toMatchObject({ Name: 'Ève Externe', Type: 'External', Role: 'Moderator', 'First joined (UTC)': '2026-11-30 08:05:00' })
  })

  it('shows attendance to room moderators and space managers only', async () => {
    const t = await service({ env: { STATUS_INTERVAL_MS: '600000' } })
    const manager = await t.mintToken({ sub: 'mia', name: 'Mia', spaces: { [SPACE]: 'manager' } })
    const member = await t.mintToken({ sub: 'mo', name: 'Mo', spaces: { [SPACE]: 'member' } })
    const outsider = await t.mintToken({ sub: 'oz', name: 'Oz', spaces: { other: 'manager' } })
    const roomId = (await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'R' })).body.room.id as string
    const open = (await request(t.url).post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Open', settings: { allJoinAsModerator: true } })).body.room.id as string
    await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
    const runId = (await t.service.attendance.listRuns(roomId)).runs[0]!.id

    const member403 = await request(t.url).get(`/api/v1/rooms/${roomId}/runs`).set('Authorization', `Bearer ${member}`)
    expect(member403.status).toBe(403)
    expect(member403.body.error.code).toBe('not_a_moderator')
    expect((await request(t.url).get(`/api/v1/runs/${runId}/attendance`).set('Authorization', `Bearer ${member}`)).body.error.code).toBe('not_a_moderator')
    expect((await request(t.url).get(`/api/v1/runs/${runId}/attendance`).set('Authorization', `Bearer ${outsider}`)).body.error.code).toBe('not_a_member')
    // where every member moderates, every member sees it
    expect((await request(t.url).get(`/api/v1/rooms/${open}/runs`).set('Authorization', `Bearer ${member}`)).status).toBe(200)
    const missing = await request(t.url).get('/api/v1/runs/no-such-run/attendance').set('Authorization', `Bearer ${manager}`).set('Accept-Language', 'fr')
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({ code: 'run_not_found', message: "Cette réunion n'existe pas (ou plus)." })
    const bad = await request(t.url).get(`/api/v1/runs/${runId}/attendance?format=csv&tz=Mars/Olympus`).set('Authorization', `Bearer ${manager}`)
    expect(bad.status).toBe(400)
  })
})
