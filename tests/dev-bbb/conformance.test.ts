import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDev, waitFor, type Dev, type Loose } from './helpers.js'

// bigbluebutton-js: a client we did not write (sha1 checksums, Node's querystring encoding, axios).
const bbb = createRequire(import.meta.url)('bigbluebutton-js') as {
  api(url: string, secret: string): Loose
  http(url: string): Promise<Record<string, Loose>>
}

let dev: Dev
let sha256Only: Dev
beforeAll(async () => {
  dev = await startDev()
  sha256Only = await startDev({ algorithms: ['sha256'] })
})
afterAll(async () => {
  await dev.close()
  await sha256Only.close()
})

describe('conformance with bigbluebutton-js', () => {
  it('creates, joins, reads and ends a meeting', async () => {
    const api = bbb.api(dev.url, dev.secret)
    const created = await bbb.http(
      api.administration.create('Conformance room (été)', 'conf-1', { attendeePW: 'secret', moderatorPW: 'supersecret', record: true }),
    )
    expect(created).toMatchObject({ returncode: 'SUCCESS', meetingID: 'conf-1' })
    const joinUrl = api.administration.join('Ann Moderator', 'conf-1', 'supersecret')
    const res = await fetch(joinUrl, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toContain(`${dev.url}client?sessionToken=`)
    const page = await fetch(location)
    expect(await page.text()).toContain('Ann Moderator')
    await fetch(location.replace('client?', 'client/heartbeat?'), { method: 'POST' })
    const info = await bbb.http(api.monitoring.getMeetingInfo('conf-1'))
    expect(info).toMatchObject({ returncode: 'SUCCESS', meetingName: 'Conformance room (été)', participantCount: 1, running: true })
    expect(info.attendees.attendee).toMatchObject({ fullName: 'Ann Moderator', role: 'MODERATOR' })
    const ended = await bbb.http(api.administration.end('conf-1', 'supersecret'))
    expect(ended).toMatchObject({ returncode: 'SUCCESS', messageKey: 'sentEndMeetingRequest' })
    await waitFor(async () => ((await bbb.http(api.monitoring.isMeetingRunning('conf-1'))).running === false ? true : undefined))
  })

  it('gets checksumError for a wrong secret, a disallowed algorithm and a tampered query', async () => {
    const wrong = bbb.api(dev.url, 'not-the-secret')
    expect(await bbb.http(wrong.monitoring.getMeetings())).toMatchObject({ returncode: 'FAILED', messageKey: 'checksumError' })
    const sha1Client = bbb.api(sha256Only.url, sha256Only.secret)
    expect(await bbb.http(sha1Client.monitoring.getMeetings())).toMatchObject({ messageKey: 'checksumError' })
    const api = bbb.api(dev.url, dev.secret)
    const tampered = api.administration.create('Room', 'conf-2', {}).replace('meetingID=conf-2', 'meetingID=conf-3')
    expect(await bbb.http(tampered)).toMatchObject({ returncode: 'FAILED', messageKey: 'checksumError' })
  })
})
