import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Sign-in from a room link against a real OpenID provider (oidc-provider, its development login and consent
// pages) in Chromium: authorization code + PKCE, back to the room, joined with the identity and space role the
// service last saw in the person's host tokens (matched by e-mail here: the provider's `sub` is another one).

const SPACE = 'team-oidc'
const CLIENT_ID = 'bbb-spaces-test'
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider-0123456789'

let browser: Browser
let t: TestService
let idp: Server
let issuer: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  idp = createServer()
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`
  ;[browser, t] = await Promise.all([
    launchBrowser(),
    startTestService({ env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET } }),
  ])
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${t.service.config.publicUrl}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          // 'impostor' claims Alice's address without the provider having verified it
          if (id === 'impostor') return { sub: 'idp-impostor', email: 'alice@example.org', email_verified: false, name: 'Impostor (IdP)' }
          return { sub: `idp-${id}`, email: `${id}@example.org`, email_verified: true, name: `${id[0]!.toUpperCase()}${id.slice(1)} (IdP)` }
        },
      }
    },
  })
  idp.on('request', provider.callback())
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await t?.close()
  await new Promise<void>((resolve) => idp?.close(() => resolve()))
})

async function signIn(page: Page, login: string): Promise<void> {
  await page.getByRole('link', { name: 'Sign in' }).click()
  await page.waitForURL((u) => u.href.startsWith(issuer), { timeout: 10_000 })
  await page.locator('input[name="login"]').fill(login)
  await page.locator('input[name="password"]').fill('any')
  await page.locator('button[type="submit"]').click()
  // the development consent page
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.waitForURL((u) => u.href.startsWith(`${t.service.config.publicUrl}/r/`), { timeout: 10_000 })
}

describe('OpenID Connect sign-in from a room link', () => {
  it('signs in with the provider and joins with the space role last seen in the host tokens', async () => {
    // Alice's host token, seen once by the service, says she manages the space.
    const token = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
    const room = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Board room', settings: { guestsAllowed: false } })
    expect(room.status).toBe(201)
    const link = room.body.room.link as string

    const { context, page } = await newUserPage(browser)
    contexts.push(context)
    await page.goto(link)
    await signIn(page, 'alice')
    await expect.poll(() => page.locator('main').textContent()).toContain('Signed in as Alice (IdP).')
    const cookies = await context.cookies()
    const session = cookies.find((c) => c.name === 'bbbs_session')
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' })

    // a manager may start: the join creates the meeting and lands as a moderator, as herself
    await page.getByRole('button', { name: 'Join as Alice (IdP)' }).click()
    await page.waitForURL(/\/bigbluebutton\/client\?sessionToken=/, { timeout: 15_000 })
    const st = (await (await fetch(new URL(`client/state?sessionToken=${new URL(page.url()).searchParams.get('sessionToken')}`, t.bbbUrl))).json()) as {
      you: { userID: string; role: string; guest: boolean; fullName: string }
    }
    expect(st.you).toMatchObject({ userID: 'alice', role: 'MODERATOR', guest: false, fullName: 'Alice Martin' })
  }, 60_000)

  it('treats a signed-in person unknown to the space as a guest (refused where guests are not allowed)', async () => {
    const token = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
    const room = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Closed room', settings: { guestsAllowed: false } })
    const { context, page } = await newUserPage(browser)
    contexts.push(context)
    await page.goto(room.body.room.link)
    await signIn(page, 'mallory')
    await expect.poll(() => page.locator('main').textContent()).toContain('you join as a guest')
    // The page says so and offers no guest form (issue 15); the service refuses a join all the same.
    expect(await page.locator('[data-access=guests-closed]').textContent()).toBe('This room does not let guests in. Ask its organiser for an invitation.')
    expect(await page.getByLabel('Your name').count()).toBe(0)
    const refused = await page.evaluate(async () => {
      const res = await fetch(`${location.pathname}/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Mallory' }) })
      return ((await res.json()) as { error: { code: string } }).error.code
    })
    expect(refused).toBe('guests_not_allowed')
  }, 60_000)

  it('does not match someone to a member by an e-mail address the provider has not verified', async () => {
    const token = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
    const room = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Unverified room', settings: { guestsAllowed: false } })
    const { context, page } = await newUserPage(browser)
    contexts.push(context)
    await page.goto(room.body.room.link)
    await signIn(page, 'impostor')
    await expect.poll(() => page.locator('main').textContent()).toContain('you join as a guest')
  }, 60_000)

  it('answers 404 oidc_not_configured where OIDC is not set', async () => {
    const plain = await startTestService()
    try {
      const res = await request(plain.url).get('/auth/oidc/login?room=abc-def-ghi-jkm')
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('oidc_not_configured')
    } finally {
      await plain.close()
    }
  })
})
