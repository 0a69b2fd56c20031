import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signatureHeader } from '../../server/host-events/index.js'
import { launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, TEST_HOST_SECRET, type TestService } from '../helpers/service.js'
import { buildExo, freePort, startStandIn, writeJavaInputs, type ExoBuild, type StandIn } from './exo-java.js'

const WEBHOOK_SECRET = 'host-webhook-secret-for-the-exo-tests-0123'

const FIXTURE = {
  users: {
    alice: { name: 'Alice Martin', email: 'alice@example.org', language: 'fr', external: false },
    bob: { name: 'Bob Durand', email: 'bob@example.org', language: 'en', external: false },
    dave: { name: 'Dave Moreau', email: 'dave@example.org', language: 'en', external: false },
    eve: { name: 'Eve Partner', email: 'eve@partner.example', language: 'fr', external: true },
  },
  spaces: [
    { id: '42', prettyName: 'team-alpha', displayName: 'Team Alpha', managers: ['alice'], members: ['bob', 'eve'] },
    { id: '43', prettyName: 'team-beta', displayName: 'Team Beta', managers: ['alice'], members: ['dave'] },
  ],
}

/**
 * The provider module in Chromium, on a stand-in eXo page (globals, AMD loader, extension registry, CallButtons
 * rules, two other providers) served by a JDK HttpServer whose token endpoint calls the connector's Java
 * TokenIssuer, against the real bbb-spaces service and its development BigBlueButton.
 */
