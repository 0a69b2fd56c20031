import { afterEach, describe, expect, it } from 'vitest'
import { checksum } from '../../server/bbb/checksum.js'
import { parseXml, startDev, type Dev, type Loose } from './helpers.js'

let dev: Dev
afterEach(async () => {
  await dev?.close()
})

describe('stats', () => {
  it('counts every API call by name, failed ones included, and resets', async () => {
    dev = await startDev()
    await dev.post('dev/stats/reset')
    await dev.call('create', { meetingID: 'st-1', name: 'S' })
    await dev.call('create', { meetingID: 'st-1', name: 'S' })
    await dev.call('getMeetings')
    await fetch(`${dev.url}api/getMeetings?checksum=bad`)
    await dev.call('hooks/list')
    const stats = (await (await fetch(`${dev.url}dev/stats`)).json()) as Loose
    expect(stats).toEqual({ calls: { create: 2, getMeetings: 2, 'hooks/list': 1 } })
    expect(dev.dev.stats()).toEqual(stats)
    await dev.post('dev/stats/reset')
    expect(await (await fetch(`${dev.url}dev/stats`)).json()).toEqual({ calls: {} })
  })

  it('serves no /dev routes when devRoutes is off', async () => {
    dev = await startDev({ devRoutes: false })
    expect((await fetch(`${dev.url}dev/stats`)).status).toBe(404)
    expect((await dev.post('dev/faults', { mode: 'down' })).status).toBe(404)
    expect((await dev.call('getMeetings')).returncode).toBe('SUCCESS')
  })
})

describe('faults', () => {
  it('down resets the connection, only for the listed calls', async () => {
    dev = await startDev()
    expect((await dev.post('dev/faults', { mode: 'down', calls: ['getMeetings'] })).status).toBe(200)
    await expect(fetch(dev.signed('getMeetings'))).rejects.toThrow()
    expect((await dev.call('isMeetingRunning', { meetingID: 'x1' })).returncode).toBe('SUCCESS')
    await dev.post('dev/faults', { mode: 'none' })
    expect((await dev.call('getMeetings')).returncode).toBe('SUCCESS')
  })

  it('error answers 500 or 502 with an HTML body; malformed truncates the XML; slow delays', async () => {
    dev = await startDev()
    await dev.post('dev/faults', { mode: 'error' })
    const e500 = await fetch(dev.signed('getMeetings'))
    expect(e500.status).toBe(500)
    expect(e500.headers.get('content-type')).toMatch(/text\/html/)
    await dev.post('dev/faults', { mode: 'error', status: 502 })
    expect((await fetch(dev.signed('getMeetings'))).status).toBe(502)
    await dev.post('dev/faults', { mode: 'malformed' })
    const bad = await fetch(dev.signed('getMeetings'))
    expect(bad.status).toBe(200)
    await expect(parseXml(await bad.text())).rejects.toThrow()
    await dev.post('dev/faults', { mode: 'slow', delayMs: 150 })
    const started = Date.now()
    expect((await dev.call('getMeetings')).returncode).toBe('SUCCESS')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect((await dev.post('dev/faults', { mode: 'sideways' })).status).toBe(400)
    // faults never touch the dev routes themselves
    await dev.post('dev/faults', { mode: 'down' })
    expect((await fetch(`${dev.url}dev/stats`)).status).toBe(200)
  })
})

