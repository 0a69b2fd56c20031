import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WidgetError, createApiClient } from '../../widget/api.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The widget's typed client against the real service and its in-process development BBB (Node's fetch).

let service: TestService

beforeAll(async () => {
  service = await startTestService()
})

afterAll(async () => {
  await service?.close()
})

const client = (getToken: () => string | Promise<string>) => createApiClient({ serviceUrl: `${service.url}/`, getToken, locale: 'fr' })

describe('widget API client', () => {
  it('lists a space’s rooms, starts the meeting as a manager and ends it', async () => {
    const token = await service.mintToken({ sub: 'api-manager', spaces: { 'api-space': 'manager' } })
    const api = client(() => token)
    const [room] = await api.listRooms('api-space')
    expect(room).toMatchObject({ role: 'manager', canStart: true, status: { running: false } })
    const joined = await api.join(room!.id)
    expect(joined.role).toBe('MODERATOR')
    expect(joined.joinUrl).toContain('/bigbluebutton/api/join?')
    // As the browser would: follow the join URL into the development BBB client.
    expect((await fetch(joined.joinUrl)).ok).toBe(true)
    await expect.poll(async () => (await api.getRoom(room!.id)).status.running, { timeout: 10_000 }).toBe(true)
    await api.end(room!.id)
    await expect.poll(async () => (await api.getRoom(room!.id)).status.running, { timeout: 10_000 }).toBe(false)
  })

  it('rejects with the service’s stable code: meeting_not_running for a member, not_a_member for an outsider', async () => {
    const managerToken = await service.mintToken({ sub: 'api-m2', spaces: { 'api-space-2': 'manager' } })
    const [room] = await client(() => managerToken).listRooms('api-space-2')
    const memberToken = await service.mintToken({ sub: 'api-member', spaces: { 'api-space-2': 'member' } })
    const refused = await client(() => memberToken).join(room!.id).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(WidgetError)
    expect(refused).toMatchObject({ code: 'meeting_not_running', status: 409 })

    const outsider = await service.mintToken({ sub: 'api-outsider', spaces: {} })
    const denied = await client(() => outsider).listRooms('api-space-2').catch((e: unknown) => e)
    expect(denied).toMatchObject({ code: 'not_a_member', status: 403 })
  })

  it('asks the host for a fresh token once after invalid_token, then gives up with that code', async () => {
    const good = await service.mintToken({ sub: 'api-renew', spaces: { 'api-space-3': 'member' } })
    const tokens = ['expired-or-garbage', good]
    let asked = 0
    const rooms = await client(() => tokens[asked++]!).listRooms('api-space-3')
    expect(asked).toBe(2)
    expect(rooms).toHaveLength(1)

    let askedBad = 0
    const err = await client(() => {
      askedBad++
      return 'still-garbage'
    })
      .listRooms('api-space-3')
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'invalid_token', status: 401 })
    expect(askedBad).toBe(2)
  })

  it('reports an unreachable service as network, and a failing getToken as invalid_token', async () => {
    const offline = createApiClient({ serviceUrl: 'http://127.0.0.1:9', getToken: () => 'x' })
    await expect(offline.listRooms('s')).rejects.toMatchObject({ code: 'network' })
    const noToken = createApiClient({
      serviceUrl: service.url,
      getToken: () => Promise.reject(new Error('signed out')),
    })
    await expect(noToken.listRooms('s')).rejects.toMatchObject({ code: 'invalid_token' })
  })

  it('schedules, lists, changes and cancels a meeting, keeping the capacity warnings of the answers', async () => {
    const admin = await service.mintToken({ sub: 'api-root', admin: true, spaces: {} })
    const token = await service.mintToken({ sub: 'api-planner', spaces: { 'api-plan': 'manager' } })
    const api = client(() => token)
    const [room] = await api.listRooms('api-plan')
    const adminApi = client(() => admin)
    const limits = await adminApi.getLimits()
    await adminApi.putLimits({ ...limits, licence: { ...limits.licence, maxParticipants: 10 } })
    const start = new Date(Date.now() + 3 * 24 * 3600_000)
    start.setUTCMinutes(0, 0, 0)
    const body = { title: 'Comité d’été', start: start.toISOString(), durationMinutes: 60, timezone: 'Europe/Paris' }
    const quiet = await api.scheduleMeeting(room!.id, { ...body, expectedAttendees: { internal: 2, external: 1 } })
    expect(quiet.warnings).toBeUndefined()
    const later = new Date(start.getTime() + 30 * 60_000).toISOString()
    const busy = await api.scheduleMeeting(room!.id, { ...body, title: 'Plénière', start: later, expectedAttendees: { internal: 5, external: 2 } })
    // 3 + 7 = 10 expected in the first hour, past 90 % of 10: the meeting is booked and the answer says why it warns.
    expect(busy.meeting.title).toBe('Plénière')
    expect(busy.warnings).toEqual([{ code: 'capacity_warning', at: start.toISOString(), expected: 10, limit: 9 }])
    const changed = await api.updateMeeting(busy.meeting.id, { expectedAttendees: { internal: 1, external: 0 } })
    expect(changed.warnings).toBeUndefined()
    expect((await api.listSpaceMeetings('api-plan', Date.now())).map((m) => m.title)).toEqual(['Comité d’été', 'Plénière'])
    await api.cancelMeeting(quiet.meeting.id)
    expect((await api.listSpaceMeetings('api-plan')).map((m) => m.title)).toEqual(['Plénière'])
    // No attendee: nothing to deliver, and the answer says how the service sends mail (dev mailbox here).
    expect(await api.getDeliveries(busy.meeting.id)).toEqual({ mail: { enabled: true, mode: 'dev' }, deliveries: [] })
  })
})
