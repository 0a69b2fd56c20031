import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCookieSigner } from '../../server/http/cookies.js'
import { startTestService, TEST_HOST_SECRET, type TestService } from '../helpers/service.js'
import { visitorCookie } from '../helpers/room-link.js'

// The room-link cookies (visitor, sign-in session, OIDC transaction) are signed with one key: each MAC binds the
// cookie's name, so one cookie replayed under another name is refused, and a well-signed cookie whose fields are
// not what its purpose needs is ignored like a missing one (never a 500).

const SPACE = 'team-cookies'
const CLIENT_ID = 'bbb-spaces-cookie-test'
const CLIENT_SECRET = 'a-client-secret-for-the-cookie-test-0123456789'

let t: TestService
let idp: Server
let issuer: string
let manager: string

beforeAll(async () => {
  idp = createServer()
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`
  t = await startTestService({ env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET } })
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${t.service.config.publicUrl}/auth/oidc/callback`] }],
    cookies: { keys: ['oidc-cookie-test-key'] },
  })
  idp.on('request', provider.callback())
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await t?.close()
  await new Promise<void>((resolve) => (idp ? idp.close(() => resolve()) : resolve()))
})

const api = () => request(t.url)

async function moderatorCodeRoom(): Promise<string> {
  const res = await api()
    .post(`/api/v1/spaces/${SPACE}/rooms`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ name: `Cookie room ${Math.random()}`, settings: { guestsAllowed: false, moderatorAccessCode: 'chief2026x' } })
  expect(res.status).toBe(201)
  return res.body.room.id as string
}

function cookieValue(setCookie: string[] | string | undefined, name: string): string {
  const line = ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith(`${name}=`))
  expect(line, `a ${name} cookie`).toBeTruthy()
  return line!.slice(name.length + 1).split(';')[0]!
}

function signed(name: string, value: object, service = t): string {
  const signer = createCookieSigner([service.service.config.bbb.secret, TEST_HOST_SECRET])
  return encodeURIComponent(signer.sign(name, Buffer.from(JSON.stringify(value)).toString('base64url')))
}

describe('room-link cookies', () => {
  it('refuses the OIDC transaction cookie replayed as a session cookie; the moderator-code join still works', async () => {
    const roomId = await moderatorCodeRoom()
    const login = await api().get('/auth/oidc/login').query({ room: roomId })
    expect(login.status).toBe(303)
    const tx = cookieValue(login.headers['set-cookie'], 'bbbs_oidc_tx')

    const page = await api().get(`/r/${roomId}`).set('Cookie', `bbbs_session=${tx}`)
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('"signedIn":{')

    const join = await api()
      .post(`/r/${roomId}/join`)
      .set('Content-Type', 'application/json')
      .set('Cookie', `bbbs_session=${tx}`)
      .send({ name: 'Mona Moderator', accessCode: 'chief2026x' })
    expect(join.status).toBe(200)
    expect(join.body.role).toBe('MODERATOR')
    // an anonymous code holder, not a signed-in user named by the replayed cookie
    expect(new URL(join.body.joinUrl).searchParams.get('userID')).toMatch(/^guest-/)

    // the visitor cookie's value is no session either
    const visitor = cookieValue(page.headers['set-cookie'], 'bbbs_visitor')
    const asSession = await api()
      .post(`/r/${roomId}/join`)
      .set('Content-Type', 'application/json')
      .set('Cookie', `bbbs_session=${visitor}`)
      .send({ name: 'Mona Moderator', accessCode: 'chief2026x' })
    expect(asSession.status).toBe(200)
  })

  it('ignores a well-signed session cookie whose fields are wrong, instead of failing with a 500', async () => {
    const roomId = await moderatorCodeRoom()
    const exp = Date.now() + 3600_000
    for (const bad of [
      { exp },
      { sub: 42, email: null, name: 'Forty Two', exp },
      { sub: 'bob', email: ['bob@example.org'], name: 'Bob', exp },
      { sub: '', email: null, name: 'Nobody', exp },
      { sub: 'bob', email: null, name: { first: 'Bob' }, exp },
    ]) {
      const join = await api()
        .post(`/r/${roomId}/join`)
        .set('Content-Type', 'application/json')
        .set('Cookie', `bbbs_session=${signed('bbbs_session', bad)}`)
        .send({ name: 'Mona Moderator', accessCode: 'chief2026x' })
      expect(join.status, JSON.stringify(bad)).toBe(200)
      expect(new URL(join.body.joinUrl).searchParams.get('userID')).toMatch(/^guest-/)
    }
    // the same helper with good fields is a signed-in user (so the forgery above was well signed)
    const good = await api()
      .post(`/r/${roomId}/join`)
      .set('Content-Type', 'application/json')
      .set('Cookie', `bbbs_session=${signed('bbbs_session', { iss: t.service.config.oidc!.issuer, sub: 'bob', email: null, name: 'Bob Durand', exp })}`)
      .send({ accessCode: 'chief2026x' })
    expect(good.status).toBe(200)
    expect(new URL(good.body.joinUrl).searchParams.get('fullName')).toBe('Bob Durand')
  })
})