describe('simulated attendees', () => {
  it('adds attendees that count in getMeetingInfo and against maxParticipants, and removes them', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'sim-1', name: 'Sim', maxParticipants: 3 })
    const res = await dev.post('dev/meetings/sim-1/attendees', { count: 2, role: 'VIEWER', guest: true, fullName: 'Pat' })
    expect(res.status).toBe(201)
    const body = (await res.json()) as Loose
    expect(body.attendees).toHaveLength(2)
    expect(body.attendees[0]).toMatchObject({ fullName: 'Pat 1', role: 'VIEWER', guest: true })
    const info = await dev.call('getMeetingInfo', { meetingID: 'sim-1' })
    expect(info.participantCount).toBe('2')
    await dev.post('dev/meetings/sim-1/attendees', { role: 'MODERATOR' })
    expect(await dev.call('join', { meetingID: 'sim-1', fullName: 'Late', role: 'VIEWER', redirect: false })).toMatchObject({
      messageKey: 'maxParticipantsReached',
    })
    expect((await dev.post('dev/meetings/sim-1/attendees', {})).status).toBe(409)
    const del = await fetch(`${dev.url}dev/meetings/sim-1/attendees/${body.attendees[0].internalUserID}`, { method: 'DELETE' })
    expect(del.status).toBe(204)
    expect((await dev.call('getMeetingInfo', { meetingID: 'sim-1' })).participantCount).toBe('2')
    expect((await fetch(`${dev.url}dev/meetings/sim-1/attendees/nobody`, { method: 'DELETE' })).status).toBe(404)
    expect((await dev.post('dev/meetings/none/attendees', {})).status).toBe(404)
  })
})

describe('like scalelite', () => {
  it('refuses hooks, text tracks, chat and getJoinUrl with unsupportedRequest and sha384 with checksumError', async () => {
    dev = await startDev({ like: 'scalelite' })
    for (const call of ['hooks/create', 'hooks/list', 'getRecordingTextTracks', 'putRecordingTextTrack', 'sendChatMessage', 'getJoinUrl']) {
      expect(await dev.call(call, { meetingID: 'x1' })).toMatchObject({ returncode: 'FAILED', messageKey: 'unsupportedRequest' })
    }
    const q = 'meetingID=sl-1&name=Pool'
    const r384 = await parseXml(await (await fetch(`${dev.url}api/create?${q}&checksum=${checksum('create', q, dev.secret, 'sha384')}`)).text())
    expect(r384.messageKey).toBe('checksumError')
    expect((await dev.call('create', { meetingID: 'sl-1', name: 'Pool' }, 'sha512')).returncode).toBe('SUCCESS')
    expect((await dev.call('getMeetings')).meetings.meeting.meetingID).toBe('sl-1')
  })

  it('can switch getMeetings off (always noMeetings)', async () => {
    dev = await startDev({ like: 'scalelite', getMeetingsDisabled: true })
    await dev.call('create', { meetingID: 'sl-2', name: 'Pool' })
    expect(await dev.call('getMeetings')).toMatchObject({ returncode: 'SUCCESS', messageKey: 'noMeetings' })
    expect((await dev.call('getMeetingInfo', { meetingID: 'sl-2' })).returncode).toBe('SUCCESS')
  })
})

describe('text tracks (bbb mode)', () => {
  it('stores an uploaded track and lists it as JSON', async () => {
    dev = await startDev()
    const created = await dev.call('create', { meetingID: 'tt-1', name: 'TT', record: true })
    await dev.post('dev/meetings/tt-1/attendees', {})
    await dev.call('end', { meetingID: 'tt-1' })
    const recordID = created.internalMeetingID
    while (!dev.dev.state.recordings.has(recordID)) await new Promise((r) => setTimeout(r, 10))
    const put = await fetch(dev.signed('putRecordingTextTrack', { recordID, kind: 'subtitles', lang: 'fr-FR', label: 'Français' }), {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.vtt"\r\n\r\nWEBVTT\r\n--x--\r\n',
    })
    expect(((await put.json()) as Loose).response.messageKey).toBe('upload_text_track_success')
    const list = (await (await fetch(dev.signed('getRecordingTextTracks', { recordID }))).json()) as Loose
    expect(list.response.tracks).toEqual([expect.objectContaining({ kind: 'subtitles', lang: 'fr-FR', label: 'Français', source: 'upload' })])
    const none = (await (await fetch(dev.signed('getRecordingTextTracks', { recordID: 'x' }))).json()) as Loose
    expect(none.response).toMatchObject({ returncode: 'FAILED', messageKey: 'noRecordings' })
  })
})
