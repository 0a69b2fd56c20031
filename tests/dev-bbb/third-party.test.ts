import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseStringPromise } from 'xml2js'
import { startDevBbb, type RunningDevBbb } from '../../server/dev-bbb/index.js'

// Drives the dev BBB the way a third-party client does (the PHP client, the Ruby gem Greenlight uses): its own
// signing (node:crypto over URLSearchParams, nothing from server/bbb), the calls in its order, and the answers
// read as plain XML. Run once per checksum algorithm bbb-web accepts.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any

const SECRET = 'third-party-conformance-secret'
const ALGORITHMS = ['sha1', 'sha256', 'sha384', 'sha512'] as const

let receiver: Server
let callbackBase: string
const callbacks: string[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    callbacks.push(req.url!)
    res.end()
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  callbackBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => receiver.close(r))
})

function client(bbb: RunningDevBbb, algorithm: (typeof ALGORITHMS)[number]) {
  const url = (call: string, params: Record<string, string> = {}) => {
    const query = new URLSearchParams(params).toString()
    const sum = createHash(algorithm).update(call + query + SECRET).digest('hex')
    return `${bbb.url}api/${call}?${query}${query ? '&' : ''}checksum=${sum}`
  }
  return {
    async call(call: string, params: Record<string, string> = {}): Promise<Loose> {
      const res = await fetch(url(call, params))
      expect(res.status).toBe(200)
      return (await parseStringPromise(await res.text(), { explicitArray: false })).response
    },
  }
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.each(ALGORITHMS)('a third-party client signing with %s', (algorithm) => {
  let bbb: RunningDevBbb
  beforeAll(async () => {
    bbb = await startDevBbb({ secret: SECRET, endDelayMs: 30 })
  })
  afterAll(async () => {
    await bbb.close()
  })

  it('sees an ended meeting disappear: not listed, notFound, not running, and a repeated end answers notFound', async () => {
    const api = client(bbb, algorithm)
    const id = `gone-${algorithm}`
    expect(await api.call('create', { meetingID: id, name: 'Gone soon' })).toMatchObject({ returncode: 'SUCCESS' })
    expect((await fetch(`${bbb.url}dev/meetings/${id}/attendees`, { method: 'POST' })).status).toBe(201)
    expect(await api.call('end', { meetingID: id })).toMatchObject({ returncode: 'SUCCESS', messageKey: 'sentEndMeetingRequest' })
    await until(async () => ((await api.call('isMeetingRunning', { meetingID: id })).running === 'false' ? true : undefined))
    const listed = await api.call('getMeetings')
    expect(listed).toMatchObject({ returncode: 'SUCCESS', messageKey: 'noMeetings' })
    expect(await api.call('getMeetingInfo', { meetingID: id })).toMatchObject({ returncode: 'FAILED', messageKey: 'notFound' })
    expect(await api.call('isMeetingRunning', { meetingID: id })).toMatchObject({ returncode: 'SUCCESS', running: 'false' })
    expect(await api.call('end', { meetingID: id })).toMatchObject({ returncode: 'FAILED', messageKey: 'notFound' })
    // The same meetingID starts afresh (no duplicateWarning, a new internal id).
    const again = await api.call('create', { meetingID: id, name: 'Gone soon' })
    expect(again).toMatchObject({ returncode: 'SUCCESS' })
    expect(again.messageKey).toBeUndefined()
    expect(await api.call('end', { meetingID: id })).toMatchObject({ returncode: 'SUCCESS' })
    await until(async () => ((await api.call('getMeetingInfo', { meetingID: id })).messageKey === 'notFound' ? true : undefined))
  })

  it('ends every listed meeting without a failure, then lists none', async () => {
    const api = client(bbb, algorithm)
    for (const n of [1, 2, 3]) await api.call('create', { meetingID: `all-${algorithm}-${n}`, name: `Room ${n}` })
    const listed = await api.call('getMeetings')
    const ids = ([] as Loose[]).concat(listed.meetings.meeting).map((m: Loose) => m.meetingID as string)
    expect(ids.sort()).toEqual([1, 2, 3].map((n) => `all-${algorithm}-${n}`))
    for (const id of ids) expect(await api.call('end', { meetingID: id })).toMatchObject({ returncode: 'SUCCESS' })
    await until(async () => ((await api.call('getMeetings')).messageKey === 'noMeetings' ? true : undefined))
    for (const id of ids) expect(await api.call('end', { meetingID: id })).toMatchObject({ messageKey: 'notFound' })
  })

  it('calls meta_endCallbackUrl with its own query kept, then recordingmarks and the external meetingID', async () => {
    const api = client(bbb, algorithm)
    const id = `cb ${algorithm}/é&1`
    await api.call('create', { meetingID: id, name: 'Callback', meta_endCallbackUrl: `${callbackBase}/ended/${algorithm}?token=t%2B1` })
    await api.call('end', { meetingID: id })
    const hit = await until(async () => callbacks.find((u) => u.startsWith(`/ended/${algorithm}?`)))
    const query = hit.slice(hit.indexOf('?') + 1)
    expect([...new URLSearchParams(query).keys()]).toEqual(['token', 'recordingmarks', 'meetingID'])
    const params = new URLSearchParams(query)
    expect(params.get('token')).toBe('t+1')
    expect(params.get('recordingmarks')).toBe('false')
    expect(params.get('meetingID')).toBe(id)
  })
})
