import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { limitsKit, xmlField } from '../limits/fixtures.js'

const SPACE = 'limits-space'
let t: TestService
let kit: ReturnType<typeof limitsKit>
/** Added to real time: the service's clock, so reservation expiry needs no 90 s sleep. */
let offset = 0

beforeEach(async () => {
  offset = 0
  t = await startTestService({ clock: () => Date.now() + offset })
  kit = limitsKit(t, SPACE)
})

afterEach(async () => {
  await t?.close()
})

/** The manager starts the room's meeting and enters BBB. */
async function startWithModerator(roomId: string): Promise<void> {
  const res = await kit.join(roomId, await kit.manager())
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  await kit.enter(res.body.joinUrl)
}

async function auditOf(action: string) {
  return (await kit.api().get(`/api/v1/admin/audit?action=${action}`).set('Authorization', `Bearer ${await kit.admin()}`)).body
}

describe('refusals at join', () => {
  it('refuses a full room with 409 room_full, in English and French, and leaves no seat', async () => {
    const room = await kit.newRoom({ maxParticipants: 2 })
    await startWithModerator(room)
    expect((await kit.join(room, await kit.token('ann'))).status).toBe(200)
    const en = await kit.join(room, await kit.token('ben'))
    expect(en.status).toBe(409)
    expect(en.body.error).toMatchObject({ code: 'room_full', details: { cap: 2, used: 2, retryLater: true } })
    expect(en.body.error.message).toMatch(/full.*2 participants.*Try again later/)
    const fr = await kit.join(room, await kit.token('chloe', { locale: 'fr' }))
    expect(fr.status).toBe(409)
    expect(fr.body.error.message).toMatch(/complète.*2 participants.*Réessayez plus tard/)
    const byHeader = await kit.join(room, await kit.token('dan')).set('Accept-Language', 'fr-FR,fr;q=0.9')
    expect(byHeader.body.error.message).toMatch(/^Cette réunion est complète/)
    const usage = await kit.usage()
    expect(usage.participants.total).toBe(2)
    expect(usage.spaces[0]!.rooms[0]).toMatchObject({ roomId: room, participants: { total: 2 }, maxParticipants: 2 })
    const refused = await auditOf('join.refused')
    expect(refused.total).toBe(3)
    expect(refused.entries[0]).toMatchObject({ action: 'join.refused', roomId: room, details: { code: 'room_full', cap: 2 } })
  })

  it('refuses past the licence total with licence_full', async () => {
    await kit.putLimits({ licence: { maxParticipants: 2 } })
    const room = await kit.newRoom()
    await startWithModerator(room)
    expect((await kit.join(room, await kit.token('ann'))).status).toBe(200)
    const refused = await kit.join(room, await kit.token('ben', { locale: 'fr' }))
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('licence_full')
    expect(refused.body.error.message).toBe(
      'Le service de visioconférence a atteint sa limite de 2 participants simultanés. Réessayez plus tard.',
    )
    expect((await kit.usage()).licence.participants).toEqual({ used: 2, cap: 2 })
  })

  it('caps internal and external users separately (licence_full_internal, licence_full_external)', async () => {
    await kit.putLimits({ licence: { maxParticipants: 10, maxInternal: 2, maxExternal: 1 } })
    const room = await kit.newRoom()
    await startWithModerator(room)
    expect((await kit.join(room, await kit.token('ann'))).status).toBe(200)
    const internal = await kit.join(room, await kit.token('ben'))
    expect(internal.status).toBe(409)
    expect(internal.body.error.code).toBe('licence_full_internal')
    expect(internal.body.error.message).toMatch(/2 simultaneous internal participants\. Try again later/)
    expect((await kit.join(room, await kit.token('xena', { external: true }))).status).toBe(200)
    const external = await kit.join(room, await kit.token('yves', { external: true, locale: 'fr' }))
    expect(external.status).toBe(409)
    expect(external.body.error.code).toBe('licence_full_external')
    expect(external.body.error.message).toMatch(/1 participants externes simultanés\. Réessayez plus tard/)
    const usage = await kit.usage()
    expect(usage.participants).toEqual({ total: 3, internal: 2, external: 1 })
  })

  it('gives the same user joining twice one seat', async () => {
    await kit.putLimits({ licence: { maxParticipants: 2 } })
    const room = await kit.newRoom()
    await startWithModerator(room)
    const ann = await kit.token('ann')
    const [a, b] = await Promise.all([kit.join(room, ann), kit.join(room, ann)])
    expect([a.status, b.status]).toEqual([200, 200])
    expect((await kit.join(room, ann)).status).toBe(200)
    expect((await kit.usage()).participants.total).toBe(2)
    expect((await kit.join(room, await kit.token('ben'))).body.error.code).toBe('licence_full')
  })

  it('exempts moderators from the room cap when countModerators is false, and sends BBB no cap it would misapply', async () => {
    await kit.putSpaceLimits(SPACE, { limits: { countModerators: false } })
    const room = await kit.newRoom({ maxParticipants: 1 })
    await startWithModerator(room)
    expect((await kit.join(room, await kit.token('ann'))).status).toBe(200)
    expect((await kit.join(room, await kit.token('ben'))).body.error.code).toBe('room_full')
    expect(xmlField(await kit.meetingInfo(await kit.meetingIdOf(room)), 'maxUsers')).toBe('0')
  })

  it('applies limits changed through the API to the next join, without restart', async () => {
    const room = await kit.newRoom()
    await startWithModerator(room)
    expect((await kit.join(room, await kit.token('ann'))).status).toBe(200)
    await kit.putLimits({ licence: { maxParticipants: 2 } })
    expect((await kit.join(room, await kit.token('ben'))).body.error.code).toBe('licence_full')
    await kit.putLimits({ licence: { maxParticipants: 3 } })
    expect((await kit.join(room, await kit.token('ben'))).status).toBe(200)
    await kit.putLimits({ licence: { maxParticipants: null } })
    await kit.putSpaceLimits(SPACE, { limits: { maxParticipantsPerMeeting: 3 } })
    expect((await kit.join(room, await kit.token('carl'))).body.error.code).toBe('room_full')
    await kit.putSpaceLimits(SPACE, { limits: { maxParticipantsPerMeeting: 4 } })
    expect((await kit.join(room, await kit.token('carl'))).status).toBe(200)
  })
})

