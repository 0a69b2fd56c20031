import { describe, expect, it } from 'vitest'
import { AppError } from '../../server/errors.js'
import {
  checkGlobal,
  checkSpace,
  diffLimits,
  globalLimitsInput,
  mergeGlobal,
  parseLimits,
  spaceLimitsInput,
} from '../../server/limits/schema.js'
import { bbbCaps, resolveLimits, roomRules } from '../../server/limits/effective.js'
import { defaultRoomSettings } from '../../server/rooms/rooms.js'
import type { GlobalLimits } from '../../server/model/index.js'

const GLOBAL: GlobalLimits = {
  licence: { maxParticipants: 100, maxInternal: null, maxExternal: 30, maxMeetings: 10 },
  defaults: { maxParticipantsPerMeeting: 50, maxDurationMinutes: 240, maxConcurrentMeetings: 2, countModerators: true },
  policies: { record: 'optional', guestsAllowed: 'optional', waitingRoom: 'optional', anyoneCanStart: 'optional', accessCode: 'optional' },
}

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a refusal')
}

describe('limits bodies', () => {
  it.each([
    [{ licence: { maxParticipants: -1 } }, 'licence.maxParticipants'],
    [{ licence: { maxInternal: 2.5 } }, 'licence.maxInternal'],
    [{ defaults: { maxDurationMinutes: 0 } }, 'defaults.maxDurationMinutes'],
    [{ defaults: { countModerators: 'yes' } }, 'defaults.countModerators'],
    [{ policies: { record: 'sometimes' } }, 'policies.record'],
    [{ licence: { maxSeats: 3 } }, 'licence.maxSeats'],
    [{ colour: 'red' }, 'colour'],
  ])('refuses %j with invalid_limits naming %s', (body, field) => {
    const err = refusal(() => parseLimits(globalLimitsInput, body))
    expect(err.code).toBe('invalid_limits')
    expect(err.status).toBe(400)
    expect(err.details?.field).toBe(field)
    expect(err.message).toContain(field)
  })

  it('merges a partial body over the current limits, keeping everything absent', () => {
    const next = mergeGlobal(GLOBAL, parseLimits(globalLimitsInput, { licence: { maxMeetings: null } }))
    expect(next).toEqual({ ...GLOBAL, licence: { ...GLOBAL.licence, maxMeetings: null } })
    expect(diffLimits(GLOBAL, next)).toEqual({ 'licence.maxMeetings': { before: 10, after: null } })
  })

  it('refuses licence sub-caps above the total', () => {
    const err = refusal(() => checkGlobal(mergeGlobal(GLOBAL, { licence: { maxExternal: 101 } })))
    expect(err.details).toMatchObject({ field: 'licence.maxExternal', max: 100 })
    const internal = refusal(() => checkGlobal(mergeGlobal(GLOBAL, { licence: { maxInternal: 500 } })))
    expect(internal.details?.field).toBe('licence.maxInternal')
    expect(() => checkGlobal(mergeGlobal(GLOBAL, { licence: { maxParticipants: null, maxInternal: 500 } }))).not.toThrow()
  })

  it('refuses a space override above the licence, and accepts null (unlimited at that level)', () => {
    const over = refusal(() => checkSpace({ limits: { maxParticipantsPerMeeting: 101 }, policies: {} }, GLOBAL))
    expect(over.details).toMatchObject({ field: 'limits.maxParticipantsPerMeeting', max: 100 })
    const meetings = refusal(() => checkSpace({ limits: { maxConcurrentMeetings: 11 }, policies: {} }, GLOBAL))
    expect(meetings.details?.field).toBe('limits.maxConcurrentMeetings')
    expect(() => checkSpace({ limits: { maxConcurrentMeetings: null, maxParticipantsPerMeeting: 100 }, policies: {} }, GLOBAL)).not.toThrow()
  })

  it('accepts the read-only keys of a space GET and refuses unknown ones', () => {
    expect(parseLimits(spaceLimitsInput, { spaceId: 's', effective: {}, limits: { countModerators: false } })).toMatchObject({
      limits: { countModerators: false },
    })
    expect(refusal(() => parseLimits(spaceLimitsInput, { limits: { maxRooms: 3 } })).details?.field).toBe('limits.maxRooms')
  })
})

describe('effective limits', () => {
  it('lets the most restrictive level win, and a space inherit what it does not override', () => {
    const limits = resolveLimits(GLOBAL, { limits: { maxParticipantsPerMeeting: null, maxDurationMinutes: 60 }, policies: { record: 'disabled' } })
    expect(limits).toMatchObject({ maxParticipantsPerMeeting: null, maxDurationMinutes: 60, maxConcurrentMeetings: 2 })
    const rules = roomRules(limits, { ...defaultRoomSettings(limits), record: true, maxParticipants: 12, durationMinutes: 90 })
    expect(rules).toMatchObject({ maxParticipants: 12, durationMinutes: 60, record: false })
  })

  it('closes a room to guests when the policy forces an access code it does not have yet', () => {
    const limits = resolveLimits(GLOBAL, { limits: {}, policies: { accessCode: 'forced', guestsAllowed: 'forced' } })
    expect(roomRules(limits, { ...defaultRoomSettings(limits), accessCode: null }).guestsAllowed).toBe(false)
    expect(roomRules(limits, { ...defaultRoomSettings(limits), accessCode: 'ABCD1234' })).toMatchObject({ guestsAllowed: true, accessCode: 'ABCD1234' })
  })

  it('never lets a room duration of 0 (BBB: no limit) escape the space cap', () => {
    const limits = resolveLimits(GLOBAL, { limits: {}, policies: {} })
    const rules = roomRules(limits, { ...defaultRoomSettings(limits), durationMinutes: 0 })
    expect(rules.durationMinutes).toBe(240)
    expect(bbbCaps(limits, rules)).toEqual({ maxParticipants: 50, duration: 240 })
  })

  it('sends BBB no participant cap it would misread: 0, or moderators exempt', () => {
    const exempt = resolveLimits(GLOBAL, { limits: { countModerators: false }, policies: {} })
    expect(bbbCaps(exempt, roomRules(exempt, defaultRoomSettings(exempt)))).toEqual({ duration: 240 })
    const zero = resolveLimits(GLOBAL, { limits: { maxParticipantsPerMeeting: 0, maxDurationMinutes: null }, policies: {} })
    expect(bbbCaps(zero, roomRules(zero, defaultRoomSettings(zero)))).toEqual({})
  })
})
