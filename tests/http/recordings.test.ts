import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

let t: TestService
let manager: string
let member: string
let outsider: string
const SPACE = 'rec-space'
let roomId: string
let otherRoomId: string
let recordId: string

const api = () => request(t.url)

/** A room whose meeting ran with recording on and ended: the dev BBB publishes one recording of it. */
async function recordedRoom(name: string): Promise<{ id: string; recordId: string }> {
  const res = await api()
    .post(`/api/v1/spaces/${SPACE}/rooms`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ name, settings: { record: true } })
  expect(res.status).toBe(201)
  const room = (await t.store.getRoom(res.body.room.id as string))!
  await api().post(`/api/v1/rooms/${room.id}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
  const added = await fetch(`${t.bbbUrl}dev/meetings/${room.meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fullName: 'Speaker', role: 'MODERATOR' }),
  })
  expect(added.status).toBeLessThan(300)
  await api().post(`/api/v1/rooms/${room.id}/end`).set('Authorization', `Bearer ${manager}`).expect(200)
  // the recording-ready callback (and the rap-publish-ended webhook) tell the service when it is there
  for (let i = 0; i < 60 && (await t.store.listRecordingRecords(room.meetingId)).length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50))
  }
  const [ready] = await t.store.listRecordingRecords(room.meetingId)
  return { id: room.id, recordId: ready!.recordId }
}

beforeAll(async () => {
  t = await startTestService({ env: { STATUS_INTERVAL_MS: '60000' } })
  manager = await t.mintToken({ sub: 'rhea', name: 'Rhea', spaces: { [SPACE]: 'manager' } })
  member = await t.mintToken({ sub: 'remi', name: 'Rémi', spaces: { [SPACE]: 'member' } })
  outsider = await t.mintToken({ sub: 'otto', name: 'Otto', spaces: { nope: 'member' } })
  ;({ id: roomId, recordId } = await recordedRoom('Recorded talks'))
  ;({ id: otherRoomId } = await recordedRoom('Another room'))
})

afterAll(async () => {
  await t?.close()
})

describe('room recordings', () => {
  it('lists a room’s recordings to its members, with a play link, and only that room’s', async () => {
    const res = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${member}`)
    expect(res.status).toBe(200)
    expect(res.body.recordings).toHaveLength(1)
    expect(res.body.recordings[0]).toMatchObject({ recordId, published: true })
    expect(res.body.recordings[0].playbackUrl).toMatch(/^https?:\/\//)
    const denied = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${outsider}`)
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('not_a_member')
  })

  it('refuses changes by a member with 403 not_a_moderator, and a recording of another room with 404', async () => {
    const publish = await api()
      .post(`/api/v1/rooms/${roomId}/recordings/${recordId}/publish`)
      .set('Authorization', `Bearer ${member}`)
      .send({ publish: false })
    expect(publish.status).toBe(403)
    expect(publish.body.error.code).toBe('not_a_moderator')
    const foreign = await api()
      .delete(`/api/v1/rooms/${otherRoomId}/recordings/${recordId}`)
      .set('Authorization', `Bearer ${manager}`)
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('recording_not_found')
    const bad = await api()
      .post(`/api/v1/rooms/${roomId}/recordings/${recordId}/publish`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ publish: 'no' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_request')
    const list = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${member}`)
    expect(list.body.recordings[0]).toMatchObject({ recordId, published: true })
  })

  it('lets moderators unpublish (members no longer see it), rename and delete, each audited', async () => {
    const unpublished = await api()
      .post(`/api/v1/rooms/${roomId}/recordings/${recordId}/publish`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ publish: false })
    expect(unpublished.status).toBe(200)
    expect(unpublished.body.recording).toMatchObject({ recordId, published: false })
    const memberView = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${member}`)
    expect(memberView.body.recordings).toEqual([])
    const moderatorView = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${manager}`)
    expect(moderatorView.body.recordings[0]).toMatchObject({ recordId, published: false })

    const renamed = await api()
      .patch(`/api/v1/rooms/${roomId}/recordings/${recordId}`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Kick-off, part 1' })
    expect(renamed.status).toBe(200)
    const again = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${manager}`)
    expect(again.body.recordings[0].name).toBe('Kick-off, part 1')
    // BBB keeps it as the recording's `name` metadata
    const inBbb = await t.service.bbb.getRecordings({ recordID: recordId })
    expect(inBbb.recordings[0]!.metadata.name).toBe('Kick-off, part 1')

    const deleted = await api().delete(`/api/v1/rooms/${roomId}/recordings/${recordId}`).set('Authorization', `Bearer ${manager}`)
    expect(deleted.status).toBe(204)
    const after = await api().get(`/api/v1/rooms/${roomId}/recordings`).set('Authorization', `Bearer ${manager}`)
    expect(after.body.recordings).toEqual([])
    const audit = await t.store.listAudit({ roomId, action: 'recording.' })
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['recording.deleted', 'recording.renamed', 'recording.unpublished'])
  })
})