describe('the BigBlueButton button on a stand-in eXo page', () => {
  let build: ExoBuild
  let service: TestService
  let standIn: StandIn
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    const port = await freePort()
    ;[build, service, browser] = await Promise.all([
      buildExo({ skipTests: true }),
      startTestService({
        allowedOrigins: [`http://127.0.0.1:${port}`],
        env: {
          STATUS_INTERVAL_MS: '500',
          // bbb-spaces' own host events, to the connector's events endpoint on the stand-in.
          HOST_WEBHOOK_URL: `http://127.0.0.1:${port}/portal/rest/bbbspaces/events`,
          HOST_WEBHOOK_SECRET: WEBHOOK_SECRET,
        },
      }),
      launchBrowser(),
    ])
    const inputs = writeJavaInputs(build.dir, FIXTURE, { url: service.url, secret: TEST_HOST_SECRET, 'webhook-secret': WEBHOOK_SECRET })
    standIn = await startStandIn(build.classpath, inputs, port)
  }, 180_000)

  afterAll(async () => {
    for (const c of contexts) await c.close()
    await browser?.close()
    await standIn?.stop()
    await service?.close()
    build?.cleanup()
  })

  async function openAs(user: string, lang: 'fr' | 'en', place: 'space' | 'chat' | 'user', space: string): Promise<Page> {
    const { context, page } = await newUserPage(browser, { locale: lang === 'fr' ? 'fr-FR' : 'en-GB' })
    contexts.push(context)
    const q = new URLSearchParams(place === 'user' ? { user, lang, place, with: space } : { user, lang, place, space })
    if (place === 'chat') q.set('room', `space-${space}`)
    await page.goto(`${standIn.url}/portal/g/${space}?${q}`)
    return page
  }

  /** CallButtons shows a "Call" dropdown when several providers answered: open it, return our button. */
  async function ourButton(page: Page, place: 'space' | 'chat' | 'user-popover') {
    const container = page.locator(`.call-button.call-button--${place}`)
    await expect.poll(() => container.getAttribute('data-buttons')).toBe('2')
    const heading = container.locator('.dropdown-heading')
    if ((await heading.getAttribute('aria-expanded')) !== 'true') await heading.click()
    return container.locator('.bbb-call-button')
  }

  /** The button's visible label (the button also holds a polite live region repeating it). */
  function label(button: ReturnType<Page['locator']>) {
    return () => button.locator('.bbb-call-label').textContent()
  }

  async function receivedEvents(): Promise<Array<{ id: string; type: string; spaceId: string | null }>> {
    return (await (await fetch(`${standIn.url}/standin/received-events`)).json()) as Array<{ id: string; type: string; spaceId: string | null }>
  }

  async function callState(callId: string): Promise<string | null> {
    const res = await fetch(`${standIn.url}/portal/rest/webconferencing/call/${callId}`)
    return res.ok ? ((await res.json()) as { state: string }).state : null
  }

  it('appears in the space banner and in the space chat room next to another provider; a provider answering after 200 ms is dropped', async () => {
    const banner = await openAs('alice', 'fr', 'space', 'team-alpha')
    const button = await ourButton(banner, 'space')
    await expect.poll(label(button), { timeout: 15_000 }).toBe('Démarrer une réunion')
    expect(await banner.locator('.call-button--space .standin-jitsi-button').count()).toBe(1)
    expect(await banner.locator('.standin-slow-button').count()).toBe(0)

    const chat = await openAs('bob', 'en', 'chat', 'team-alpha')
    const chatButton = await ourButton(chat, 'chat')
    await expect.poll(label(chatButton), { timeout: 15_000 }).toBe('Join')
    await chat.context().close()
  }, 60_000)

  it('a manager starts: the window bbb-<callId> opens on the click and lands on the BBB client as moderator, and eXo learns the call started', async () => {
    const page = await openAs('alice', 'fr', 'space', 'team-alpha')
    const button = await ourButton(page, 'space')
    await expect.poll(label(button), { timeout: 15_000 }).toBe('Démarrer une réunion')
    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()])
    await popup.waitForURL(/\/bigbluebutton\/client\?/, { timeout: 15_000 })
    expect(await popup.evaluate(() => window.name)).toBe('bbb-g_team-alpha')
    expect(await popup.locator('#bbb-dev-user-role').getAttribute('data-role')).toBe('MODERATOR')
    await expect.poll(() => callState('g_team-alpha')).toBe('started')
    await expect.poll(label(button), { timeout: 15_000 }).toBe('Rejoindre (1 présents)')
    // bbb-spaces announced it to eXo, signed; the Java verifier accepted it.
    await expect
      .poll(() => receivedEvents(), { timeout: 15_000 })
      .toContainEqual(expect.objectContaining({ type: 'meeting.started', spaceId: 'exo-space-42' }))
  }, 60_000)

  it('a member in another context (the chat room) sees "Join (1 in)" pushed, and joins as viewer', async () => {
    const chat = await openAs('bob', 'en', 'chat', 'team-alpha')
    const button = await ourButton(chat, 'chat')
    await expect.poll(label(button), { timeout: 15_000 }).toBe('Join (1 in)')
    const [popup] = await Promise.all([chat.waitForEvent('popup'), button.click()])
    await popup.waitForURL(/\/bigbluebutton\/client\?/, { timeout: 15_000 })
    expect(await popup.evaluate(() => window.name)).toBe('bbb-g_team-alpha')
    expect(await popup.locator('#bbb-dev-user-role').getAttribute('data-role')).toBe('VIEWER')
    await expect.poll(label(button), { timeout: 15_000 }).toBe('Join (2 in)')
  }, 60_000)

  it('an external member is refused when the external cap is full, with the message in the page language', async () => {
    const admin = await service.mintToken({ sub: 'root', admin: true })
    const limits = await fetch(`${service.url}/api/v1/admin/limits`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ licence: { maxExternal: 1 } }),
    })
    expect(limits.status).toBe(200)
    // Another external partner takes the one external seat.
    const zoe = await service.mintToken({ sub: 'zoe', external: true, spaces: { 'exo-space-42': 'member' } })
    const rooms = (await (await fetch(`${service.url}/api/v1/spaces/exo-space-42/rooms`, { headers: { Authorization: `Bearer ${zoe}` } })).json()) as {
      rooms: Array<{ id: string }>
    }
    const seat = await fetch(`${service.url}/api/v1/rooms/${rooms.rooms[0]!.id}/join`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${zoe}`, 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(seat.status, await seat.clone().text()).toBe(200)

    const page = await openAs('eve', 'fr', 'space', 'team-alpha')
    const button = await ourButton(page, 'space')
    await expect.poll(label(button), { timeout: 15_000 }).toMatch(/^Rejoindre \(\d+ présents\)$/)
    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()])
    // The refusal may close the window before this line runs.
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 15_000 })
    expect(popup.isClosed()).toBe(true)
    await expect
      .poll(() => page.locator('#exo-notifications [role=alert]').textContent())
      .toBe('BigBlueButton: La limite de participants externes est atteinte. Réessayez plus tard.')
  }, 60_000)

  it('a member whose meeting has not started waits, in the button and the window, and joins by itself once the manager starts; the end is mirrored into eXo', async () => {
    const member = await openAs('dave', 'en', 'space', 'team-beta')
    const memberButton = await ourButton(member, 'space')
    await expect.poll(label(memberButton), { timeout: 15_000 }).toBe('Join')
    const [waiting] = await Promise.all([member.waitForEvent('popup'), memberButton.click()])
    await expect.poll(label(memberButton), { timeout: 15_000 }).toBe('Waiting for a moderator…')
    await expect.poll(() => waiting.locator('[role=status]').textContent()).toContain('has not started yet')
    expect(await callState('g_team-beta')).toBeNull()

    const manager = await openAs('alice', 'fr', 'space', 'team-beta')
    const managerButton = await ourButton(manager, 'space')
    await expect.poll(label(managerButton), { timeout: 15_000 }).toBe('Démarrer une réunion')
    const [started] = await Promise.all([manager.waitForEvent('popup'), managerButton.click()])
    await started.waitForURL(/\/bigbluebutton\/client\?/, { timeout: 15_000 })

    await waiting.waitForURL(/\/bigbluebutton\/client\?/, { timeout: 20_000 })
    expect(await waiting.locator('#bbb-dev-user-role').getAttribute('data-role')).toBe('VIEWER')
    await expect.poll(() => callState('g_team-beta')).toBe('started')

    // Its stable room link, as Agenda would carry it.
    const alice = await service.mintToken({ sub: 'alice', spaces: { 'exo-space-43': 'manager' } })
    const rooms = (await (await fetch(`${service.url}/api/v1/spaces/exo-space-43/rooms`, { headers: { Authorization: `Bearer ${alice}` } })).json()) as {
      rooms: Array<{ id: string; name: string }>
    }
    const room = rooms.rooms[0]!
    // The default room bears the space's display name (from the connector's spaceNames claim) and a suffix in
    // the language of the first token that named it, never the space's technical name.
    expect(room.name).toMatch(/^Team Beta — (meeting room|salle de réunion)$/)
    expect(await manager.evaluate(() => (window as unknown as { eXo: { webConferencing: { bbb: { getCallUrl(id: string): Promise<string> } } } }).eXo.webConferencing.bbb.getCallUrl('g_team-beta'))).toBe(
      `${service.url}/r/${room.id}`,
    )

    // The end, seen through the push, is mirrored into eXo's registry and the button offers a new start.
    const end = await fetch(`${service.url}/api/v1/rooms/${room.id}/end`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice}`, 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(end.status).toBe(200)
    await expect.poll(label(managerButton), { timeout: 15_000 }).toBe('Démarrer une réunion')
    await expect.poll(() => callState('g_team-beta')).toBe('stopped')
  }, 90_000)

  it('a meeting.ended host event signed as bbb-spaces signs stops the space call in eXo; a forged or stale one changes nothing', async () => {
    expect(await callState('g_team-alpha')).toBe('started')
    const post = (body: string, header: string) =>
      fetch(`${standIn.url}/portal/rest/bbbspaces/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Bbb-Spaces-Signature': header },
        body,
      })
    const sign = (t: number, raw: string, secret = WEBHOOK_SECRET) => signatureHeader(secret, t * 1000, raw)
    const body = JSON.stringify({ id: 'evt_1', type: 'meeting.ended', at: new Date().toISOString(), spaceId: 'exo-space-42', roomId: 'x', data: {} })
    const now = Math.floor(Date.now() / 1000)

    const forged = await post(body, sign(now, body, 'not-the-secret-not-the-secret-0123456789'))
    expect([forged.status, await forged.text()]).toEqual([401, '{"error":{"code":"bad_signature"}}'])
    const stale = await post(body, sign(now - 3600, body))
    expect([stale.status, await stale.text()]).toEqual([401, '{"error":{"code":"stale_signature"}}'])
    expect(await callState('g_team-alpha')).toBe('started')

    expect((await post(body, sign(now, body))).status).toBe(204)
    expect(await callState('g_team-alpha')).toBe('stopped')
  })

  it('a 1:1 call from a user popover: either user starts it as moderator, in a window named after both ids', async () => {
    const page = await openAs('bob', 'en', 'user', 'dave')
    const button = await ourButton(page, 'user-popover')
    await expect.poll(label(button), { timeout: 15_000 }).toBe('Start a meeting')
    const [popup] = await Promise.all([page.waitForEvent('popup'), button.click()])
    await popup.waitForURL(/\/bigbluebutton\/client\?/, { timeout: 15_000 })
    expect(await popup.evaluate(() => window.name)).toBe('bbb-p_bob-dave')
    expect(await popup.locator('#bbb-dev-user-role').getAttribute('data-role')).toBe('MODERATOR')
    await expect.poll(() => callState('p_bob-dave')).toBe('started')

    const other = await openAs('dave', 'en', 'user', 'bob')
    const otherButton = await ourButton(other, 'user-popover')
    await expect.poll(label(otherButton), { timeout: 15_000 }).toBe('Join (1 in)')
  }, 60_000)
})
