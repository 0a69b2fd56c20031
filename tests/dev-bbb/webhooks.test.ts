import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startDev, waitFor, type Dev, type Loose } from './helpers.js'

interface Received {
  method: string
  url: string
  body: string
  contentType: string | undefined
}

let receiver: Server
let base: string
let received: Received[]
/** Status to answer per path; a list is consumed one per request. */
let answers: Record<string, number[]>
let dev: Dev

beforeEach(async () => {
  received = []
  answers = {}
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body, contentType: req.headers['content-type'] })
      const path = req.url!.split('?')[0]!
      res.statusCode = answers[path]?.shift() ?? 200
      res.end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterEach(async () => {
  await dev?.close()
  await new Promise((r) => receiver.close(r))
})

function events(path: string): { id: string; attributes: Loose }[] {
  return received
    .filter((r) => r.url.startsWith(path))
    .map((r) => JSON.parse(new URLSearchParams(r.body).get('event')!)[0].data)
}

describe('webhooks (bbb-webhooks compatible)', () => {
  it('delivers mapped events in order as signed form POSTs', async () => {
    dev = await startDev({ delivery: { retryDelaysMs: [20, 20] } })
    const callbackURL = `${base}/hook?space=1`
    const hook = await dev.call('hooks/create', { callbackURL })
    expect(hook).toMatchObject({ returncode: 'SUCCESS', hookID: '1' })
    expect(await dev.call('hooks/create', { callbackURL })).toMatchObject({ messageKey: 'duplicateWarning', hookID: '1' })
    await dev.call('create', { meetingID: 'wh-1', name: 'Hooked' })
    const added = (await (await dev.post('dev/meetings/wh-1/attendees', { role: 'MODERATOR', userID: 'u-1' })).json()) as Loose
    await fetch(`${dev.url}dev/meetings/wh-1/attendees/u-1`, { method: 'DELETE' })
    await dev.call('end', { meetingID: 'wh-1' })
    await waitFor(() => (events('/hook').length >= 4 ? true : undefined))
    await dev.dev.deliveriesIdle()
    expect(events('/hook').map((e) => e.id)).toEqual(['meeting-created', 'user-joined', 'user-left', 'meeting-ended'])
    const joined = events('/hook')[1]!
    expect(joined.attributes.user).toMatchObject({ 'external-user-id': 'u-1', role: 'MODERATOR', 'internal-user-id': added.attendees[0].internalUserID })
    for (const r of received) {
      expect(r.method).toBe('POST')
      expect(r.contentType).toBe('application/x-www-form-urlencoded')
      const form = new URLSearchParams(r.body)
      expect([...form.keys()]).toEqual(['domain', 'event', 'timestamp'])
      const url = new URL(base + r.url)
      const given = url.searchParams.get('checksum')
      expect(r.url.startsWith('/hook?space=1&checksum=')).toBe(true)
      expect(given).toBe(createHash('sha1').update(callbackURL + r.body + dev.secret).digest('hex'))
    }
  })

  it('retries a failed delivery with backoff and keeps the order', async () => {
    dev = await startDev({ delivery: { retryDelaysMs: [30, 30, 30] } })
    answers['/flaky'] = [500, 503]
    await dev.call('hooks/create', { callbackURL: `${base}/flaky` })
    await dev.call('create', { meetingID: 'wh-2', name: 'Flaky' })
    await dev.post('dev/meetings/wh-2/attendees', {})
    await waitFor(() => (events('/flaky').filter((e) => e.id === 'user-joined').length === 1 ? true : undefined))
    await dev.dev.deliveriesIdle()
    expect(events('/flaky').map((e) => e.id)).toEqual(['meeting-created', 'meeting-created', 'meeting-created', 'user-joined'])
  })

  it('scopes hooks to a meeting, filters by eventID, lists and destroys them', async () => {
    dev = await startDev()
    await dev.call('hooks/create', { callbackURL: `${base}/one`, meetingID: 'wh-3', eventID: 'user-joined' })
    await dev.call('hooks/create', { callbackURL: `${base}/all` })
    const listed = await dev.call('hooks/list', { meetingID: 'other' })
    expect(listed.hooks.hook.callbackURL).toBe(`${base}/all`)
    expect((await dev.call('hooks/list')).hooks.hook).toHaveLength(2)
    await dev.call('create', { meetingID: 'wh-3', name: 'Scoped' })
    await dev.call('create', { meetingID: 'wh-4', name: 'Other' })
    await dev.post('dev/meetings/wh-3/attendees', {})
    await dev.post('dev/meetings/wh-4/attendees', {})
    await waitFor(() => (events('/all').length === 4 && events('/one').length === 1 ? true : undefined))
    expect(events('/one')[0]!.attributes.meeting['external-meeting-id']).toBe('wh-3')
    expect(await dev.call('hooks/destroy', { hookID: 1 })).toMatchObject({ removed: 'true' })
    expect(await dev.call('hooks/destroy', { hookID: 1 })).toMatchObject({ messageKey: 'destroyMissingHook' })
    expect(await dev.call('hooks/destroy')).toMatchObject({ messageKey: 'missingParamHookID' })
    expect(await dev.call('hooks/create')).toMatchObject({ messageKey: 'missingParamCallbackURL' })
  })
})

describe('meeting callbacks', () => {
  it('calls meta_endCallbackUrl with GET and recordingmarks when the meeting ends', async () => {
    dev = await startDev()
    await dev.call('create', { meetingID: 'cb-1', name: 'End cb', meta_endCallbackUrl: `${base}/ended?room=7` })
    await dev.post('dev/meetings/cb-1/attendees', {})
    await dev.call('end', { meetingID: 'cb-1' })
    const hit = await waitFor(() => received.find((r) => r.url.startsWith('/ended')))
    expect(hit.method).toBe('GET')
    expect(hit.url).toBe('/ended?room=7&recordingmarks=false&meetingID=cb-1')
  })

  it('POSTs signed_parameters, an HS256 JWT verifiable with the secret, when the recording is ready', async () => {
    dev = await startDev({ delivery: { retryDelaysMs: [20] } })
    answers['/ready'] = [503]
    const created = await dev.call('create', {
      meetingID: 'cb-2',
      name: 'Rec cb',
      record: true,
      'meta_bbb-recording-ready-url': `${base}/ready`,
      meta_endCallbackUrl: `${base}/ended`,
    })
    await dev.post('dev/meetings/cb-2/attendees', {})
    await dev.call('end', { meetingID: 'cb-2' })
    await waitFor(() => (received.filter((r) => r.url === '/ready').length === 2 ? true : undefined))
    const hit = received.filter((r) => r.url === '/ready')[1]!
    expect(hit.method).toBe('POST')
    const token = new URLSearchParams(hit.body).get('signed_parameters')!
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(dev.secret))
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload).toEqual({ meeting_id: 'cb-2', record_id: created.internalMeetingID })
    await expect(jwtVerify(token, new TextEncoder().encode('wrong'))).rejects.toThrow()
    expect(received.find((r) => r.url.startsWith('/ended'))!.url).toBe('/ended?recordingmarks=true&meetingID=cb-2')
  })
})
