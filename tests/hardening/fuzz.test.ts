import { request as httpRequest } from 'node:http'
import { SignJWT, UnsecuredJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mintHostToken } from '../../server/auth/host-jwt.js'
import { startTestService, type TestService } from '../helpers/service.js'
import { seededRandom } from '../helpers/random.js'

// Malformed requests against every route, generated from a fixed seed: every answer is a 4xx (the JSON error
// envelope, or an HTML page for pages), never a 5xx, never a hang, and the service still works afterwards.
const SEED = 0x5eed_0009
const REQUEST_TIMEOUT_MS = 5000
const ISSUER = 'fuzz-host'
const AUDIENCE = 'bbb-spaces-fuzz'
const METRICS_TOKEN = 'fuzz-metrics-token-0123456789abcdef'
const SPACE = 'fuzz-space'

interface Answer {
  status: number
  contentType: string
  body: string
}

interface Case {
  name: string
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Buffer
  /** Node's HTTP parser answers 431 itself for oversized headers, without our envelope. */
  bareStatusOk?: boolean
  /** Free text the service normalizes: a 2xx is right too, as long as no control, bidi or zero-width character comes back. */
  cleanedOk?: boolean
}

/** Every string in a JSON answer, for the free-text cases. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsOf)
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf)
  return []
}

/** Raw HTTP (no URL normalisation: `../` and broken escapes go out as written), with a hard timeout. */
function send(base: string, c: Case): Promise<Answer> {
  const url = new URL(base)
  const body = c.body === undefined ? undefined : Buffer.from(c.body)
  // Node sends DELETE bodies without a length unless told: say it, or the bytes read as a second request.
  const length: Record<string, string> = body ? { 'content-length': String(body.length) } : {}
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: c.method, path: c.path, headers: { connection: 'close', ...length, ...c.headers } },
      (res) => {
        const chunks: Buffer[] = []
        const contentType = String(res.headers['content-type'] ?? '')
        if (contentType.startsWith('text/event-stream')) {
          res.destroy()
          resolve({ status: res.statusCode ?? 0, contentType, body: '' })
          return
        }
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`hang: no answer within ${REQUEST_TIMEOUT_MS} ms`)))
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

type Auth = 'token' | 'none'
type BodyKind = 'json' | 'none' | 'raw'
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  auth: Auth
  body: BodyKind
  /** Answers HTML (pages): a 4xx page is fine without the JSON envelope. */
  html?: boolean
  /** Never reads a body (it is not even received): body mutations are pointless. */
  ignoresBody?: boolean
  /** A valid body, for mutations that break one thing at a time. */
  valid?: Record<string, unknown>
  /** Headers every case of the route carries (the room link's visitor cookie), unless the case sets its own. */
  headers?: Record<string, string>
}

let t: TestService
let token: string
let roomId: string
let meetingId: string
let visitor: string
let routes: Route[]

async function tokenWith(claims: Record<string, unknown>, opts: { issuer?: string; audience?: string; exp?: number | string; key?: string } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt()
  jwt = jwt.setExpirationTime(opts.exp ?? '1h')
  if (opts.issuer !== '') jwt = jwt.setIssuer(opts.issuer ?? ISSUER)
  if (opts.audience !== '') jwt = jwt.setAudience(opts.audience ?? AUDIENCE)
  return jwt.sign(opts.key !== undefined ? new TextEncoder().encode(opts.key) : t.hostSecret)
}

