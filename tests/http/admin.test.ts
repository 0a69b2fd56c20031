import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'
import { limitsKit } from '../limits/fixtures.js'

let t: TestService
let kit: ReturnType<typeof limitsKit>
const SPACE = 'admin-space'

beforeAll(async () => {
  t = await startTestService()
  kit = limitsKit(t, SPACE)
})

afterAll(async () => {
  await t?.close()
})

const auth = async (bearer: Promise<string> | string) => `Bearer ${await bearer}`

describe('admin API access', () => {
  it.each([
    ['get', '/api/v1/admin/limits'],
    ['put', '/api/v1/admin/limits'],
    ['get', `/api/v1/admin/spaces/${SPACE}/limits`],
    ['put', `/api/v1/admin/spaces/${SPACE}/limits`],
    ['get', '/api/v1/admin/usage'],
    ['get', '/api/v1/admin/audit'],
  ] as const)('refuses %s %s to a space manager with 403 not_admin, in the caller language', async (method, path) => {
    const fr = await kit.token('mgr-fr', { role: 'manager', locale: 'fr' })
    const res = await kit.api()[method](path).set('Authorization', `Bearer ${fr}`).send({})
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('not_admin')
    expect(res.body.error.message).toBe('Seuls les administrateurs peuvent faire cela.')
  })
})

describe('global limits', () => {
  it('round-trips: a PUT of what a GET returned, with one value changed, changes that value only', async () => {
    const before = await kit.api().get('/api/v1/admin/limits').set('Authorization', await auth(kit.admin()))
    expect(before.status).toBe(200)
    expect(Object.keys(before.body).sort()).toEqual(['defaults', 'licence', 'policies'])
    const sent = structuredClone(before.body)
    sent.licence.maxParticipants = 8000
    const put = await kit.api().put('/api/v1/admin/limits').set('Authorization', await auth(kit.admin())).send(sent)
    expect(put.status).toBe(200)
    const after = await kit.api().get('/api/v1/admin/limits').set('Authorization', await auth(kit.admin()))
    expect(after.body).toEqual({ ...before.body, licence: { ...before.body.licence, maxParticipants: 8000 } })
  })

  it('accepts a partial body, keeping what it does not name', async () => {
    const before = (await kit.api().get('/api/v1/admin/limits').set('Authorization', await auth(kit.admin()))).body
    const after = await kit.putLimits({ policies: { record: 'disabled' } })
    expect(after).toEqual({ ...before, policies: { ...before.policies, record: 'disabled' } })
    await kit.putLimits({ policies: { record: before.policies.record } })
  })

  it.each([
    [{ licence: { maxParticipants: -5 } }, 'licence.maxParticipants', { rule: 'min', min: 0 }, 'This limit is not accepted: enter 0 or more. Nothing was changed.'],
    [{ licence: { maxMeetings: 1.5 } }, 'licence.maxMeetings', { rule: 'integer' }, 'This limit is not accepted: enter a whole number. Nothing was changed.'],
    [{ defaults: { maxDurationMinutes: 'long' } }, 'defaults.maxDurationMinutes', { rule: 'invalid' }, 'This limit is not accepted. Nothing was changed.'],
    [{ defaults: { maxRooms: 3 } }, 'defaults.maxRooms', { rule: 'unknown_field' }, 'This limit is not accepted: this setting is unknown. Nothing was changed.'],
    [{ policies: { record: 'maybe' } }, 'policies.record', { rule: 'invalid' }, 'This limit is not accepted. Nothing was changed.'],
    [{ licence: { maxParticipants: 100, maxInternal: 101 } }, 'licence.maxInternal', { rule: 'max', max: 100 }, 'This limit is not accepted: 100 at most. Nothing was changed.'],
    [{ licence: { maxParticipants: 100, maxExternal: 150 } }, 'licence.maxExternal', { rule: 'max', max: 100 }, 'This limit is not accepted: 100 at most. Nothing was changed.'],
  ])('refuses %j with 400 invalid_limits naming %s and why in words, and changes nothing', async (body, field, why, words) => {
    const before = (await kit.api().get('/api/v1/admin/limits').set('Authorization', await auth(kit.admin()))).body
    const auditBefore = (await kit.api().get('/api/v1/admin/audit?action=limits.changed').set('Authorization', await auth(kit.admin()))).body.total
    const res = await kit.api().put('/api/v1/admin/limits').set('Authorization', await auth(kit.admin())).send(body)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_limits')
    expect(res.body.error.details.field).toBe(field)
    expect(res.body.error.details).toMatchObject(why)
    // Words for a person, not the field's internal name.
    expect(res.body.error.message).toBe(words)
    const after = (await kit.api().get('/api/v1/admin/limits').set('Authorization', await auth(kit.admin()))).body
    expect(after).toEqual(before)
    const auditAfter = (await kit.api().get('/api/v1/admin/audit?action=limits.changed').set('Authorization', await auth(kit.admin()))).body.total
    expect(auditAfter).toBe(auditBefore)
  })

  it('audits each change with who, when and the before/after of what changed', async () => {
    const before = (await kit.api().get('/api/v1/admin/limits').set('Authorization', await auth(kit.admin()))).body
    const from = Date.now()
    await kit.putLimits({ licence: { maxExternal: 40, maxParticipants: 8000 }, defaults: { countModerators: false } })
    const res = await kit.api().get(`/api/v1/admin/audit?action=limits.changed&from=${from}`).set('Authorization', await auth(kit.admin()))
    expect(res.status).toBe(200)
    const entry = res.body.entries[0]
    expect(entry).toMatchObject({ actor: 'root', action: 'limits.changed', spaceId: null })
    expect(entry.at).toBeGreaterThanOrEqual(from)
    expect(entry.details.changes).toEqual({
      'licence.maxExternal': { before: before.licence.maxExternal, after: 40 },
      'defaults.countModerators': { before: before.defaults.countModerators, after: false },
    })
    await kit.putLimits({ licence: { maxExternal: before.licence.maxExternal }, defaults: { countModerators: true } })
  })
})

