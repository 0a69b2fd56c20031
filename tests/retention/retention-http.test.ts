import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { RECORDING_CONSENT_TEXT } from '../../server/i18n/retention.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Retention through the API and the development BBB: the admins' rules, the consent text BBB's create carries when a
// meeting may be recorded, recordings deleted in BBB past their space's rule unless kept, and a person's data
// exported then erased.

const SPACE = 'ret-space'
const OTHER = 'ret-other'
const REC = 'ret-recordings'
const DAY = 86_400_000
let shift = 0
let t: TestService
let admin: string
let manager: string
let managerEn: string
let member: string

const api = () => request(t.url)
const as = (token: string) => ({ Authorization: `Bearer ${token}` })

beforeAll(async () => {
  t = await startTestService({ clock: () => Date.now() + shift, env: { STATUS_INTERVAL_MS: '60000' } })
  admin = await t.mintToken({ sub: 'root', name: 'Root', admin: true, spaces: {} })
  manager = await managerToken()
  managerEn = await t.mintToken({ sub: 'rhea', name: 'Rhea', spaces: { [SPACE]: 'manager', [OTHER]: 'manager' }, locale: 'en' })
  member = await t.mintToken({ sub: 'remi', name: 'Rémi', spaces: { [SPACE]: 'member', [REC]: 'member' } })
})

/** Rhéa manages every space of the file; minted at the service's time (which the recordings test moves on). */
function managerToken(): Promise<string> {
  return t.mintToken({ sub: 'rhea', name: 'Rhéa', spaces: { [SPACE]: 'manager', [OTHER]: 'manager', [REC]: 'manager' }, locale: 'fr' })
}

afterAll(async () => {
  await t?.close()
})

async function newRoom(spaceId: string, body: Record<string, unknown>, token = manager): Promise<{ id: string; meetingId: string }> {
  const res = await api().post(`/api/v1/spaces/${spaceId}/rooms`).set(as(token)).send({ name: 'Salle', ...body })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  const room = (await t.store.getRoom(res.body.room.id as string))!
  return { id: room.id, meetingId: room.meetingId }
}

async function createParams(meetingId: string): Promise<Record<string, string>> {
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { createParams: Record<string, string> }).createParams
}

