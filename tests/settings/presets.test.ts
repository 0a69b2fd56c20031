import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// Presets over HTTP: administrators define them globally and per space, members of a space list what they may
// pick, a room created from one gets its settings (under the room's own, and the policies over both), keeps them
// when the preset changes later, and settings BBB would refuse never make a preset.

let t: TestService
let admin: string
let manager: string
let member: string
let outsider: string

beforeAll(async () => {
  t = await startTestService()
  admin = await t.mintToken({ sub: 'root', name: 'Root', admin: true, spaces: {} })
  manager = await t.mintToken({ sub: 'alice', name: 'Alice', spaces: { 'p-red': 'manager', 'p-blue': 'manager', 'p-policy': 'manager' } })
  member = await t.mintToken({ sub: 'bob', name: 'Bob', spaces: { 'p-red': 'member' } })
  outsider = await t.mintToken({ sub: 'eve', name: 'Eve', spaces: { elsewhere: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

const api = () => request(t.url)
const as = (token: string) => ({ Authorization: `Bearer ${token}` })

async function listFor(spaceId: string, token = manager): Promise<Array<{ id: string; name: string; scope: string; spaceId: string | null }>> {
  const res = await api().get(`/api/v1/spaces/${spaceId}/presets`).set(as(token))
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.presets
}

async function createRoom(spaceId: string, body: Record<string, unknown>) {
  return api().post(`/api/v1/spaces/${spaceId}/rooms`).set(as(manager)).send({ name: 'From a preset', ...body })
}

/** Starts the room and answers the parameters the development BBB's create received. */
async function createParams(roomId: string): Promise<Record<string, string>> {
  const join = await api().post(`/api/v1/rooms/${roomId}/join`).set(as(manager))
  expect(join.status, JSON.stringify(join.body)).toBe(200)
  const room = await t.store.getRoom(roomId)
  const res = await fetch(`${t.bbbUrl}dev/meetings/${room!.meetingId}`)
  return ((await res.json()) as { createParams: Record<string, string> }).createParams
}

describe('presets defined by administrators', () => {
  it('offers the built-in four, then global presets everywhere, then a space preset in its space only', async () => {
    const builtin = await listFor('p-red')
    expect(builtin.map((p) => p.id)).toEqual(['team-meeting', 'conference', 'training', 'interview'])

    const global = await api().post('/api/v1/admin/presets').set(as(admin)).send({ name: 'Lecture', settings: { muteOnStart: true, disabledFeatures: ['polls'] } })
    expect(global.status, JSON.stringify(global.body)).toBe(201)
    expect(global.body.preset).toMatchObject({ name: 'Lecture', scope: 'global', spaceId: null, settings: { muteOnStart: true, disabledFeatures: ['polls'] } })
    const own = await api().post('/api/v1/admin/spaces/p-red/presets').set(as(admin)).send({ name: 'Red exam', settings: { meetingLayout: 'VIDEO_FOCUS' } })
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    expect(own.body.preset).toMatchObject({ name: 'Red exam', scope: 'space', spaceId: 'p-red' })

    const red = await listFor('p-red', member)
    expect(red.slice(4).map((p) => [p.name, p.scope])).toEqual([
      ['Lecture', 'global'],
      ['Red exam', 'space'],
    ])
    const blue = await listFor('p-blue')
    expect(blue.map((p) => p.name)).toContain('Lecture')
    expect(blue.map((p) => p.name)).not.toContain('Red exam')
    expect((await api().get('/api/v1/admin/presets').set(as(admin))).body.presets.map((p: { name: string }) => p.name)).not.toContain('Red exam')
    expect((await api().get('/api/v1/admin/spaces/p-red/presets').set(as(admin))).body.presets.map((p: { name: string }) => p.name)).toContain('Red exam')
  })

  it('lets only administrators define presets, and only members of the space list them', async () => {
    const before = (await api().get('/api/v1/admin/presets').set(as(admin))).body.presets.length
    for (const token of [manager, member]) {
      const res = await api().post('/api/v1/admin/presets').set(as(token)).send({ name: 'Sneaky', settings: {} })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('not_admin')
    }
    expect((await api().get('/api/v1/admin/presets').set(as(admin))).body.presets).toHaveLength(before)
    const outside = await api().get('/api/v1/spaces/p-red/presets').set(as(outsider))
    expect(outside.status).toBe(403)
    expect(outside.body.error.code).toBe('not_a_member')
  })

  it.each([
    [{ meetingLayout: 'GRID' }, 'settings.meetingLayout', 'meetingLayout'],
    [{ disabledFeatures: ['teleport'] }, 'settings.disabledFeatures', 'disabledFeatures'],
    [{ lockSettingsDisableCamera: true }, 'settings.lockSettingsDisableCamera', 'lockSettingsDisableCamera'],
    [{ userCameraCap: 99 }, 'settings.userCameraCap', 'userCameraCap'],
    [{ muteOnStart: 'yes' }, 'settings.muteOnStart', 'muteOnStart'],
  ])('refuses the preset settings %j with 400 invalid_setting naming %s, and keeps no preset', async (settings, field, setting) => {
    const before = await listFor('p-red')
    const global = await api().post('/api/v1/admin/presets').set(as(admin)).send({ name: 'Broken', settings })
    expect(global.status).toBe(400)
    expect(global.body.error).toMatchObject({ code: 'invalid_setting', details: { field, setting } })
    const space = await api().post('/api/v1/admin/spaces/p-red/presets').set(as(admin)).send({ name: 'Broken', settings })
    expect(space.status).toBe(400)
    expect(space.body.error.code).toBe('invalid_setting')
    expect(await listFor('p-red')).toEqual(before)
  })

  it('does not let a built-in preset be changed or deleted', async () => {
    const put = await api().put('/api/v1/admin/presets/conference').set(as(admin)).send({ name: 'Mine now', settings: {} })
    expect(put.status).toBe(400)
    expect(put.body.error).toMatchObject({ code: 'invalid_setting', details: { field: 'preset' } })
    const del = await api().delete('/api/v1/admin/presets/conference').set(as(admin))
    expect(del.status).toBe(400)
    expect((await listFor('p-red')).find((p) => p.id === 'conference')?.name).toBe('Conference')
  })
})

describe('a room created from a preset', () => {
  it('gets the preset settings, which reach BBB create under their BBB names', async () => {
    const res = await createRoom('p-red', { preset: 'conference' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.room.settings).toMatchObject({
      muteOnStart: true,
      webcamsOnlyForModerator: true,
      lockSettingsDisableCam: true,
      disabledFeatures: ['breakoutRooms', 'sharedNotes'],
      meetingLayout: 'PRESENTATION_FOCUS',
    })
    const params = await createParams(res.body.room.id)
    expect(params).toMatchObject({
      muteOnStart: 'true',
      webcamsOnlyForModerator: 'true',
      lockSettingsDisableCam: 'true',
      disabledFeatures: 'breakoutRooms,sharedNotes',
      meetingLayout: 'PRESENTATION_FOCUS',
    })
  })

  it('keeps its own values over the preset, and keeps them all when the preset changes later', async () => {
    const preset = await api()
      .post('/api/v1/admin/spaces/p-blue/presets')
      .set(as(admin))
      .send({ name: 'Quiet', settings: { muteOnStart: true, lockSettingsDisablePublicChat: true, meetingLayout: 'VIDEO_FOCUS' } })
    expect(preset.status).toBe(201)
    const id = preset.body.preset.id as string
    const res = await createRoom('p-blue', { preset: id, settings: { muteOnStart: false } })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const roomId = res.body.room.id as string
    expect(res.body.room.settings).toMatchObject({ muteOnStart: false, lockSettingsDisablePublicChat: true, meetingLayout: 'VIDEO_FOCUS' })
    // The audit names the preset as it was called then: its id alone says nothing to a person.
    const audit = await api().get('/api/v1/admin/audit').query({ roomId, action: 'room.created' }).set(as(admin))
    expect(audit.body.entries[0].details).toMatchObject({ preset: id, presetName: 'Quiet' })

    // The administrator changes the preset: the room made from it keeps what it had.
    const changed = await api().put(`/api/v1/admin/spaces/p-blue/presets/${id}`).set(as(admin)).send({ name: 'Quiet', settings: { meetingLayout: 'CAMERAS_ONLY' } })
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    // The room's manager changes one setting: the others stay.
    const patched = await api().patch(`/api/v1/rooms/${roomId}`).set(as(manager)).send({ settings: { lockSettingsDisablePublicChat: false } })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    const room = (await api().get(`/api/v1/rooms/${roomId}`).set(as(manager))).body.room
    expect(room.settings).toMatchObject({ muteOnStart: false, lockSettingsDisablePublicChat: false, meetingLayout: 'VIDEO_FOCUS' })
    expect(await createParams(roomId)).toMatchObject({ muteOnStart: 'false', lockSettingsDisablePublicChat: 'false', meetingLayout: 'VIDEO_FOCUS' })
  })

  it('leaves out what a space policy fixes otherwise: the policy wins over the preset', async () => {
    const put = await api()
      .put('/api/v1/admin/spaces/p-policy/limits')
      .set(as(admin))
      .send({ policies: { lockSettingsDisableCam: 'disabled', meetingLayout: { policy: 'forced', value: 'SMART_LAYOUT' } } })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    const res = await createRoom('p-policy', { preset: 'conference' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.room.settings.lockSettingsDisableCam).not.toBe(true)
    expect(res.body.room.settings.muteOnStart).toBe(true)
    const params = await createParams(res.body.room.id)
    expect(params).toMatchObject({ lockSettingsDisableCam: 'false', meetingLayout: 'SMART_LAYOUT', muteOnStart: 'true' })
  })

  it('refuses an unknown preset, or another space’s, with 400 invalid_setting naming preset, and creates no room', async () => {
    const red = (await listFor('p-red')).find((p) => p.name === 'Red exam')!
    const roomsBefore = (await api().get('/api/v1/spaces/p-blue/rooms').set(as(manager))).body.rooms.length
    for (const preset of ['no-such-preset', red.id]) {
      const res = await createRoom('p-blue', { preset })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_setting', details: { field: 'preset' } })
    }
    expect((await api().get('/api/v1/spaces/p-blue/rooms').set(as(manager))).body.rooms).toHaveLength(roomsBefore)
  })

  it('refuses room settings BBB would refuse next to a preset, with 400 invalid_setting', async () => {
    const res = await createRoom('p-red', { preset: 'training', settings: { meetingLayout: 'GRID' } })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: 'invalid_setting', details: { field: 'settings.meetingLayout' } })
  })
})
