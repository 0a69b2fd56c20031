import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService, type TestService } from '../helpers/service.js'

// `GET /r/:roomId/status.json` tells the link page how many are in and whether the room is full, so a partner
// reads "Running, 2 in" or "The room is full" before typing a name.

const SPACE = 'team-link-status'
let t: TestService
let manager: string

beforeAll(async () => {
  t = await startTestService()
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
})

/** Someone enters the meeting on the development BBB (its webhook tells the service). */
async function enter(meetingId: string, fullName: string): Promise<void> {
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fullName, userID: fullName.toLowerCase() }),
  })
  expect(res.status).toBeLessThan(300)
}

describe('the room link status', () => {
  it('counts the people in and says full at the room’s cap', async () => {
    const room = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Petite salle', settings: { guestsAllowed: true, maxParticipants: 2 } })
    expect(room.status).toBe(201)
    const roomId = room.body.room.id as string
    const status = async () => (await request(t.url).get(`/r/${roomId}/status.json`)).body as Record<string, unknown>

    expect(await status()).toEqual({ name: 'Petite salle', running: false })

    const started = await request(t.url).post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`)
    expect(started.status).toBe(200)
    const meetingId = (await t.store.getRoom(roomId))!.meetingId
    await enter(meetingId, 'Alice')
    await expect.poll(status).toEqual({ name: 'Petite salle', running: true, participants: 1, full: false })

    await enter(meetingId, 'Gaston')
    await expect.poll(status).toEqual({ name: 'Petite salle', running: true, participants: 2, full: true })
  })
})