describe('space overrides', () => {
  it('stores only the keys sent: null is unlimited, absent inherits; the effective limits follow', async () => {
    await kit.putLimits({ licence: { maxParticipants: 500, maxMeetings: 20 }, defaults: { maxParticipantsPerMeeting: 100, maxConcurrentMeetings: 5 } })
    const put = await kit.putSpaceLimits(SPACE, { limits: { maxParticipantsPerMeeting: null, maxConcurrentMeetings: 2 }, policies: { record: 'forced' } })
    expect(put).toMatchObject({
      spaceId: SPACE,
      limits: { maxParticipantsPerMeeting: null, maxConcurrentMeetings: 2 },
      policies: { record: 'forced' },
      effective: { maxParticipantsPerMeeting: null, maxConcurrentMeetings: 2, policies: { record: 'forced' } },
    })
    expect(put.limits).not.toHaveProperty('maxDurationMinutes')
    const get = await kit.api().get(`/api/v1/admin/spaces/${SPACE}/limits`).set('Authorization', await auth(kit.admin()))
    expect(get.body).toEqual(put)
    // a GET sent back as is is accepted and changes nothing
    const again = await kit.putSpaceLimits(SPACE, get.body)
    expect(again).toEqual(put)
    // an empty override set: everything inherits again
    const cleared = await kit.putSpaceLimits(SPACE, {})
    expect(cleared).toMatchObject({ limits: {}, policies: {}, effective: { maxParticipantsPerMeeting: 100, maxConcurrentMeetings: 5 } })
  })

  it('refuses a per-space value above the licence, naming it, and keeps the old overrides', async () => {
    await kit.putLimits({ licence: { maxParticipants: 500, maxMeetings: 20 } })
    await kit.putSpaceLimits(SPACE, { limits: { maxConcurrentMeetings: 3 } })
    for (const [limits, field] of [
      [{ maxParticipantsPerMeeting: 501 }, 'limits.maxParticipantsPerMeeting'],
      [{ maxConcurrentMeetings: 21 }, 'limits.maxConcurrentMeetings'],
      [{ maxConcurrentMeetings: -1 }, 'limits.maxConcurrentMeetings'],
      [{ colour: 'red' }, 'limits.colour'],
    ] as const) {
      const res = await kit.api().put(`/api/v1/admin/spaces/${SPACE}/limits`).set('Authorization', await auth(kit.admin())).send({ limits })
      expect(res.status).toBe(400)
      expect(res.body.error).toMatchObject({ code: 'invalid_limits', details: { field } })
    }
    const get = await kit.api().get(`/api/v1/admin/spaces/${SPACE}/limits`).set('Authorization', await auth(kit.admin()))
    expect(get.body.limits).toEqual({ maxConcurrentMeetings: 3 })
  })

  it('refuses a space policy that would loosen one fixed for every space, and applies what the global level leaves open', async () => {
    await kit.putLimits({ policies: { record: 'disabled', waitingRoom: 'optional' } })
    const loosen = await kit
      .api()
      .put(`/api/v1/admin/spaces/${SPACE}/limits`)
      .set('Authorization', await auth(kit.admin()))
      .send({ policies: { record: 'optional' } })
    expect(loosen.status).toBe(400)
    expect(loosen.body.error).toMatchObject({ code: 'invalid_limits', details: { field: 'policies.record' } })
    const tighten = await kit
      .api()
      .put(`/api/v1/admin/spaces/${SPACE}/limits`)
      .set('Authorization', await auth(kit.admin()))
      .send({ policies: { waitingRoom: 'forced' } })
    expect(tighten.status).toBe(200)
    expect(tighten.body.effective.policies).toMatchObject({ record: 'disabled', waitingRoom: 'forced' })
    // The admins fix recording later: an override set before no longer counts.
    await kit.putLimits({ policies: { waitingRoom: 'disabled' } })
    const get = await kit.api().get(`/api/v1/admin/spaces/${SPACE}/limits`).set('Authorization', await auth(kit.admin()))
    expect(get.body.effective.policies.waitingRoom).toBe('disabled')
    await kit.putSpaceLimits(SPACE, { policies: {} })
    await kit.putLimits({ policies: { record: 'optional', waitingRoom: 'optional' } })
  })

  it('audits space changes as space_limits.changed, filterable by space and actor', async () => {
    await kit.putSpaceLimits('other-space', { policies: { guestsAllowed: 'disabled' } })
    const res = await kit.api().get('/api/v1/admin/audit?action=space_limits.changed&spaceId=other-space&actor=root').set('Authorization', await auth(kit.admin()))
    expect(res.body.total).toBe(1)
    expect(res.body.entries[0]).toMatchObject({
      spaceId: 'other-space',
      details: { changes: { 'policies.guestsAllowed': { before: 'inherit', after: 'disabled' } } },
    })
    const nobody = await kit.api().get('/api/v1/admin/audit?action=space_limits.changed&actor=someone-else').set('Authorization', await auth(kit.admin()))
    expect(nobody.body.total).toBe(0)
  })
})

