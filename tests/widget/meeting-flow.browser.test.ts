import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, demoSession } from '../helpers/browser.js'

// The scenario on the demo host page, as people click it: the built standalone script, real service,
// in-process development BBB, Debian's Chromium.

const SPACE = 'team-alpha'
/** Changes are pushed; without webhooks the service sees them at its next 5 s BBB poll, plus a busy machine. */
const POLL = 12_000
/** Page loads and first answers take a few seconds on a busy 2-core machine. */
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

const demo = demoSession()

function openAs(persona: string, lang: 'en' | 'fr' = 'en'): Promise<Page> {
  return demo.openAs(persona, { space: SPACE, lang })
}

/** The space's meetings list (the demo also has a quick button in the space banner). */
const meetings = (page: Page) => page.locator(`div[data-bbb-space="${SPACE}"]`)

async function joinFrom(page: Page, name: RegExp): Promise<Page> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), meetings(page).getByRole('button', { name }).click()])
  await tab.waitForURL(/\/bigbluebutton\/client/, { timeout: 15_000 })
  return tab
}

async function managerToken(): Promise<string> {
  return demo.service.mintToken({ sub: 'demo-alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
}

describe('a meeting from start to end, in the widget', () => {
  it('starts, shows, admits, refuses when full and ends, with no accessibility violation', async () => {
    const manager = await openAs('manager')
    const member = await openAs('member')
    const partner = await openAs('external')

    await poll(() => meetings(manager).getByRole('button', { name: /^Start a meeting/ }).count()).toBe(1)
    expect(await axeViolations(manager)).toEqual([])

    // The manager starts: a new tab lands in the development BBB client as moderator.
    const managerTab = await joinFrom(manager, /^Start a meeting/)
    await poll(() => managerTab.locator('#bbb-dev-user-role').textContent()).toContain('MODERATOR')
    expect(await managerTab.locator('#bbb-dev-user-name').textContent()).toContain('Alice Martin')

    // The member sees it running with one person in, and who.
    const memberList = meetings(member)
    await poll(() => memberList.getByRole('button', { name: /^Join \(1 in\)/ }).count(), { timeout: POLL }).toBe(1)
    expect(await memberList.locator('.bbb-attendees').innerText()).toContain('Alice Martin')
    expect(await axeViolations(member)).toEqual([])

    // Two seats in this room: the member takes the second.
    const rooms = await fetch(`${demo.service.url}/api/v1/spaces/${SPACE}/rooms`, { headers: { Authorization: `Bearer ${await managerToken()}` } })
    const roomId = ((await rooms.json()) as { rooms: Array<{ id: string }> }).rooms[0]!.id
    const patched = await fetch(`${demo.service.url}/api/v1/rooms/${roomId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${await managerToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ settings: { maxParticipants: 2 } }),
    })
    expect(patched.status).toBe(200)

    const memberTab = await joinFrom(member, /^Join \(1 in\)/)
    await poll(() => memberTab.locator('#bbb-dev-user-role').textContent()).toContain('VIEWER')

    // The partner, third, is told the room is full, and no tab is left open.
    const partnerList = meetings(partner)
    await poll(() => partnerList.getByRole('button', { name: /^Join \(2 in\)/ }).count(), { timeout: POLL }).toBe(1)
    const pagesBefore = partner.context().pages().length
    await partnerList.getByRole('button', { name: /^Join \(2 in\)/ }).click()
    await poll(() => partnerList.locator('[data-bbb-error]').textContent()).toBe('This meeting is full (2 participants). Try again later, when someone leaves.')
    expect(await partnerList.getByRole('button', { name: /^Room full — try again later/ }).count()).toBe(1)
    await poll(() => partnerList.locator('[data-bbb-live]').textContent()).toBe('This meeting is full (2 participants). Try again later, when someone leaves.')
    await poll(() => partner.context().pages().length).toBe(pagesBefore)
    expect(await axeViolations(partner)).toEqual([])

    // The manager ends it from the widget; every widget shows it ended.
    await meetings(manager).getByRole('button', { name: /^End meeting/ }).click()
    const dialog = meetings(manager).getByRole('dialog')
    expect(await dialog.getAttribute('open')).not.toBeNull()
    expect(await axeViolations(manager)).toEqual([])
    await dialog.getByRole('button', { name: 'End meeting' }).click()
    await poll(() => meetings(manager).locator('[data-bbb-status]').textContent(), { timeout: POLL }).toBe('The meeting has ended.')
    await poll(() => memberList.locator('[data-bbb-status]').textContent(), { timeout: POLL }).toBe('The meeting has ended.')
    await poll(() => partnerList.locator('[data-bbb-status]').textContent(), { timeout: POLL }).toBe('The meeting has ended.')
    expect(await meetings(manager).getByRole('button', { name: /^Start a meeting/ }).count()).toBe(1)
    await poll(() => managerTab.locator('#bbb-dev-client').getAttribute('data-status'), { timeout: POLL }).not.toBe('in')
  }, 60_000) // three browsers and a whole meeting: about 22 s alone, past the default 30 s when the suite loads both cores
})