describe('seat reservations and reconciliation', () => {
  it('lets a reservation lapse after about 90 s when its user never shows up in BBB', async () => {
    await kit.putLimits({ licence: { maxParticipants: 2 } })
    const room = await kit.newRoom()
    await startWithModerator(room)
    expect((await kit.join(room, await kit.token('ghost'))).status).toBe(200)
    expect((await kit.join(room, await kit.token('ben'))).body.error.code).toBe('licence_full')
    offset = 60_000
    expect((await kit.join(room, await kit.token('ben'))).body.error.code).toBe('licence_full')
    // the moderator is in BBB: reconciliation confirms the seat, which then never lapses
    expect((await kit.usage()).participants.total).toBe(2)
    offset = 95_000
    const late = await kit.join(room, await kit.token('ben'))
    expect(late.status, JSON.stringify(late.body)).toBe(200)
    expect((await kit.join(room, await kit.token('carl'))).body.error.code).toBe('licence_full')
  })

  it('frees the seat of an attendee BBB dropped, once reconciled', async () => {
    await kit.putLimits({ licence: { maxParticipants: 2 } })
    const room = await kit.newRoom()
    await startWithModerator(room)
    const ann = await kit.join(room, await kit.token('ann'))
    await kit.enter(ann.body.joinUrl)
    expect((await kit.usage()).participants.total).toBe(2)
    // long after the reservation window, ann is still counted: she is in BBB
    offset = 120_000
    expect((await kit.join(room, await kit.token('ben'))).body.error.code).toBe('licence_full')
    const meetingId = await kit.meetingIdOf(room)
    const dropped = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees/ann`, { method: 'DELETE' })
    expect(dropped.status).toBe(204)
    t.service.status.invalidate()
    expect((await kit.usage()).participants.total).toBe(1)
    expect((await kit.join(room, await kit.token('ben'))).status).toBe(200)
  })
})

describe('usage while BBB is down', () => {
  it('still answers from the ledger, saying it could not reconcile', async () => {
    const room = await kit.newRoom()
    await startWithModerator(room)
    const fault = await fetch(`${t.bbbUrl}dev/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: 'down', calls: ['getMeetings'] }),
    })
    expect(fault.status).toBe(200)
    t.service.status.invalidate()
    const usage = await kit.usage()
    expect(usage).toMatchObject({ reconciled: false, reason: 'bbb_unavailable', runningMeetings: 1, participants: { total: 1 } })
  })
})

