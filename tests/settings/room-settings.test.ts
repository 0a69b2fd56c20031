import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// Each room setting reaches BBB's create under its BBB parameter name (read back from the development BBB's
// record of the create), and a space policy that forces or disables it wins over the room's own value.

let t: TestService
let admin: string
let manager: string

interface Case {
  key: string
  /** The room's value, and what create must carry for it. */
  value: unknown
  sent: string
  /** A space policy, and what create must carry under it (undefined: not sent, BBB's default applies). */
  policy: unknown
  underPolicy: string | undefined
}

const CASES: Case[] = [
  { key: 'muteOnStart', value: true, sent: 'true', policy: { policy: 'forced', value: false }, underPolicy: 'false' },
  { key: 'allowModsToUnmuteUsers', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'webcamsOnlyForModerator', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'userCameraCap', value: 1, sent: '1', policy: { policy: 'forced', value: 2 }, underPolicy: '2' },
  { key: 'lockSettingsDisableCam', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'lockSettingsDisableMic', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'lockSettingsDisablePrivateChat', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'lockSettingsDisablePublicChat', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'lockSettingsDisableNotes', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'lockSettingsHideUserList', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'lockSettingsLockOnJoin', value: false, sent: 'false', policy: 'forced', underPolicy: 'true' },
  { key: 'disabledFeatures', value: ['polls', 'chat'], sent: 'polls,chat', policy: { policy: 'forced', value: ['screenshare'] }, underPolicy: 'screenshare' },
  { key: 'meetingLayout', value: 'VIDEO_FOCUS', sent: 'VIDEO_FOCUS', policy: { policy: 'forced', value: 'PRESENTATION_FOCUS' }, underPolicy: 'PRESENTATION_FOCUS' },
  { key: 'welcome', value: 'Hello team', sent: 'Hello team', policy: 'disabled', underPolicy: undefined },
  { key: 'moderatorOnlyMessage', value: 'Mods only', sent: 'Mods only', policy: { policy: 'forced', value: 'Read the charter' }, underPolicy: 'Read the charter' },
  { key: 'endWhenNoModerator', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'endWhenNoModeratorDelayInMinutes', value: 10, sent: '10', policy: { policy: 'forced', value: 3 }, underPolicy: '3' },
  { key: 'meetingExpireIfNoUserJoinedInMinutes', value: 15, sent: '15', policy: { policy: 'forced', value: 7 }, underPolicy: '7' },
  { key: 'guestPolicy', value: 'ALWAYS_DENY', sent: 'ALWAYS_DENY', policy: { policy: 'forced', value: 'ASK_MODERATOR' }, underPolicy: 'ASK_MODERATOR' },
  { key: 'allowPromoteGuestToModerator', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'record', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'autoStartRecording', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
  { key: 'allowStartStopRecording', value: false, sent: 'false', policy: 'forced', underPolicy: 'true' },
  { key: 'notifyRecordingIsOn', value: true, sent: 'true', policy: 'disabled', underPolicy: 'false' },
]

const spaceOf = (key: string) => `s-${key.toLowerCase()}`

beforeAll(async () => {
  t = await startTestService()
  admin = await t.mintToken({ sub: 'root', name: 'Root', admin: true, spaces: {} })
  const spaces = Object.fromEntries([...CASES.map((c) => spaceOf(c.key)), 'team', 'brand'].map((s) => [s, 'manager' as const]))
  manager = await t.mintToken({ sub: 'alice', name: 'Alice', spaces })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)

async function newRoom(spaceId: string, body: Record<string, unknown>): Promise<string> {
  const res = await api().post(`/api/v1/spaces/${spaceId}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name: 'Settings room', ...body })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.room.id as string
}

/** Starts the room as its manager and answers the parameters BBB's create received. */
async function startAndReadCreate(roomId: string, bearer = manager): Promise<Record<string, string>> {
  const join = await api().post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${bearer}`)
  expect(join.status, JSON.stringify(join.body)).toBe(200)
  const room = await t.store.getRoom(roomId)
  const res = await fetch(`${t.bbbUrl}dev/meetings/${room!.meetingId}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { createParams: Record<string, string> }).createParams
}

async function putSpacePolicies(spaceId: string, policies: Record<string, unknown>) {
  const res = await api().put(`/api/v1/admin/spaces/${spaceId}/limits`).set('Authorization', `Bearer ${admin}`).send({ policies })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

describe('each room setting reaches BBB create under its BBB name', () => {
  it.each(CASES)('$key: the room value is sent as is, and a $policy policy wins over it', async (c) => {
    const space = spaceOf(c.key)
    const own = await startAndReadCreate(await newRoom(space, { settings: { [c.key]: c.value } }))
    expect(own[c.key]).toBe(c.sent)

    // Set after the room chose its value: the policy still decides what BBB gets.
    const second = await newRoom(space, { name: 'Second', settings: { [c.key]: c.value } })
    await putSpacePolicies(space, { [c.key]: c.policy })
    const forced = await startAndReadCreate(second)
    expect(forced[c.key]).toBe(c.underPolicy)
  })
})

describe('names and values BBB refuses are refused here', () => {
  it.each([
    [{ lockSettingsDisableCamera: true }, 'settings.lockSettingsDisableCamera'],
    [{ disabledFeatures: ['teleport'] }, 'settings.disabledFeatures'],
    [{ disabledFeatures: ['polls', 'polls'] }, 'settings.disabledFeatures'],
    [{ meetingLayout: 'GRID' }, 'settings.meetingLayout'],
    [{ guestPolicy: 'SOMETIMES' }, 'settings.guestPolicy'],
    [{ userCameraCap: 99 }, 'settings.userCameraCap'],
    [{ muteOnStart: 'yes' }, 'settings.muteOnStart'],
  ])('%j → 400 invalid_setting naming %s, room unchanged', async (settings, field) => {
    const id = await newRoom('team', {})
    const res = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ settings })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 'invalid_setting', details: { field } })
    const after = await api().get(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`)
    expect(after.body.room.settings).not.toHaveProperty(field.split('.')[1]!, (settings as Record<string, unknown>)[field.split('.')[1]!])
  })

  it('names the values disabledFeatures accepts', async () => {
    const id = await newRoom('team', {})
    const res = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ settings: { disabledFeatures: ['teleport'] } })
    expect(res.body.error.details.allowed).toEqual(expect.arrayContaining(['breakoutRooms', 'chat', 'privateChat', 'polls', 'screenshare', 'sharedNotes', 'externalVideos', 'learningDashboard', 'virtualBackgrounds']))
  })

  it('refuses a policy value BBB would refuse with 400 invalid_limits naming it', async () => {
    const res = await api()
      .put('/api/v1/admin/spaces/team/limits')
      .set('Authorization', `Bearer ${admin}`)
      .send({ policies: { meetingLayout: { policy: 'forced', value: 'GRID' } } })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 'invalid_limits' })
    expect(res.body.error.details.field).toMatch(/^policies\.meetingLayout/)
  })

  it('refuses a room value against a forced or disabled policy with 403 policy_forbidden', async () => {
    await putSpacePolicies('team', { lockSettingsDisableCam: 'forced', disabledFeatures: 'disabled' })
    const id = await newRoom('team', {})
    const off = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ settings: { lockSettingsDisableCam: false } })
    expect(off.status).toBe(403)
    expect(off.body.error).toMatchObject({ code: 'policy_forbidden', details: { setting: 'lockSettingsDisableCam', policy: 'forced' } })
    const features = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ settings: { disabledFeatures: ['polls'] } })
    expect(features.body.error).toMatchObject({ code: 'policy_forbidden', details: { setting: 'disabledFeatures', policy: 'disabled' } })
    // the same value as forced is fine
    const same = await api().patch(`/api/v1/rooms/${id}`).set('Authorization', `Bearer ${manager}`).send({ settings: { lockSettingsDisableCam: true } })
    expect(same.status).toBe(200)
    await putSpacePolicies('team', {})
  })

  it('tells members each setting, its policy and whether they may change it', async () => {
    await putSpacePolicies('team', { meetingLayout: { policy: 'forced', value: 'VIDEO_FOCUS' }, muteOnStart: 'default_on' })
    const res = await api().get('/api/v1/me/limits?spaceId=team').set('Authorization', `Bearer ${manager}`)
    expect(res.status).toBe(200)
    expect(res.body.roomSettings.meetingLayout).toMatchObject({ type: 'enum', policy: 'forced', editable: false, default: 'VIDEO_FOCUS' })
    expect(res.body.roomSettings.muteOnStart).toMatchObject({ type: 'boolean', policy: 'default_on', editable: true, default: true })
    expect(res.body.roomSettings.disabledFeatures).toMatchObject({ type: 'list', group: 'features', policy: 'optional', allowed: true })
    // a new room starts muted, as the policy's default says
    const id = await newRoom('team', {})
    expect((await startAndReadCreate(id)).muteOnStart).toBe('true')
    await putSpacePolicies('team', {})
  })
})

describe('branding', () => {
  it('sends the space branding with create, set by a manager or an admin', async () => {
    const bad = await api().put('/api/v1/spaces/brand/branding').set('Authorization', `Bearer ${manager}`).send({ bannerColor: 'red' })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'invalid_setting', details: { field: 'bannerColor' } })
    const put = await api()
      .put('/api/v1/spaces/brand/branding')
      .set('Authorization', `Bearer ${manager}`)
      .send({ logo: 'https://cdn.example.com/logo.png', bannerText: 'Exam week', bannerColor: '#0055AA' })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    const read = await api().get('/api/v1/admin/spaces/brand/branding').set('Authorization', `Bearer ${admin}`)
    expect(read.body).toEqual({ spaceId: 'brand', branding: { logo: 'https://cdn.example.com/logo.png', bannerText: 'Exam week', bannerColor: '#0055AA' } })
    const params = await startAndReadCreate(await newRoom('brand', {}))
    expect(params).toMatchObject({ logo: 'https://cdn.example.com/logo.png', bannerText: 'Exam week', bannerColor: '#0055AA' })
  })
})
