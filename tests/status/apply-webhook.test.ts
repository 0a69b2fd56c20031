import { describe, expect, it } from 'vitest'
import { applyWebhook } from '../../server/status/apply-webhook.js'
import { NOT_RUNNING, type MeetingStatus } from '../../server/status/meeting-status.js'

const NOW = 1_790_000_000_000
const meetingId = 'm-1'

function user(name: string, extra: { userId?: string | null; internalUserId?: string | null; role?: 'MODERATOR' | 'VIEWER' } = {}) {
  return {
    internalUserId: extra.internalUserId ?? `w_${name}`,
    userId: extra.userId === undefined ? name : extra.userId,
    name,
    role: extra.role ?? ('VIEWER' as const),
    guest: false,
  }
}

const joined = (u: ReturnType<typeof user>) => ({ type: 'user-joined' as const, meetingId, user: u })
const left = (u: { internalUserId: string | null; userId: string | null }) => ({ type: 'user-left' as const, meetingId, ...u })

describe('applyWebhook', () => {
  it('marks an unknown meeting created, nobody in it, started at its createTime', () => {
    const created = applyWebhook(NOT_RUNNING, { type: 'meeting-created', meetingId, internalMeetingId: 'x-1', createTime: 111 }, NOW)
    expect(created).toEqual({ ...NOT_RUNNING, exists: true, createTime: 111, startedAt: 111, attendees: [] })
    expect(created.running).toBe(false)
  })

  it('keeps a meeting already known when its create comes late', () => {
    const live: MeetingStatus = applyWebhook(NOT_RUNNING, joined(user('ann')), NOW)
    expect(applyWebhook(live, { type: 'meeting-created', meetingId, internalMeetingId: null, createTime: 5 }, NOW + 1)).toBe(live)
  })

  it('adds a joining user, counts moderators, and marks the meeting running since now unless it had a start', () => {
    const one = applyWebhook(NOT_RUNNING, joined(user('ann', { role: 'MODERATOR' })), NOW)
    expect(one).toMatchObject({ exists: true, running: true, startedAt: NOW, participants: 1, moderators: 1 })
    const two = applyWebhook(one, joined(user('bob')), NOW + 5000)
    expect(two).toMatchObject({ participants: 2, moderators: 1, startedAt: NOW })
    expect(two.attendees.map((a) => a.name)).toEqual(['ann', 'bob'])
    expect(one.attendees).toHaveLength(1)
  })

  it('replaces an earlier session of the same user (same internal id or same userID) instead of counting it twice', () => {
    const first = applyWebhook(NOT_RUNNING, joined(user('ann')), NOW)
    const again = applyWebhook(first, joined(user('ann', { internalUserId: 'w_other', role: 'MODERATOR' })), NOW)
    expect(again).toMatchObject({ participants: 1, moderators: 1 })
    const anonymous = applyWebhook(again, joined(user('guest', { userId: null, internalUserId: 'w_ann' })), NOW)
    expect(anonymous.attendees.map((a) => a.name)).toEqual(['ann', 'guest'])
  })

  it('removes a leaving user by internal id or by userID, and ignores a leave for a meeting that does not exist', () => {
    let status = applyWebhook(NOT_RUNNING, joined(user('ann', { role: 'MODERATOR' })), NOW)
    status = applyWebhook(status, joined(user('bob')), NOW)
    status = applyWebhook(status, left({ internalUserId: 'w_ann', userId: null }), NOW)
    expect(status).toMatchObject({ exists: true, participants: 1, moderators: 0, attendees: [{ name: 'bob' }] })
    status = applyWebhook(status, left({ internalUserId: null, userId: 'bob' }), NOW)
    expect(status).toMatchObject({ exists: true, running: true, participants: 0, attendees: [] })
    expect(applyWebhook(NOT_RUNNING, left({ internalUserId: 'w_x', userId: 'x' }), NOW)).toBe(NOT_RUNNING)
  })

  it('gives a meeting that ended the not-running status', () => {
    const live = applyWebhook(NOT_RUNNING, joined(user('ann')), NOW)
    expect(applyWebhook(live, { type: 'meeting-ended', meetingId, internalMeetingId: null, createTime: null }, NOW)).toBe(NOT_RUNNING)
  })
})