describe('enforcement at create', () => {
  it('sends the effective maxParticipants, duration and record to BBB', async () => {
    await kit.putLimits({ defaults: { maxParticipantsPerMeeting: 30, maxDurationMinutes: 120 }, policies: { record: 'optional' } })
    await kit.putSpaceLimits(SPACE, { limits: { maxDurationMinutes: 90 } })
    const room = await kit.newRoom({ maxParticipants: 12, record: true })
    await startWithModerator(room)
    const info = await kit.meetingInfo(await kit.meetingIdOf(room))
    expect(xmlField(info, 'maxUsers')).toBe('12')
    expect(xmlField(info, 'duration')).toBe('90')
    expect(xmlField(info, 'recording')).toBe('true')
  })

  it('never records where the policy disables recording, even in a room set to record', async () => {
    const room = await kit.newRoom({ record: true })
    await kit.putSpaceLimits(SPACE, { policies: { record: 'disabled' } })
    await startWithModerator(room)
    const info = await kit.meetingInfo(await kit.meetingIdOf(room))
    expect(xmlField(info, 'recording')).toBe('false')
    expect((await kit.api().get(`/api/v1/me/limits?spaceId=${SPACE}`).set('Authorization', `Bearer ${await kit.manager()}`)).body.can.canRecord).toBe(false)
  })

  it('refuses a new meeting past the space cap with space_meeting_limit, and past the licence with licence_meeting_limit', async () => {
    await kit.putSpaceLimits(SPACE, { limits: { maxConcurrentMeetings: 1 } })
    const first = await kit.newRoom({}, 'First')
    const second = await kit.newRoom({}, 'Second')
    await startWithModerator(first)
    const refused = await kit.join(second, await kit.token('manager-fr', { role: 'manager', locale: 'fr' }))
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('space_meeting_limit')
    expect(refused.body.error.message).toMatch(/1 réunion\(s\) en cours.*Réessayez/)
    const audit = await auditOf('join.refused')
    expect(audit.entries[0].details).toMatchObject({ code: 'space_meeting_limit', cap: 1 })
    // the refusal left no meeting behind
    expect((await kit.usage()).runningMeetings).toBe(1)

    await kit.putSpaceLimits(SPACE, {})
    await kit.putLimits({ licence: { maxMeetings: 1 } })
    const licence = await kit.join(second, await kit.manager())
    expect(licence.status).toBe(409)
    expect(licence.body.error.code).toBe('licence_meeting_limit')
    expect(licence.body.error.message).toMatch(/already runs 1 meetings.*Try again later/)
    await kit.putLimits({ licence: { maxMeetings: 2 } })
    expect((await kit.join(second, await kit.manager())).status).toBe(200)
  })

  it('lets members start only where anyoneCanStart allows, and forces it when the policy says so', async () => {
    const room = await kit.newRoom()
    const member = await kit.token('ann')
    expect((await kit.join(room, member)).body.error.code).toBe('meeting_not_running')
    await kit.putSpaceLimits(SPACE, { policies: { anyoneCanStart: 'forced' } })
    const started = await kit.join(room, member)
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    expect(started.body.role).toBe('VIEWER')
  })

  it('puts guests in a waiting room where the policy forces it, and not where it is disabled', async () => {
    const lobby = await kit.newRoom({ waitingRoom: false }, 'Lobby')
    await kit.putSpaceLimits(SPACE, { policies: { waitingRoom: 'forced' } })
    await startWithModerator(lobby)
    expect(xmlField(await kit.guestJoin(await kit.meetingIdOf(lobby)), 'guestStatus')).toBe('WAIT')
    const open = await kit.newRoom({}, 'Open')
    await kit.putSpaceLimits(SPACE, { policies: { waitingRoom: 'disabled' } })
    await t.store.updateRoom(open, { settings: { waitingRoom: true } }, Date.now())
    await startWithModerator(open)
    expect(xmlField(await kit.guestJoin(await kit.meetingIdOf(open)), 'guestStatus')).toBe('ALLOW')
  })

  it('refuses room settings that a policy disables or forces (policy_forbidden)', async () => {
    await kit.putSpaceLimits(SPACE, { policies: { guestsAllowed: 'disabled', accessCode: 'forced' } })
    const res = await kit.api()
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${await kit.manager()}`)
      .send({ name: 'x', settings: { guestsAllowed: true, accessCode: 'ABCD1234' } })
    expect(res.status).toBe(403)
    expect(res.body.error).toMatchObject({ code: 'policy_forbidden', details: { field: 'settings.guestsAllowed' } })
    const noCode = await kit.api()
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${await kit.manager()}`)
      .send({ name: 'x', settings: { accessCode: null } })
    expect(noCode.body.error).toMatchObject({ code: 'policy_forbidden', details: { field: 'settings.accessCode' } })
    // left out, the forced code is generated (tests/http/access-codes.test.ts)
    const generated = await kit.api()
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${await kit.manager()}`)
      .send({ name: 'x', settings: {} })
    expect(generated.status).toBe(201)
    expect(generated.body.room.settings.accessCode).toMatch(/^[0-9]{8}$/)
  })
})