beforeAll(async () => {
  t = await startTestService({
    demo: true,
    env: { HOST_JWT_ISSUER: ISSUER, HOST_JWT_AUDIENCE: AUDIENCE, METRICS_TOKEN, RATE_LIMIT_PER_MINUTE: '1000000' },
  })
  token = await mintHostToken(
    t.hostSecret,
    { sub: 'fuzz-admin', name: 'Fuzz Admin', admin: true, spaces: { [SPACE]: 'manager' } },
    { issuer: ISSUER, audience: AUDIENCE },
  )
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const created = await fetch(`${t.url}/api/v1/spaces/${SPACE}/rooms`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Fuzz room', settings: { guestsAllowed: true } }) })
  expect(created.status).toBe(201)
  roomId = ((await created.json()) as { room: { id: string } }).room.id
  const scheduled = await fetch(`${t.url}/api/v1/rooms/${roomId}/meetings`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title: 'Fuzz meeting', start: new Date(Date.now() + 86_400_000).toISOString(), durationMinutes: 30 }),
  })
  expect(scheduled.status).toBe(201)
  meetingId = ((await scheduled.json()) as { meeting: { id: string } }).meeting.id
  // The room link's page gives the visitor cookie a guest's join needs: the join's cases carry it, so they reach
  // the body's checks (a cookieless join is refused first, visitor_required).
  const page = await fetch(`${t.url}/r/${roomId}`)
  visitor = page.headers.getSetCookie().find((c) => c.startsWith('bbbs_visitor='))!.split(';')[0]!

  const start = new Date(Date.now() + 86_400_000).toISOString()
  // Every route the routers define (server/http/app.ts and server/http/routes/*).
  routes = [
    { method: 'GET', path: `/api/v1/spaces/${SPACE}/rooms`, auth: 'token', body: 'none' },
    { method: 'POST', path: `/api/v1/spaces/${SPACE}/rooms`, auth: 'token', body: 'json', valid: { name: 'New room' } },
    { method: 'GET', path: `/api/v1/rooms/${roomId}`, auth: 'token', body: 'none' },
    { method: 'PATCH', path: `/api/v1/rooms/${roomId}`, auth: 'token', body: 'json', valid: { name: 'Renamed' } },
    { method: 'POST', path: `/api/v1/rooms/${roomId}/access-codes`, auth: 'token', body: 'json', valid: { kind: 'viewer' } },
    { method: 'DELETE', path: `/api/v1/rooms/${roomId}/access-codes/moderator`, auth: 'token', body: 'none' },
    { method: 'DELETE', path: `/api/v1/rooms/${roomId}`, auth: 'token', body: 'none' },
    { method: 'POST', path: `/api/v1/rooms/${roomId}/join`, auth: 'token', body: 'none' },
    { method: 'POST', path: `/api/v1/rooms/${roomId}/end`, auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/spaces/${SPACE}/audit`, auth: 'token', body: 'none' },
    { method: 'GET', path: '/api/v1/admin/limits', auth: 'token', body: 'none' },
    { method: 'PUT', path: '/api/v1/admin/limits', auth: 'token', body: 'json', valid: { licence: { maxParticipants: 100 } } },
    { method: 'GET', path: `/api/v1/admin/spaces/${SPACE}/limits`, auth: 'token', body: 'none' },
    { method: 'PUT', path: `/api/v1/admin/spaces/${SPACE}/limits`, auth: 'token', body: 'json', valid: { limits: { maxParticipantsPerMeeting: 10 } } },
    { method: 'GET', path: '/api/v1/admin/usage', auth: 'token', body: 'none' },
    { method: 'GET', path: '/api/v1/admin/audit', auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/me/limits?spaceId=${SPACE}`, auth: 'token', body: 'none' },
    { method: 'POST', path: '/api/v1/events/tickets', auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/rooms/${roomId}/events`, auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/spaces/${SPACE}/events`, auth: 'token', body: 'none' },
    { method: 'POST', path: `/api/v1/rooms/${roomId}/meetings`, auth: 'token', body: 'json', valid: { title: 'M', start, durationMinutes: 30 } },
    { method: 'GET', path: `/api/v1/meetings/${meetingId}`, auth: 'token', body: 'none' },
    { method: 'PATCH', path: `/api/v1/meetings/${meetingId}`, auth: 'token', body: 'json', valid: { title: 'Moved' } },
    { method: 'DELETE', path: `/api/v1/meetings/${meetingId}`, auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/meetings/${meetingId}/invite.ics`, auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/spaces/${SPACE}/meetings`, auth: 'token', body: 'none' },
    { method: 'POST', path: `/api/v1/spaces/${SPACE}/calendar-key`, auth: 'token', body: 'none' },
    { method: 'DELETE', path: `/api/v1/spaces/${SPACE}/calendar-key`, auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/rooms/${roomId}/recordings`, auth: 'token', body: 'none' },
    { method: 'POST', path: `/api/v1/rooms/${roomId}/recordings/rec-1/publish`, auth: 'token', body: 'json', valid: { publish: true } },
    { method: 'PATCH', path: `/api/v1/rooms/${roomId}/recordings/rec-1`, auth: 'token', body: 'json', valid: { name: 'Rec' } },
    { method: 'DELETE', path: `/api/v1/rooms/${roomId}/recordings/rec-1`, auth: 'token', body: 'none' },
    { method: 'GET', path: `/api/v1/spaces/${SPACE}/calendar.ics?key=nope`, auth: 'none', body: 'none' },
    { method: 'GET', path: `/r/${roomId}`, auth: 'none', body: 'none', html: true },
    { method: 'GET', path: `/r/${roomId}/status.json`, auth: 'none', body: 'none' },
    { method: 'POST', path: `/r/${roomId}/join`, auth: 'none', body: 'json', html: true, valid: { name: 'Guest' }, headers: { cookie: visitor } },
    { method: 'GET', path: '/r/assets/room-link.js', auth: 'none', body: 'none' },
    { method: 'GET', path: '/auth/oidc/login', auth: 'none', body: 'none', html: true },
    { method: 'GET', path: '/auth/oidc/callback', auth: 'none', body: 'none', html: true },
    { method: 'POST', path: '/auth/oidc/logout', auth: 'none', body: 'none', html: true, ignoresBody: true },
    { method: 'POST', path: '/callbacks/bbb/webhook', auth: 'none', body: 'raw' },
    { method: 'GET', path: '/callbacks/bbb/end/some-token', auth: 'none', body: 'none' },
    { method: 'POST', path: '/callbacks/bbb/end/some-token', auth: 'none', body: 'raw' },
    { method: 'POST', path: '/callbacks/bbb/recording-ready', auth: 'none', body: 'raw' },
    { method: 'GET', path: '/', auth: 'none', body: 'none', html: true },
    { method: 'GET', path: '/demo/demo.js', auth: 'none', body: 'none' },
    { method: 'GET', path: '/demo/demo.css', auth: 'none', body: 'none' },
    { method: 'POST', path: '/demo/token', auth: 'none', body: 'json', valid: { persona: 'nobody-such' } },
    { method: 'GET', path: '/healthz', auth: 'none', body: 'none' },
    { method: 'GET', path: '/metrics', auth: 'none', body: 'none' },
    { method: 'GET', path: '/widget/v1/bbb-spaces.js', auth: 'none', body: 'none' },
    { method: 'GET', path: '/widget/esm/bbb-spaces-react.js', auth: 'none', body: 'none' },
  ]
})

afterAll(async () => {
  await t?.close()
})

const PATH_ATTACKS = [
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '../../../etc/passwd',
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  'x'.repeat(3000),
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%C3%A9%F0%9F%98%80',
  '....%5C....%5Cwindows',
  '%0d%0aSet-Cookie:%20x=1',
]

const CONTROL = ['\u0000', '\u0007', '\u001b[31m', '\r\n', '\u202e', '\u0008', '\u2028', '\u200b', '\u2066', '\ufeff']
const QUOTES = ['"', '\'', '"ROLE=CHAIR:mailto:boss@example.org', '\\"', '`']

/** Every malformed variant of a route, in a seeded order. */
async function casesFor(route: Route, random: () => number): Promise<Case[]> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const cases: Case[] = []
  const base: Case = { name: '', method: route.method, path: route.path, headers: {} }
  const withToken = (c: Case): Case => (route.auth === 'token' ? { ...c, headers: { authorization: `Bearer ${token}`, ...c.headers } } : c)
  const validBody = route.valid ? JSON.stringify(route.valid) : route.body === 'json' ? '{}' : undefined
  const jsonHeaders = (body: string | undefined): Record<string, string> =>
    body === undefined ? {} : { 'content-type': 'application/json' }

  if (route.auth === 'token') {
    const claims = { sub: 'fuzzer', name: 'Fuzzer', admin: true, spaces: { [SPACE]: 'manager' } }
    const bearer = async (name: string, value: string) =>
      cases.push({ ...base, name, headers: { authorization: value, ...jsonHeaders(validBody) }, ...(validBody ? { body: validBody } : {}) })
    await bearer('no token', '')
    await bearer('Bearer without token', 'Bearer ')
    await bearer('Basic auth', 'Basic dXNlcjpwYXNz')
    await bearer('garbage token', `Bearer ${'%$#'.repeat(10)}`)
    await bearer('alg none', `Bearer ${new UnsecuredJWT(claims).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('1h').encode()}`)
    await bearer('wrong key', `Bearer ${await tokenWith(claims, { key: 'another-secret-of-the-same-length-000000' })}`)
    await bearer('expired', `Bearer ${await tokenWith(claims, { exp: Math.floor(Date.now() / 1000) - 3600 })}`)
    await bearer('wrong audience', `Bearer ${await tokenWith(claims, { audience: 'someone-else' })}`)
    await bearer('wrong issuer', `Bearer ${await tokenWith(claims, { issuer: 'evil-host' })}`)
    await bearer('missing sub', `Bearer ${await tokenWith({ name: 'No Sub', spaces: {} })}`)
    await bearer('missing name', `Bearer ${await tokenWith({ sub: 'no-name', spaces: {} })}`)
    await bearer('wrong claim types', `Bearer ${await tokenWith({ sub: 'x', name: 42, admin: 'yes', spaces: ['a'] })}`)
    await bearer('oversized token', `Bearer ${await tokenWith({ ...claims, pad: 'p'.repeat(9000) })}`)
    cases.push({ ...base, name: 'huge header', headers: { authorization: `Bearer ${'a'.repeat(20_000)}` }, bareStatusOk: true })
  }

  // Wrong method on the path: 404 route_not_found (or 405).
  // Never a method the path really has (GET …/limits also takes PUT).
  const taken = new Set(routes.filter((r) => r.path === route.path).map((r) => r.method))
  const wrongMethod = route.method === 'GET' ? pick(['PUT', 'PATCH'] as const) : 'PUT'
  if (!taken.has(wrongMethod)) cases.push(withToken({ ...base, name: `wrong method ${wrongMethod}`, method: wrongMethod }))

  // Ids: every path segment that carries an id gets an attack.
  const segments = route.path.split('?')[0]!.split('/')
  const idIndexes = segments.map((s, i) => ({ s, i })).filter(({ s }) =>
    [roomId, meetingId, SPACE, 'rec-1', 'some-token', 'moderator'].includes(s))
  for (const { i } of idIndexes) {
    for (let n = 0; n < 4; n++) {
      const attack = pick(PATH_ATTACKS)
      const parts = [...segments]
      parts[i] = attack
      const query = route.path.includes('?') ? `?${route.path.split('?')[1]}` : ''
      cases.push(withToken({ ...base, name: `id attack ${attack.slice(0, 30)}`, path: parts.join('/') + query,
        headers: jsonHeaders(validBody), ...(validBody ? { body: validBody } : {}) }))
    }
  }
  if (route.path.startsWith('/widget/') || route.path.startsWith('/demo/') || route.path.startsWith('/r/assets/')) {
    for (const attack of ['../../package.json', '..%2F..%2Fpackage.json', '%2e%2e/%2e%2e/server/config.ts', 'nope.js']) {
      cases.push({ ...base, name: `static traversal ${attack}`, path: route.path.replace(/[^/]+$/, attack) })
    }
  }

  // Query strings: duplicates, unknown keys, wrong types, huge.
  if (route.method === 'GET' && route.body === 'none') {
    const sep = route.path.includes('?') ? '&' : '?'
    if (route.path.includes('?')) {
      cases.push(withToken({ ...base, name: 'duplicate query parameter', path: `${route.path}&${route.path.split('?')[1]}` }))
    }
    if (/audit|meetings$|calendar\.ics/.test(route.path.split('?')[0]!)) {
      const key = /audit/.test(route.path) ? 'limit' : /meetings$/.test(route.path) ? 'from' : 'key'
      cases.push(withToken({ ...base, name: 'duplicate query parameter', path: `${route.path}${sep}${key}=1&${key}=2` }))
      cases.push(withToken({ ...base, name: 'wrong query type', path: `${route.path}${sep}${key}=${pick(['abc', '-1', '1e999', '%00', '[]'])}` }))
      cases.push(withToken({ ...base, name: 'unknown query parameter', path: `${route.path}${sep}bogus=1` }))
    }
    if (route.path.startsWith('/api/v1/me/limits')) {
      cases.push(withToken({ ...base, name: 'missing spaceId', path: '/api/v1/me/limits' }))
      cases.push(withToken({ ...base, name: 'spaceId traversal', path: '/api/v1/me/limits?spaceId=..%2F..%2Fetc' }))
    }
  }

  // Bodies.
  if (route.method !== 'GET' && !route.ignoresBody) {
    const bodyCase = (name: string, body: string | Buffer, contentType = 'application/json'): void => {
      cases.push(withToken({ ...base, name, headers: { 'content-type': contentType }, body }))
    }
    if (route.body !== 'raw') {
      bodyCase('broken JSON', pick(['{"name": ', '{name: 1}', '[1,2', '{"a":"\u0000', 'null null', '\uFEFF{}}']))
      bodyCase('wrong content type (text/plain)', validBody ?? 'hello', 'text/plain')
      bodyCase('wrong content type (form)', 'name=x&name=y', 'application/x-www-form-urlencoded')
      bodyCase('wrong content type (xml)', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 'application/xml')
      bodyCase('unknown charset', validBody ?? '{}', 'application/json; charset=klingon-8')
    }
    bodyCase('huge body (2 MB)', Buffer.alloc(2 * 1024 * 1024, 'a'), route.body === 'raw' ? 'application/x-www-form-urlencoded' : 'application/json')
    if (route.body === 'json') {
      const valid = route.valid ?? {}
      const firstKey = Object.keys(valid)[0] ?? 'name'
      const wrongTypes = [123, true, null, [], { nested: 1 }, 'string', -1, 1e308]
      bodyCase('wrong type', JSON.stringify({ ...valid, [firstKey]: pick(wrongTypes.filter((w) => typeof w !== typeof valid[firstKey])) }))
      bodyCase('huge name', JSON.stringify({ ...valid, [firstKey]: 'N'.repeat(20_000) }))
      cases.push({ ...withToken({ ...base, name: 'control characters in a name', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...valid, [firstKey]: `a${pick(CONTROL)}b${pick(CONTROL)}` }) }), cleanedOk: true })
      cases.push({ ...withToken({ ...base, name: 'quotes in a name', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...valid, [firstKey]: `a${pick(QUOTES)}b` }) }), cleanedOk: true })
      bodyCase('unknown field', JSON.stringify({ ...valid, isAdmin: true, __proto__x: 1 }))
      bodyCase('prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}')
      bodyCase('array instead of object', JSON.stringify([valid]))
      bodyCase('JSON null', 'null')
      bodyCase('deeply nested', '['.repeat(5000) + ']'.repeat(5000))
      bodyCase('a number', '42')
    }
    if (route.body === 'raw') {
      bodyCase('form without a signature', `signed_parameters=${pick(['', 'x', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.'])}`, 'application/x-www-form-urlencoded')
      bodyCase('webhook JSON without checksum', JSON.stringify([{ data: { id: 'meeting-ended', attributes: { meeting: { 'external-meeting-id': 'x' } } } }]))
    }
  }
  // Routing is case-sensitive: a case-changed path reaches no route (so nothing past the limiter).
  const shouted = route.path.replace(/[a-z]/g, (ch, i: number) => (i % 2 ? ch.toUpperCase() : ch))
  if (shouted !== route.path) cases.push(withToken({ ...base, name: 'case-changed path', path: shouted, headers: jsonHeaders(validBody), ...(validBody ? { body: validBody } : {}) }))
  // Hostile access codes, in a room's settings and at the room link.
  if (route.method === 'PATCH' && route.path === `/api/v1/rooms/${roomId}`) {
    for (const code of ['1234', '12345678', 'aaaaaaaa', '١٢٣٤٥٦٧٨٩', `48${pick(CONTROL)}210517`, '4821"0517', 'x'.repeat(33), '4821 0517']) {
      cases.push(withToken({ ...base, name: `weak or hostile access code ${JSON.stringify(code).slice(0, 20)}`, headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ settings: { [pick(['accessCode', 'moderatorAccessCode'])]: code } }) }))
    }
  }
  if (route.path === `/r/${roomId}/join`) {
    const join = (name: string, cookie: string | undefined, body: object) =>
      cases.push({ ...base, name, headers: { 'content-type': 'application/json', ...(cookie === undefined ? {} : { cookie }) }, body: JSON.stringify(body) })
    for (const code of ['', '0', `${pick(CONTROL)}`, '"ROLE=CHAIR', 'x'.repeat(64), '١٢٣٤٥٦٧٨', ' - - - ']) join(`hostile access code ${JSON.stringify(code).slice(0, 20)}`, visitor, { name: 'Guest', accessCode: code })
    join('no visitor cookie', undefined, { name: 'Guest' })
    join('forged visitor cookie', `bbbs_visitor=${'A'.repeat(22)}.${'B'.repeat(43)}`, { name: 'Guest' })
    join('visitor cookie replayed as a session', `bbbs_session=${visitor.slice('bbbs_visitor='.length)}`, { name: 'Guest' })
    join('visitor cookie with a broken escape', 'bbbs_visitor=%E0%A4%A', { name: 'Guest' })
    join('huge cookie', `bbbs_visitor=${'v'.repeat(6000)}`, { name: 'Guest' })
    join('two visitor cookies, the first forged', `bbbs_visitor=forged.mac; ${visitor}`, { name: 'Guest' })
  }
  if (route.method === 'GET' && (route.path === '/healthz' || route.path === '/metrics')) {
    cases.push({ ...base, name: 'metrics with a wrong token', headers: { authorization: 'Bearer wrong' } })
    cases.push({ ...base, name: 'metrics with alg-none-like token', headers: { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` } })
  }
  return cases
    .filter((c) => !(route.path === '/healthz' && c.method === 'GET'))
    .map((c) => (route.headers ? { ...c, headers: { ...route.headers, ...c.headers } } : c))
}

describe('malformed requests against every route', () => {
  it('answers each with a 4xx and the error envelope, never a 5xx nor a hang, and keeps serving', async () => {
    const random = seededRandom(SEED)
    const all: Array<{ route: Route; c: Case }> = []
    for (const route of routes) for (const c of await casesFor(route, random)) all.push({ route, c })
    // Every route is exercised, and the suite is as big as promised.
    expect(new Set(all.map((a) => `${a.route.method} ${a.route.path}`)).size).toBe(routes.length)
    expect(all.length).toBeGreaterThanOrEqual(500)

    const failures: string[] = []
    let next = 0
    const worker = async () => {
      while (next < all.length) {
        const { route, c } = all[next++]!
        const label = `${c.method} ${c.path.slice(0, 80)} [${c.name}]`
        let answer: Answer
        try {
          answer = await send(t.url, c)
        } catch (err) {
          // A server may cut a 2 MB upload short once it has answered 413: that is a refusal, not a hang.
          if (c.name.startsWith('huge body') && /ECONNRESET|EPIPE/.test(String(err))) continue
          failures.push(`${label}: ${String(err)}`)
          continue
        }
        if (c.cleanedOk && answer.status < 400) {
          const dirty = stringsOf(JSON.parse(answer.body || 'null')).filter((v) => /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(v))
          if (dirty.length > 0) failures.push(`${label}: ${answer.status} gave back ${JSON.stringify(dirty[0])}`)
          continue
        }
        if (answer.status < 400 || answer.status >= 500) {
          failures.push(`${label}: status ${answer.status} ${answer.body.slice(0, 160)}`)
          continue
        }
        if (c.bareStatusOk && answer.status === 431) continue
        if (answer.contentType.startsWith('application/json')) {
          const body = JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } }
          if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string') {
            failures.push(`${label}: ${answer.status} without the error envelope: ${answer.body.slice(0, 160)}`)
          }
        } else if (!(route.html && answer.contentType.startsWith('text/html'))) {
          failures.push(`${label}: ${answer.status} answered as ${answer.contentType || 'no content type'}`)
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    expect(failures).toEqual([])

    // Still alive and well.
    const health = await fetch(`${t.url}/healthz`)
    expect(health.status).toBe(200)
    const rooms = await fetch(`${t.url}/api/v1/spaces/${SPACE}/rooms`, { headers: { authorization: `Bearer ${token}` } })
    expect(rooms.status).toBe(200)
    expect(t.logLines.some((l) => l.includes('"unhandled error"'))).toBe(false)
  }, 120_000)

  it('survives a stream flood from one token: past the cap, refusals with Retry-After, never a 5xx, and it keeps serving', async () => {
    const controllers: AbortController[] = []
    const statuses: number[] = []
    try {
      await Promise.all(
        Array.from({ length: 40 }, async () => {
          const controller = new AbortController()
          controllers.push(controller)
          const res = await fetch(`${t.url}/api/v1/rooms/${roomId}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
          statuses.push(res.status)
          if (res.status !== 200) {
            expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
            await res.body?.cancel()
          }
        }),
      )
    } finally {
      for (const c of controllers) c.abort()
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true)
    const healthy = await fetch(`${t.url}/healthz`)
    expect(healthy.status).toBeLessThan(500)
  })
})