describe('who a signed-in person is', () => {
  // Alice is known from her host tokens: sub `alice`, alice@example.org, manager of the space.
  async function closedRoom(service: TestService): Promise<string> {
    const token = await service.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
    const res = await request(service.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: `Closed ${Math.random()}`, settings: { guestsAllowed: false } })
    expect(res.status).toBe(201)
    return res.body.room.id as string
  }
  const session = (sub: string, email: string | null, iss = t.service.config.oidc!.issuer) => ({ iss, sub, email, name: `${sub} (IdP)`, exp: Date.now() + 3600_000 })
  const join = (service: TestService, roomId: string, value: object) =>
    request(service.url)
      .post(`/r/${roomId}/join`)
      .set('Content-Type', 'application/json')
      .set('Cookie', `bbbs_session=${signed('bbbs_session', value, service)}`)
      .send({})

  it('is not a host user because the provider’s `sub` equals theirs; a verified e-mail matches', async () => {
    const roomId = await closedRoom(t)
    const sameSub = await join(t, roomId, session('alice', null))
    expect(sameSub.status).toBe(403)
    expect(sameSub.body.error.code).toBe('guests_not_allowed')
    const page = await request(t.url).get(`/r/${roomId}`).set('Cookie', `bbbs_session=${signed('bbbs_session', session('alice', null))}`)
    expect(page.text).not.toContain('"member":true')

    const byMail = await join(t, roomId, session('idp-7f3a', 'Alice@Example.org'))
    expect(byMail.status).toBe(200)
    expect(new URL(byMail.body.joinUrl).searchParams.get('userID')).toBe('alice')
    expect(byMail.body.role).toBe('MODERATOR')
  })

  it('keeps sessions to the configured issuer: one made for another provider is no session', async () => {
    const roomId = await closedRoom(t)
    const foreign = session('idp-7f3a', 'alice@example.org', 'https://other-idp.example')
    // no session, so an anonymous guest: without the page's visitor cookie, refused as such
    expect((await join(t, roomId, foreign)).body.error.code).toBe('visitor_required')
    const withPage = await request(t.url)
      .post(`/r/${roomId}/join`)
      .set('Content-Type', 'application/json')
      .set('Cookie', `bbbs_session=${signed('bbbs_session', foreign)}; ${await visitorCookie(t.url, roomId)}`)
      .send({})
    expect(withPage.status).toBe(403)
    expect(withPage.body.error.code).toBe('guests_not_allowed')
  })

  it('matches by `sub` when OIDC_TRUST_SUB=true (the provider is the host platform’s own)', async () => {
    const trusting = await startTestService({
      env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_TRUST_SUB: 'true' },
    })
    try {
      const roomId = await closedRoom(trusting)
      const sameSub = await join(trusting, roomId, session('alice', null))
      expect(sameSub.status).toBe(200)
      expect(new URL(sameSub.body.joinUrl).searchParams.get('userID')).toBe('alice')
    } finally {
      await trusting.close()
    }
  })
})

describe('wrong access codes never lock out signed-in members', () => {
  it('lets a member of the space in from an address that is blocked for wrong codes', async () => {
    const token = await t.mintToken({ sub: 'carol', name: 'Carol Member', email: 'carol@example.org', spaces: { [SPACE]: 'member' } })
    const created = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: `Guarded ${Math.random()}`, settings: { guestsAllowed: true, accessCode: 'right1234', anyoneCanStart: true } })
    const roomId = created.body.room.id as string
    // the service learns Carol's memberships from her host token
    expect((await request(t.url).get(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${token}`)).status).toBe(200)
    const ip = '203.0.113.99'
    const post = (cookie?: string) => {
      const r = request(t.url).post(`/r/${roomId}/join`).set('Content-Type', 'application/json').set('X-Forwarded-For', ip)
      if (cookie) r.set('Cookie', cookie)
      return r
    }
    const guesser = await visitorCookie(t.url, roomId, { 'X-Forwarded-For': ip })
    for (let i = 0; i < 10; i++) expect((await post(guesser).send({ name: 'Guesser', accessCode: `bad${i}0000` })).body.error.code).toBe('invalid_access_code')
    expect((await post(guesser).send({ name: 'Guesser', accessCode: 'right1234' })).status).toBe(429)
    const member = `bbbs_session=${signed('bbbs_session', { iss: t.service.config.oidc!.issuer, sub: 'idp-carol', email: 'carol@example.org', name: 'Carol', exp: Date.now() + 3600_000 })}`
    const res = await post(member).send({})
    expect(res.status).toBe(200)
    expect(new URL(res.body.joinUrl).searchParams.get('userID')).toBe('carol')
  })
})
