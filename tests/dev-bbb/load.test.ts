import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseXml, startDev, type Dev } from './helpers.js'

let dev: Dev
beforeAll(async () => {
  dev = await startDev()
})
afterAll(() => dev.close())

describe('getMeetings at scale', () => {
  it('answers 1,000 meetings of 10 attendees each, all counted', async () => {
    const { state } = dev.dev
    for (let i = 0; i < 1000; i++) {
      const m = state.meetings.create({
        meetingID: `load-${i}`,
        name: `Load ${i} & co`,
        duration: 0,
        maxParticipants: 0,
        record: false,
        metadata: new Map([['bbb-context', `space-${i % 7}`]]),
        guestPolicy: 'ALWAYS_ACCEPT',
        endWhenNoModerator: false,
        endWhenNoModeratorDelayMinutes: 1,
      })
      for (let j = 0; j < 10; j++) {
        state.meetings.addAttendee(m, {
          internalUserID: `w_${i}_${j}`,
          userID: `u-${i}-${j}`,
          fullName: `User ${j} <${i}>`,
          role: j === 0 ? 'MODERATOR' : 'VIEWER',
          guest: false,
          simulated: true,
          lastSeen: Date.now(),
        })
      }
    }
    const started = performance.now()
    const res = await fetch(dev.signed('getMeetings'))
    const text = await res.text()
    const elapsed = performance.now() - started
    console.info(`getMeetings: 1000 meetings × 10 attendees, ${(text.length / 1e6).toFixed(1)} MB in ${elapsed.toFixed(0)} ms`)
    const r = await parseXml(text)
    expect(r.meetings.meeting).toHaveLength(1000)
    expect(r.meetings.meeting[999].attendees.attendee).toHaveLength(10)
    expect(r.meetings.meeting[5].attendees.attendee[3].fullName).toBe('User 3 <5>')
  }, 30_000)
})
