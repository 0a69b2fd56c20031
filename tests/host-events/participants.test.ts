import { describe, expect, it } from 'vitest'
import { participantChanges } from '../../server/host-events/participants.js'
import { NOT_RUNNING, type MeetingStatus, type StatusAttendee } from '../../server/status/meeting-status.js'

const person = (userId: string | null, internalUserId: string, name = userId ?? internalUserId): StatusAttendee => ({
  userId,
  internalUserId,
  name,
  role: 'VIEWER',
  guest: false,
})

const running = (...attendees: StatusAttendee[]): MeetingStatus => ({
  ...NOT_RUNNING,
  exists: true,
  running: attendees.length > 0,
  participants: attendees.length,
  attendees,
})

const summary = (prev: MeetingStatus, next: MeetingStatus) => participantChanges(prev, next).map((c) => `${c.type} ${c.key}`)

describe('participant changes between two statuses', () => {
  it('names who joined and who left', () => {
    expect(summary(running(person('ann', 'w_1')), running(person('bob', 'w_2')))).toEqual(['participant.left u:ann', 'participant.joined u:bob'])
  })

  it('treats one person in two tabs as one participant: joined with the first, left with the last', () => {
    expect(summary(running(), running(person('ann', 'w_1'), person('ann', 'w_2')))).toEqual(['participant.joined u:ann'])
    expect(summary(running(person('ann', 'w_1'), person('ann', 'w_2')), running(person('ann', 'w_2')))).toEqual([])
    expect(summary(running(person('ann', 'w_2')), running())).toEqual(['participant.left u:ann'])
  })

  it('matches a webhook attendee (with BBB’s internal id) and a polled one (without) by our user id', () => {
    const fromWebhook = person('ann', 'w_1')
    const fromPoll = { ...person('ann', 'w_1'), internalUserId: null }
    expect(summary(running(fromWebhook), running(fromPoll))).toEqual([])
  })

  it('reports nobody leaving when the meeting ends (meeting.ended says it)', () => {
    expect(summary(running(person('ann', 'w_1')), NOT_RUNNING)).toEqual([])
  })

  it('falls back to BBB’s id for people who did not join through us', () => {
    expect(summary(running(), running(person(null, 'w_9', 'Phone 1')))).toEqual(['participant.joined i:w_9'])
  })
})