async function startAndEnd(room: { id: string; meetingId: string }, token = manager): Promise<Record<string, string>> {
  await api().post(`/api/v1/rooms/${room.id}/join`).set(as(token)).expect(200)
  const params = await createParams(room.meetingId)
  await fetch(`${t.bbbUrl}dev/meetings/${room.meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fullName: 'Speaker', role: 'MODERATOR' }),
  })
  await api().post(`/api/v1/rooms/${room.id}/end`).set(as(token)).expect(200)
  return params
}

describe('retention settings', () => {
  it('answers the documented defaults to admins only, and keeps what an admin changes (audited)', async () => {
    const denied = await api().get('/api/v1/admin/retention').set(as(manager))
    expect(denied.status).toBe(403)
    expect(denied.body.error.code).toBe('not_admin')
    const defaults = await api().get('/api/v1/admin/retention').set(as(admin))
    expect(defaults.body).toEqual({
      attendanceDays: 365,
      auditDays: 365,
      usagePerSpaceDays: 400,
      mailDays: 90,
      identityDays: 365,
      recordingDays: null,
      consent: { enabled: true, fr: null, en: null },
    })
    const changed = await api().put('/api/v1/admin/retention').set(as(admin)).send({ auditDays: 400, consent: { en: 'Recorded: say no by leaving.' } })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ auditDays: 400, attendanceDays: 365, consent: { enabled: true, fr: null, en: 'Recorded: say no by leaving.' } })
    expect((await api().get('/api/v1/admin/retention').set(as(admin))).body).toEqual(changed.body)
    expect((await api().put('/api/v1/admin/retention').set(as(admin)).send({ auditDays: 0 })).status).toBe(400)
    const [entry] = (await t.store.listAudit({ action: 'retention.changed' })).entries
    expect(entry).toMatchObject({ actor: 'root', details: { auditDays: 400 } })
    await api().put('/api/v1/admin/retention').set(as(admin)).send({ auditDays: 365, consent: { en: null } }).expect(200)
  })

  it('purges now on an admin’s request, whatever the day’s lease, and audits it', async () => {
    expect((await api().post('/api/v1/admin/retention/purge').set(as(manager))).body.error.code).toBe('not_admin')
    const res = await api().post('/api/v1/admin/retention/purge').set(as(admin))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ runs: 0, attendanceRows: 0, analyticsRows: 0, auditEntries: 0, usageRows: 0, mailRows: 0, identities: 0, recordings: 0, recordingsKept: 0 })
    expect((await t.store.listAudit({ action: 'retention.purged' })).entries[0]).toMatchObject({ actor: 'system', details: res.body })
  })

  it('keeps how long people not seen are remembered, refuses a bad value without changing anything, and forgets them', async () => {
    expect((await api().get('/api/v1/admin/retention').set(as(admin))).body.identityDays).toBe(365)
    for (const identityDays of [0, 3651, 1.5, '30', null]) {
      const refused = await api().put('/api/v1/admin/retention').set(as(admin)).send({ identityDays, mailDays: 12 })
      expect(refused.status, JSON.stringify(identityDays)).toBe(400)
      expect(refused.body.error.code).toBe('invalid_request')
      expect(refused.body.error.message).toContain('identityDays')
    }
    expect((await api().get('/api/v1/admin/retention').set(as(admin))).body).toMatchObject({ identityDays: 365, mailDays: 90 })
    expect((await api().put('/api/v1/admin/retention').set(as(manager)).send({ identityDays: 30 })).body.error.code).toBe('not_admin')

    const changed = await api().put('/api/v1/admin/retention').set(as(admin)).send({ identityDays: 30 })
    expect(changed.body).toMatchObject({ identityDays: 30, attendanceDays: 365, mailDays: 90 })
    expect((await api().get('/api/v1/admin/retention').set(as(admin))).body.identityDays).toBe(30)
    expect((await t.store.listAudit({ action: 'retention.changed' })).entries[0]).toMatchObject({ details: { identityDays: 30 } })

    // Someone last seen 31 days ago is forgotten by the purge; the admin, seen just now, stays.
    const now = Date.now() + shift
    await t.store.saveIdentity({ sub: 'ret-gone', name: 'Gaston', email: 'gaston@example.fr', external: false, spaces: { [SPACE]: 'member' }, seenAt: now - 31 * DAY })
    const purged = await api().post('/api/v1/admin/retention/purge').set(as(admin))
    expect(purged.body.identities).toBe(1)
    expect(await t.store.getIdentity('ret-gone')).toBeUndefined()
    expect(await t.store.getIdentity('root')).toBeDefined()
    // Next time they come, they are remembered again.
    const back = await t.mintToken({ sub: 'ret-gone', name: 'Gaston', spaces: { [SPACE]: 'member' } })
    await api().get(`/api/v1/spaces/${SPACE}/rooms`).set(as(back)).expect(200)
    expect(await t.store.getIdentity('ret-gone')).toMatchObject({ name: 'Gaston', spaces: { [SPACE]: 'member' } })
    await api().put('/api/v1/admin/retention').set(as(admin)).send({ identityDays: 365 }).expect(200)
  })

  it('gives a space its own rule for recordings, and drops it to fall back on the global one', async () => {
    expect((await api().get(`/api/v1/admin/spaces/${OTHER}/retention`).set(as(admin))).body).toEqual({ spaceId: OTHER, override: null, recordingDays: null })
    const put = await api().put(`/api/v1/admin/spaces/${OTHER}/retention`).set(as(admin)).send({ recordingDays: 7 })
    expect(put.body).toEqual({ spaceId: OTHER, override: { recordingDays: 7 }, recordingDays: 7 })
    await api().put('/api/v1/admin/retention').set(as(admin)).send({ recordingDays: 100 }).expect(200)
    const dropped = await api().delete(`/api/v1/admin/spaces/${OTHER}/retention`).set(as(admin))
    expect(dropped.body).toEqual({ spaceId: OTHER, override: null, recordingDays: 100 })
    await api().put('/api/v1/admin/retention').set(as(admin)).send({ recordingDays: null }).expect(200)
    expect((await api().put(`/api/v1/admin/spaces/${OTHER}/retention`).set(as(member)).send({ recordingDays: 1 })).status).toBe(403)
  })
})

describe('recording consent', () => {
  it('tells participants of a room that may record, in the starter’s language, after the room’s welcome', async () => {
    const fr = await newRoom(SPACE, { name: 'Enregistrée', settings: { record: true, welcome: 'Bienvenue' } })
    const params = await startAndEnd(fr)
    expect(params['notifyRecordingIsOn']).toBe('true')
    expect(params['welcome']).toBe(`Bienvenue<br><br>${RECORDING_CONSENT_TEXT.fr}`)

    const en = await newRoom(SPACE, { name: 'Recorded', settings: { record: true } })
    expect((await startAndEnd(en, managerEn))['welcome']).toBe(RECORDING_CONSENT_TEXT.en)
  })

  it('says nothing where recording is off, uses the admins’ words, and stops when admins switch it off', async () => {
    const plain = await newRoom(SPACE, { name: 'Sans enregistrement', settings: { welcome: 'Bonjour' } })
    const params = await startAndEnd(plain)
    expect(params['notifyRecordingIsOn']).toBeUndefined()
    expect(params['welcome']).toBe('Bonjour')

    await api().put('/api/v1/admin/retention').set(as(admin)).send({ consent: { fr: 'Séance enregistrée : quittez-la pour refuser.' } }).expect(200)
    const own = await newRoom(SPACE, { name: 'Mots des admins', settings: { record: true } })
    expect((await startAndEnd(own))['welcome']).toBe('Séance enregistrée : quittez-la pour refuser.')

    await api().put('/api/v1/admin/retention').set(as(admin)).send({ consent: { enabled: false, fr: null } }).expect(200)
    const off = await newRoom(SPACE, { name: 'Consentement coupé', settings: { record: true } })
    const offParams = await startAndEnd(off)
    expect(offParams['welcome']).toBeUndefined()
    expect(offParams['notifyRecordingIsOn']).toBeUndefined()
    await api().put('/api/v1/admin/retention').set(as(admin)).send({ consent: { enabled: true } }).expect(200)
  })
})

async function recordingsOf(roomId: string): Promise<Array<{ recordId: string; keep: boolean }>> {
  const res = await api().get(`/api/v1/rooms/${roomId}/recordings`).set(as(await managerToken()))
  expect(res.status).toBe(200)
  return res.body.recordings
}

async function recordedRoom(spaceId: string, name: string): Promise<{ id: string; meetingId: string; recordId: string }> {
  const room = await newRoom(spaceId, { name, settings: { record: true } })
  await startAndEnd(room)
  // the recording-ready callback tells the service when BBB has it
  for (let i = 0; i < 60 && (await t.store.listRecordingRecords(room.meetingId)).length === 0; i++) await new Promise((r) => setTimeout(r, 50))
  const [ready] = await t.store.listRecordingRecords(room.meetingId)
  return { ...room, recordId: ready!.recordId }
}

describe('recordings past their space’s rule', () => {
  it('are deleted in BBB by the purge, unless a moderator asked to keep them; other spaces keep theirs', async () => {
    const gone = await recordedRoom(REC, 'Old talk')
    const kept = await recordedRoom(REC, 'Keynote')
    const elsewhere = await recordedRoom(OTHER, 'Other space')

    const refused = await api().post(`/api/v1/rooms/${kept.id}/recordings/${kept.recordId}/keep`).set(as(member)).send({ keep: true })
    expect(refused.body.error.code).toBe('not_a_moderator')
    const keep = await api().post(`/api/v1/rooms/${kept.id}/recordings/${kept.recordId}/keep`).set(as(manager)).send({ keep: true })
    expect(keep.status).toBe(200)
    expect(keep.body.recording).toMatchObject({ recordId: kept.recordId, keep: true })
    expect(await recordingsOf(kept.id)).toEqual([expect.objectContaining({ recordId: kept.recordId, keep: true })])
    expect(await recordingsOf(gone.id)).toEqual([expect.objectContaining({ recordId: gone.recordId, keep: false })])

    await api().put(`/api/v1/admin/spaces/${REC}/retention`).set(as(admin)).send({ recordingDays: 30 }).expect(200)
    onTestFinished(() => {
      shift = 0
    })
    shift = 30 * DAY - 60_000
    expect(await t.service.retention.purge.run()).toMatchObject({ recordings: 0, recordingsKept: 0 })

    shift = 30 * DAY + 60_000
    expect(await t.service.retention.purge.run()).toMatchObject({ recordings: 1, recordingsKept: 1 })
    expect(await recordingsOf(gone.id)).toEqual([])
    const inBbb = await t.service.bbb.getRecordings({ meetingID: gone.meetingId, state: 'any' })
    expect(inBbb.recordings.map((r) => r.state)).toEqual(['deleted'])
    expect(await recordingsOf(kept.id)).toHaveLength(1)
    expect(await recordingsOf(elsewhere.id)).toHaveLength(1)
    expect(await t.service.retention.purge.run()).toMatchObject({ recordings: 0, recordingsKept: 1 })
  })
})

describe('a person’s data', () => {
  it('is exported to admins only, then erased or anonymised; the export is empty afterwards', async () => {
    const zoe = await t.mintToken({ sub: 'zoe', name: 'Zoé Martin', email: 'Zoe@example.fr', spaces: { [SPACE]: 'manager' }, locale: 'fr' })
    const own = await newRoom(SPACE, { name: 'Salle de Zoé' }, zoe)
    await api().post(`/api/v1/rooms/${own.id}/join`).set(as(zoe)).expect(200)
    const [run] = (await t.service.attendance.listRuns(own.id)).runs
    await t.service.attendance.recordJoin({ meetingId: own.meetingId, userKey: 'u:zoe', userId: 'zoe', name: 'Zoé Martin', kind: 'internal', role: 'moderator', at: Date.now() })
    const coModerated = await newRoom(SPACE, { name: 'Co-animée', settings: { coModerators: ['zoe', 'max'] } })
    const organised = await api().post(`/api/v1/rooms/${own.id}/meetings`).set(as(zoe)).send({ title: 'Point de Zoé', start: '2030-03-04T10:00:00+01:00' })
    expect(organised.status, JSON.stringify(organised.body)).toBe(201)
    const invited = await api()
      .post(`/api/v1/rooms/${coModerated.id}/meetings`)
      .set(as(manager))
      .send({ title: 'Revue', start: '2030-03-05T10:00:00+01:00', attendees: [{ email: 'zoe@example.fr' }, { email: 'max@example.fr' }] })
    expect(invited.status, JSON.stringify(invited.body)).toBe(201)

    expect((await api().get('/api/v1/admin/users/zoe/data').set(as(manager))).body.error.code).toBe('not_admin')
    expect((await api().delete('/api/v1/admin/users/zoe/data').set(as(zoe))).body.error.code).toBe('not_admin')

    const exported = await api().get('/api/v1/admin/users/zoe/data').set(as(admin))
    expect(exported.status).toBe(200)
    const data = exported.body
    expect(data.identity).toMatchObject({ name: 'Zoé Martin', email: 'Zoe@example.fr' })
    expect(data.attendance).toEqual([expect.objectContaining({ runId: run!.id, name: 'Zoé Martin', role: 'moderator' })])
    expect(data.audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['room.created', 'join.granted', 'meeting.started']))
    expect(data.runsStarted).toEqual([expect.objectContaining({ runId: run!.id, roomId: own.id })])
    expect(data.scheduledMeetings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: organised.body.meeting.id, as: 'organizer' }),
        expect.objectContaining({ id: invited.body.meeting.id, as: 'attendee' }),
      ]),
    )
    expect(data.coModeratorOf).toEqual([{ roomId: coModerated.id, spaceId: SPACE, name: 'Co-animée' }])
    // the invitation mailed to her address (the development mailbox stands in for SMTP here)
    expect(data.mail).toEqual([expect.objectContaining({ meetingId: invited.body.meeting.id, method: 'REQUEST' })])

    const erased = await api().delete('/api/v1/admin/users/zoe/data').set(as(admin))
    expect(erased.status).toBe(200)
    expect(erased.body).toMatchObject({ identity: 1, attendance: 1, runsStarted: 1, scheduledMeetings: 2, mail: 1, coModeratorOf: 1 })
    expect(erased.body.audit).toBeGreaterThanOrEqual(3)

    const after = (await api().get('/api/v1/admin/users/zoe/data').set(as(admin))).body
    expect(after).toMatchObject({ sub: 'zoe', identity: null, attendance: [], analytics: [], audit: [], runsStarted: [], scheduledMeetings: [], invitations: [], mail: [], coModeratorOf: [] })

    // what others rely on stays, without her: the run still counts one attendee, the room keeps its other co-moderator
    const sessions = await t.service.attendance.listSessions(run!.id)
    expect(sessions).toEqual([expect.objectContaining({ userId: null, name: '—', role: 'moderator' })])
    expect((await t.store.getRoom(coModerated.id))!.settings.coModerators).toEqual(['max'])
    const revue = await t.store.getScheduledMeeting(invited.body.meeting.id)
    expect(revue!.attendees.map((a) => a.email)).toEqual(['max@example.fr'])
    const [entry] = (await t.store.listAudit({ action: 'user.erased' })).entries
    expect(entry).toMatchObject({ actor: 'root', details: { identity: 1 } })
    expect(JSON.stringify(entry)).not.toMatch(/zoe|Zoé/i)
    expect(JSON.stringify((await t.store.listAudit({ limit: 500 })).entries)).not.toMatch(/Zoé Martin|zoe@example/i)
  })
})
