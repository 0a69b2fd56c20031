import { describe, expect, it } from 'vitest'
import { authorize, can, roomAccess, type RoomTarget, type Subject } from '../../server/auth/permissions.js'
import { AppError } from '../../server/errors.js'

const manager: Subject = { spaces: { s1: 'manager' }, admin: false }
const member: Subject = { spaces: { s1: 'member' }, admin: false }
const stranger: Subject = { spaces: { s2: 'manager' }, admin: false }
const admin: Subject = { spaces: {}, admin: true }
const room = (over: Partial<RoomTarget> = {}): RoomTarget => ({ spaceId: 's1', roomId: 'abc-def-ghi-jkm', allJoinAsModerator: false, anyoneCanStart: false, ...over })

function refusal(fn: () => void): { code: string; details: unknown } | null {
  try {
    fn()
    return null
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    return { code: err.code, details: err.details }
  }
}

describe('can', () => {
  it('lets managers manage their space and its rooms, and members only read', () => {
    expect(can(manager, 'space.manage', { spaceId: 's1' })).toBe(true)
    expect(can(member, 'space.manage', { spaceId: 's1' })).toBe(false)
    expect(can(member, 'space.read', { spaceId: 's1' })).toBe(true)
    expect(can(manager, 'room.manage', room())).toBe(true)
    expect(can(member, 'room.manage', room({ allJoinAsModerator: true }))).toBe(false)
  })

  it('makes members moderators where everyone joins as moderator, and starters where anyone may start', () => {
    expect(can(member, 'room.end', room())).toBe(false)
    expect(can(member, 'room.end', room({ allJoinAsModerator: true }))).toBe(true)
    expect(can(member, 'room.moderate', room({ allJoinAsModerator: true }))).toBe(true)
    expect(can(member, 'room.start', room())).toBe(false)
    expect(can(member, 'room.start', room({ anyoneCanStart: true }))).toBe(true)
    expect(can(member, 'room.end', room({ anyoneCanStart: true }))).toBe(false)
  })

  it('gives nothing in a space one is not a member of, whatever one is elsewhere', () => {
    for (const action of ['space.read', 'space.manage'] as const) expect(can(stranger, action, { spaceId: 's1' })).toBe(false)
    for (const action of ['room.start', 'room.end', 'room.moderate', 'room.manage'] as const) {
      expect(can(stranger, action, room({ allJoinAsModerator: true, anyoneCanStart: true }))).toBe(false)
    }
  })

  it('keeps the admin API to admin tokens', () => {
    expect(can(admin, 'admin', null)).toBe(true)
    expect(can(manager, 'admin', null)).toBe(false)
  })
})

describe('authorize', () => {
  it('refuses with the code the API answers: not_a_member first, then the action’s own', () => {
    expect(refusal(() => authorize(stranger, 'room.end', room()))).toEqual({ code: 'not_a_member', details: { spaceId: 's1' } })
    expect(refusal(() => authorize(member, 'room.end', room()))).toEqual({ code: 'not_a_moderator', details: { roomId: 'abc-def-ghi-jkm' } })
    expect(refusal(() => authorize(member, 'space.manage', { spaceId: 's1' }))).toEqual({ code: 'not_a_manager', details: { spaceId: 's1' } })
    expect(refusal(() => authorize(manager, 'admin', null))?.code).toBe('not_admin')
    expect(refusal(() => authorize(manager, 'room.manage', room()))).toBeNull()
  })
})

describe('roomAccess', () => {
  it('shows a member what the permissions allow, the BBB role included', () => {
    expect(roomAccess(member, room({ anyoneCanStart: true }))).toEqual({
      role: 'member',
      bbbRole: 'VIEWER',
      canStart: true,
      canEnd: false,
      canManage: false,
    })
    expect(roomAccess(manager, room())).toEqual({ role: 'manager', bbbRole: 'MODERATOR', canStart: true, canEnd: true, canManage: true })
  })
})
