import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { checksum } from '../../server/bbb/checksum.js'
import { createBbbClient, normalizeEndpoint, type BbbClient } from '../../server/bbb/client.js'
import { isBbbApiError, isBbbUnavailableError, BbbParamsError, type BbbUnavailableError } from '../../server/bbb/errors.js'
import { startDevBbb, type RunningDevBbb } from '../../server/dev-bbb/index.js'

const SECRET = 'test-secret-7f3a9c2e51d04b8a'

/** Splits a signed URL into the part that was hashed and the checksum. */
function parts(url: string): { call: string; query: string; checksum: string } {
  const m = /\/api\/(.+?)\?(?:(.*)&)?checksum=([0-9a-f]+)$/.exec(url)
  if (!m) throw new Error(`not a signed URL: ${url}`)
  return { call: m[1]!, query: m[2] ?? '', checksum: m[3]! }
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

/** Nothing that leaves the client may carry the secret or the real checksum. */
function expectNoSecrets(err: unknown, ...secrets: string[]): void {
  const views = [String(err), inspect(err, { depth: 10 }), JSON.stringify(err), (err as Error).stack ?? '']
  for (const view of views) for (const s of secrets) expect(view).not.toContain(s)
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

describe('endpoint and signed URLs', () => {
  it.each([
    'https://bbb.example.org/bigbluebutton/',
    'https://bbb.example.org/bigbluebutton',
    'https://bbb.example.org/bigbluebutton/api',
    'https://bbb.example.org/bigbluebutton/api/',
  ])('normalises %s to the API base', (endpoint) => {
    expect(normalizeEndpoint(endpoint)).toBe('https://bbb.example.org/bigbluebutton/api/')
  })

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(() => createBbbClient({ endpoint: 'bbb.example.org', secret: 's' })).toThrow(BbbParamsError)
    expect(() => createBbbClient({ endpoint: 'ftp://bbb.example.org/bigbluebutton/', secret: 's' })).toThrow(BbbParamsError)
  })

  it('signs a raw query exactly as given (the BBB docs example)', () => {
    const client = createBbbClient({
      endpoint: 'https://bbb.example.org/bigbluebutton/',
      secret: '639259d4-9dd8-4b25-bf01-95f9567eaf4b',
      algorithm: 'sha1',
    })
    expect(client.urls.sign('create', 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444')).toBe(
      'https://bbb.example.org/bigbluebutton/api/create?name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17',
    )
    expect(client.urls.getMeetings()).toBe(
      `https://bbb.example.org/bigbluebutton/api/getMeetings?checksum=${checksum('getMeetings', '', '639259d4-9dd8-4b25-bf01-95f9567eaf4b', 'sha1')}`,
    )
    expect(client.urls.apiRoot()).toBe('https://bbb.example.org/bigbluebutton/api')
  })

  it('uses the hooks/… call names and sha256 by default', () => {
    const client = createBbbClient({ endpoint: 'https://h/bigbluebutton', secret: SECRET })
    const url = client.urls.hooksCreate({ callbackURL: 'https://app.example.com/bbb/webhook', getRaw: false })
    const p = parts(url)
    expect(p.call).toBe('hooks/create')
    expect(p.query).toBe('callbackURL=https%3A%2F%2Fapp.example.com%2Fbbb%2Fwebhook&getRaw=false')
    expect(p.checksum).toBe(checksum('hooks/create', p.query, SECRET, 'sha256'))
  })

  it('writes typed create parameters in insertion order, meta_ and arrays expanded in place', () => {
    const client = createBbbClient({ endpoint: 'https://h/bigbluebutton/', secret: SECRET, algorithm: 'sha512' })
    const url = client.urls.create({
      meetingID: 'room-1',
      name: 'Équipe',
      record: false,
      meta: { 'bbb-origin': 'bbb-spaces', endCallbackUrl: 'https://s/cb?t=1' },
      disabledFeatures: ['chat', 'polls'],
      guestPolicy: 'ASK_MODERATOR',
      lockSettingsDisableCam: true,
      modules: { presentation: [{ url: 'https://s/doc.pdf' }] },
    })
    const p = parts(url)
    expect(p.query).toBe(
      'meetingID=room-1&name=%C3%89quipe&record=false&meta_bbb-origin=bbb-spaces' +
        '&meta_endCallbackUrl=https%3A%2F%2Fs%2Fcb%3Ft%3D1&disabledFeatures=chat%2Cpolls' +
        '&guestPolicy=ASK_MODERATOR&lockSettingsDisableCam=true',
    )
    expect(p.checksum).toHaveLength(128)
    expect(p.checksum).toBe(checksum('create', p.query, SECRET, 'sha512'))
  })

  it('writes join userdata- pairs, drops guest=false and keeps guest=true', () => {
    const client = createBbbClient({ endpoint: 'https://h/bigbluebutton/', secret: SECRET })
    const viewer = parts(
      client.urls.join({ fullName: 'Ann', meetingID: 'm', role: 'VIEWER', guest: false, userdata: { bbb_override_default_locale: 'fr' } }),
    )
    expect(viewer.query).toBe('fullName=Ann&meetingID=m&role=VIEWER&userdata-bbb_override_default_locale=fr')
    const guest = parts(client.urls.join({ fullName: 'Bob', meetingID: 'm', role: 'VIEWER', guest: true, createTime: 1715261728123 }))
    expect(guest.query).toBe('fullName=Bob&meetingID=m&role=VIEWER&guest=true&createTime=1715261728123')
  })

  it('refuses metadata and userdata keys BBB would reject, naming the key', () => {
    const client = createBbbClient({ endpoint: 'https://h/bigbluebutton/', secret: SECRET })
    expect(() => client.urls.create({ meetingID: 'm', name: 'n', meta: { 'bad key': 'x' } })).toThrow(/bad key/)
    expect(() => client.urls.join({ fullName: 'a', meetingID: 'm', role: 'VIEWER', userdata: { 'a-b': 'x' } })).toThrow(
      expect.objectContaining({ code: 'invalid_params' }),
    )
  })

  it.each([
    ['accents', 'Réunion été à Zürich', 'R%C3%A9union+%C3%A9t%C3%A9+%C3%A0+Z%C3%BCrich'],
    ['apostrophes and brackets', "José O'Brien (ext)*~!", 'Jos%C3%A9+O%27Brien+%28ext%29*%7E%21'],
    ['a literal plus', 'C++ & Go', 'C%2B%2B+%26+Go'],
    ['spaces', '  two  spaces ', '++two++spaces+'],
    ['emoji', 'Party 🎉👩‍💻', 'Party+%F0%9F%8E%89%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB'],
  ])('encodes %s like Java URLEncoder in the signed URL', (_label, name, encoded) => {
    const client = createBbbClient({ endpoint: 'https://h/bigbluebutton/', secret: SECRET })
    const p = parts(client.urls.create({ meetingID: 'm', name }))
    expect(p.query).toBe(`meetingID=m&name=${encoded}`)
    expect(p.checksum).toBe(checksum('create', p.query, SECRET))
  })
})

describe('client against the development BBB server', () => {
  let dev: RunningDevBbb
  let bbb: BbbClient

  beforeAll(async () => {
    dev = await startDevBbb({ port: 0, secret: SECRET })
    bbb = createBbbClient({ endpoint: dev.url, secret: SECRET, timeoutMs: 2_000 })
  })
  afterAll(async () => {
    await dev?.close()
  })
  afterEach(async () => {
    await fetch(`${dev.url}dev/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'none' }),
    })
  })

  async function fault(body: object): Promise<void> {
    const res = await fetch(`${dev.url}dev/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
  }

  it('reads the version from the unsigned API root', async () => {
    const v = await bbb.apiVersion()
    expect(v.version).toBe('2.0')
    expect(v.apiVersion).toBe('2.0')
  })

  it('creates idempotently: a second create is a success flagged duplicateWarning with the same createTime', async () => {
    const first = await bbb.create({ meetingID: 'idem-1', name: 'Idem' })
    const second = await bbb.create({ meetingID: 'idem-1', name: 'Idem' })
    expect(first.duplicateWarning).toBe(false)
    expect(second.duplicateWarning).toBe(true)
    expect(second.messageKey).toBe('duplicateWarning')
    expect(second.createTime).toBe(first.createTime)
    expect(typeof first.createTime).toBe('number')
    const info = await bbb.getMeetingInfo({ meetingID: 'idem-1' })
    expect(info.createTime).toBe(first.createTime)
  })

  it.each([
    ['accents', 'Réunion été à Zürich'],
    ['apostrophes', "José O'Brien (ext)*~!"],
    ['a literal plus', 'C++ & Go'],
    ['spaces', 'two  spaces inside'],
    ['emoji', 'Party 🎉👩‍💻'],
  ])('round-trips a name with %s through a real signed create', async (label, name) => {
    const meetingID = `enc-${label.replace(/\W/g, '-')}`
    await bbb.create({ meetingID, name, meta: { 'bbb-context-name': name } })
    const info = await bbb.getMeetingInfo({ meetingID })
    expect(info.meetingName).toBe(name)
    expect(info.metadata['bbb-context-name']).toBe(name)
  })

  it('sends create modules as an application/xml POST body and keeps the params in the signed query', async () => {
    const created = await bbb.create({
      meetingID: 'with-slides',
      name: 'Slides',
      modules: { presentation: [{ url: 'https://example.org/a.pdf', filename: 'a.pdf' }, { name: 'b.pdf', base64: 'JVBERi0=' }] },
    })
    expect(created.meetingID).toBe('with-slides')
    expect(dev.dev.state.meetings.get('with-slides')?.documents).toBe(2)
  })

  it('joins with redirect=false and returns the session; the browser URL answers 302', async () => {
    await bbb.create({ meetingID: 'join-1', name: 'Join' })
    const joined = await bbb.join({ fullName: 'Zoë', meetingID: 'join-1', role: 'MODERATOR', userID: 'u-1' })
    expect(joined.messageKey).toBe('successfullyJoined')
    expect(joined.sessionToken).not.toBe('')
    const res = await fetch(bbb.urls.join({ fullName: 'Ann', meetingID: 'join-1', role: 'VIEWER' }), { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toContain('sessionToken=')
  })

  it('lists meetings with attendees as arrays and converted numbers', async () => {
    await bbb.create({ meetingID: 'list-1', name: 'List' })
    await bbb.join({ fullName: 'Attendee One', meetingID: 'list-1', role: 'VIEWER', userID: 'a-1' })
    const { meetings } = await bbb.getMeetings()
    const m = meetings.find((x) => x.meetingID === 'list-1')
    expect(m).toBeDefined()
    expect(Array.isArray(m!.attendees)).toBe(true)
    expect(typeof m!.participantCount).toBe('number')
    expect(typeof m!.running).toBe('boolean')
  })

  it('says an unknown meeting is not running, and fails getMeetingInfo with notFound', async () => {
    expect(await bbb.isMeetingRunning({ meetingID: 'nobody-here' })).toEqual({ running: false })
    const err = await caught(bbb.getMeetingInfo({ meetingID: 'nobody-here' }))
    expect(isBbbApiError(err)).toBe(true)
    expect(err).toMatchObject({ code: 'notFound', messageKey: 'notFound', call: 'getMeetingInfo' })
  })

  it('ends a meeting with sentEndMeetingRequest', async () => {
    await bbb.create({ meetingID: 'end-1', name: 'End' })
    expect((await bbb.end({ meetingID: 'end-1' })).messageKey).toBe('sentEndMeetingRequest')
  })

  it('throws checksumError for a wrong secret, without the secret or checksum in the error', async () => {
    const wrong = createBbbClient({ endpoint: dev.url, secret: 'not-the-secret-123', timeoutMs: 2_000 })
    const sent = parts(wrong.urls.getMeetings()).checksum
    const err = await caught(wrong.getMeetings())
    expect(isBbbApiError(err)).toBe(true)
    expect(err).toMatchObject({ code: 'checksumError', call: 'getMeetings' })
    expect((err as { url: string }).url).toContain('checksum=REDACTED')
    expectNoSecrets(err, 'not-the-secret-123', sent)
  })

  it('maps a slow server to a timeout', async () => {
    await fault({ mode: 'slow', delayMs: 1_500, calls: ['getMeetings'] })
    const quick = createBbbClient({ endpoint: dev.url, secret: SECRET, timeoutMs: 200 })
    const err = await caught(quick.getMeetings())
    expect(isBbbUnavailableError(err)).toBe(true)
    expect((err as BbbUnavailableError).reason).toBe('timeout')
  })

  it("maps a proxy's HTML error page to http_status with the status", async () => {
    await fault({ mode: 'error', status: 502, calls: ['getMeetings'] })
    const err = await caught(bbb.getMeetings())
    expect(err).toMatchObject({ name: 'BbbUnavailableError', code: 'unavailable', reason: 'http_status', status: 502 })
    expectNoSecrets(err, SECRET, parts(bbb.urls.getMeetings()).checksum)
  })

  it('maps truncated XML to malformed', async () => {
    await fault({ mode: 'malformed', calls: ['getMeetings'] })
    const err = await caught(bbb.getMeetings())
    expect(err).toMatchObject({ reason: 'malformed', call: 'getMeetings' })
  })

  it('maps a dropped connection to unreachable', async () => {
    await fault({ mode: 'down', calls: ['getMeetings'] })
    const err = await caught(bbb.getMeetings())
    expect(err).toMatchObject({ reason: 'unreachable' })
    expectNoSecrets(err, SECRET, parts(bbb.urls.getMeetings()).checksum)
  })

  it('speaks to a Scalelite-like server whose getMeetings is disabled', async () => {
    const lite = await startDevBbb({ port: 0, secret: SECRET, like: 'scalelite', getMeetingsDisabled: true })
    try {
      const client = createBbbClient({ endpoint: lite.url, secret: SECRET })
      await client.create({ meetingID: 'lite-1', name: 'Lite' })
      expect((await client.getMeetings()).meetings).toEqual([])
      const err = await caught(client.hooksList())
      expect(err).toMatchObject({ code: 'unsupportedRequest' })
    } finally {
      await lite.close()
    }
  })
})

describe('client against servers that are not BBB', () => {
  let server: Server
  let base: string

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/captive/')) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>')
      } else if (req.url?.startsWith('/plain/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('OK')
      } else if (req.url?.startsWith('/other-xml/')) {
        res.writeHead(200, { 'content-type': 'application/xml' }).end('<rss><channel/></rss>')
      } else {
        res.writeHead(404).end()
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()))
  })

  it.each([
    ['an HTML page answered with 200', '/captive/bigbluebutton/', 'not_xml'],
    ['plain text', '/plain/bigbluebutton/', 'not_xml'],
    ['XML that is not a BBB response', '/other-xml/bigbluebutton/', 'not_xml'],
    ['a 404', '/missing/bigbluebutton/', 'http_status'],
  ])('maps %s to %s', async (_label, path, reason) => {
    const client = createBbbClient({ endpoint: base + path, secret: SECRET })
    const err = await caught(client.getMeetings())
    expect(isBbbUnavailableError(err)).toBe(true)
    expect((err as BbbUnavailableError).reason).toBe(reason)
  })

  it('maps connection refused to unreachable, saying so', async () => {
    const port = await freePort()
    const client = createBbbClient({ endpoint: `http://127.0.0.1:${port}/bigbluebutton/`, secret: SECRET })
    const err = await caught(client.getMeetings())
    expect(err).toMatchObject({ reason: 'unreachable' })
    expect((err as Error).message).toContain('connection refused')
    expectNoSecrets(err, SECRET, parts(client.urls.getMeetings()).checksum)
  })
})