describe('audit paging and filters', () => {
  it('pages with limit and offset and filters by time', async () => {
    for (const n of [11, 12, 13]) await kit.putLimits({ licence: { maxMeetings: n } })
    const all = await kit.api().get('/api/v1/admin/audit?action=limits.').set('Authorization', await auth(kit.admin()))
    expect(all.body.total).toBeGreaterThanOrEqual(3)
    const page = await kit.api().get('/api/v1/admin/audit?action=limits.changed&limit=2&offset=1').set('Authorization', await auth(kit.admin()))
    expect(page.body.entries).toHaveLength(2)
    expect(page.body).toMatchObject({ limit: 2, offset: 1, total: all.body.total })
    expect(page.body.entries[0].id).toBe(all.body.entries[1].id)
    const future = await kit.api().get(`/api/v1/admin/audit?from=${new Date(Date.now() + 3_600_000).toISOString()}`).set('Authorization', await auth(kit.admin()))
    expect(future.body.total).toBe(0)
    const bad = await kit.api().get('/api/v1/admin/audit?from=yesterday').set('Authorization', await auth(kit.admin()))
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.field).toBe('from')
  })
})

describe('me/limits', () => {
  it('tells a member the effective limits and what they may do, and refuses outsiders', async () => {
    await kit.putLimits({ policies: { record: 'disabled', anyoneCanStart: 'optional' } })
    await kit.putSpaceLimits(SPACE, { limits: { maxDurationMinutes: 45 }, policies: { guestsAllowed: 'forced' } })
    const member = await kit.token('mia', { external: true })
    const res = await kit.api().get(`/api/v1/me/limits?spaceId=${SPACE}`).set('Authorization', `Bearer ${member}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      spaceId: SPACE,
      role: 'member',
      kind: 'external',
      limits: { maxDurationMinutes: 45 },
      policies: { record: 'disabled', guestsAllowed: 'forced' },
      can: { canStart: false, canRecord: false, canInviteGuests: true, canCreateRooms: false },
    })
    const mgr = await kit.api().get(`/api/v1/me/limits?spaceId=${SPACE}`).set('Authorization', await auth(kit.manager()))
    expect(mgr.body.can).toMatchObject({ canStart: true, canCreateRooms: true, canChangeRecording: false })
    const outsider = await kit.api().get('/api/v1/me/limits?spaceId=not-mine').set('Authorization', `Bearer ${member}`)
    expect(outsider.status).toBe(403)
    expect(outsider.body.error.code).toBe('not_a_member')
    const missing = await kit.api().get('/api/v1/me/limits').set('Authorization', `Bearer ${member}`)
    expect(missing.status).toBe(400)
    await kit.putLimits({ policies: { record: 'optional' } })
  })
})
