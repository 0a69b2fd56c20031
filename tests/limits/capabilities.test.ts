import { describe, expect, it } from 'vitest'
import { myLimits } from '../../server/limits/capabilities.js'
import { resolveLimits } from '../../server/limits/effective.js'
import type { GlobalLimits } from '../../server/model/index.js'

const GLOBAL: GlobalLimits = {
  licence: { maxParticipants: null, maxInternal: null, maxExternal: null, maxMeetings: null },
  defaults: { maxParticipantsPerMeeting: 25, maxDurationMinutes: null, maxConcurrentMeetings: 1, countModerators: true },
  policies: { record: 'disabled', guestsAllowed: 'forced', waitingRoom: 'default_on', anyoneCanStart: 'optional', accessCode: 'optional' },
}

describe('what a member may do in a space', () => {
  it('hides what the policies disable and offers managers only the settings left open', () => {
    const limits = resolveLimits(GLOBAL, { limits: {}, policies: {} })
    const manager = myLimits('s', 'manager', false, limits, 0)
    expect(manager.can).toMatchObject({
      canStart: true,
      canRecord: false,
      canChangeRecording: false,
      canInviteGuests: true,
      canSetAccessCode: true,
      canCreateRooms: true,
      canStartNewMeeting: true,
    })
    expect(manager.settings.guestsAllowed).toEqual({ policy: 'forced', allowed: true, editable: false, default: true })
    expect(manager.settings.waitingRoom).toEqual({ policy: 'default_on', allowed: true, editable: true, default: true })
    const member = myLimits('s', 'member', true, limits, 1)
    expect(member.kind).toBe('external')
    expect(member.can).toMatchObject({ canStart: false, canCreateRooms: false, canSetAccessCode: false, canStartNewMeeting: false })
    expect(member.settings.waitingRoom.editable).toBe(false)
    expect(member.meetings).toEqual({ running: 1, max: 1 })
  })

  it('lets every member start when anyoneCanStart is forced', () => {
    const limits = resolveLimits(GLOBAL, { limits: {}, policies: { anyoneCanStart: 'forced' } })
    expect(myLimits('s', 'member', false, limits, 0).can).toMatchObject({ canStart: true })
  })

  it('keeps what the global level fixed whatever a space says: the most restrictive level wins', () => {
    const limits = resolveLimits(GLOBAL, { limits: {}, policies: { record: 'optional', guestsAllowed: 'disabled', waitingRoom: 'forced' } })
    expect(limits.policies).toMatchObject({ record: 'disabled', guestsAllowed: 'forced', waitingRoom: 'forced' })
    expect(myLimits('s', 'manager', false, limits, 0).can).toMatchObject({ canRecord: false, canInviteGuests: true })
  })
})
