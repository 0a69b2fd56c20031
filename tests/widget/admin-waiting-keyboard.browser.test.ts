import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, demoSession } from '../helpers/browser.js'

const POLL = 12_000
/** Page loads and first answers take a few seconds on a busy 2-core machine. */
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

const demo = demoSession()

function openAs(persona: string, space: string, lang: 'en' | 'fr' = 'en'): Promise<Page> {
  return demo.openAs(persona, { space, lang })
}

const meetings = (page: Page, space: string) => page.locator(`div[data-bbb-space="${space}"]`)

/** The accessible name of the focused control, looking through shadow roots. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
    return el?.getAttribute('aria-label') ?? el?.textContent ?? ''
  })
}

/** Presses Tab until the focused control's name matches, as a keyboard-only user would. */
async function tabTo(page: Page, name: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (name.test(await focusedName(page))) return
  }
  throw new Error(`no control named ${name} reachable with Tab`)
}

describe('waiting for a moderator, by keyboard, in French', () => {
  it('a member who cannot start waits in the pre-opened tab and lands in the meeting once it starts', async () => {
    const member = await openAs('member', 'team-beta', 'fr')
    const list = meetings(member, 'team-beta')
    await poll(() => list.getByRole('button', { name: /^Rejoindre — / }).count()).toBe(1)
    expect(await list.getByRole('heading', { level: 2 }).textContent()).toBe('Réunions')
    expect(await list.locator('[data-bbb-status]').textContent()).toBe('Aucune réunion en cours')

    // Keyboard only: Tab to the banner's button, then to the list's, and press Enter.
    await tabTo(member, /^Rejoindre — /)
    await tabTo(member, /^Rejoindre — /)
    const [tab] = await Promise.all([member.context().waitForEvent('page'), member.keyboard.press('Enter')])
    await poll(() => list.getByRole('button', { name: /^En attente d’un modérateur…/ }).count()).toBe(1)
    await poll(() => list.locator('[data-bbb-live]').textContent()).toContain('Vous la rejoindrez automatiquement')
    await poll(() => tab.evaluate(() => document.body.textContent)).toContain('En attente')
    // The tab is the room-link page in its waiting state: its styles, the room as the heading, a live status.
    expect(await tab.locator('html').getAttribute('lang')).toBe('fr')
    // Styled by it (the browser's default is a serif face).
    await poll(() => tab.evaluate(() => getComputedStyle(document.body).fontFamily)).not.toMatch(/^"?(Times|serif)/)
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(await list.getByRole('heading', { level: 3 }).first().textContent())
    expect(await tab.getByRole('status').getAttribute('data-state')).toBe('waiting')
    expect(await axeViolations(tab)).toEqual([])
    expect(await axeViolations(member)).toEqual([])

    // The manager starts; the member's waiting tab goes to the meeting by itself, as a viewer.
    const manager = await openAs('manager', 'team-beta')
    const [managerTab] = await Promise.all([
      manager.context().waitForEvent('page'),
      meetings(manager, 'team-beta').getByRole('button', { name: /^Start a meeting/ }).click(),
    ])
    await managerTab.waitForURL(/\/bigbluebutton\/client/)
    await tab.waitForURL(/\/bigbluebutton\/client/, { timeout: POLL })
    await poll(() => tab.locator('#bbb-dev-user-role').textContent()).toContain('VIEWER')
    await poll(() => list.getByRole('button', { name: /^Rejoindre \(2 présents\)/ }).count(), { timeout: POLL }).toBe(1)
  })

  it('dialogs work by keyboard: a manager creates a room with Tab, typing and Enter, and Esc closes', async () => {
    const manager = await openAs('manager', 'team-alpha')
    const list = meetings(manager, 'team-alpha')
    await poll(() => list.getByRole('button', { name: /^New room/ }).count()).toBe(1)
    await tabTo(manager, /New room/)
    await manager.keyboard.press('Enter')
    const dialog = list.getByRole('dialog', { name: 'New room' })
    await poll(() => dialog.isVisible()).toBe(true)
    expect(await focusedName(manager)).toBe('')
    expect(await axeViolations(manager)).toEqual([])
    // Where focus is at the very moment the dialog leaves the page (a mutation observer runs before the next
    // paint): already back on New room, never on the page's body in between.
    await manager.evaluate(() => {
      const root = document.querySelector('div[data-bbb-space="team-alpha"]')!.shadowRoot!
      const seen = window as unknown as { focusWhenGone?: string }
      new MutationObserver((_, observer) => {
        if (root.querySelector('dialog')) return
        observer.disconnect()
        let el: Element | null = document.activeElement
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
        seen.focusWhenGone = el?.getAttribute('aria-label') ?? el?.textContent ?? ''
      }).observe(root, { childList: true, subtree: true })
    })
    await manager.keyboard.press('Escape')
    await poll(() => dialog.count()).toBe(0)
    expect(await focusedName(manager)).toMatch(/New room/)
    expect(await manager.evaluate(() => (window as unknown as { focusWhenGone?: string }).focusWhenGone)).toMatch(/New room/)

    await manager.keyboard.press('Enter')
    await poll(() => list.getByRole('dialog').count()).toBe(1)
    await manager.keyboard.type('Weekly review')
    await manager.keyboard.press('Enter')
    await poll(() => list.getByRole('heading', { name: 'Weekly review' }).count(), { timeout: POLL }).toBe(1)
    expect(await list.getByRole('dialog').count()).toBe(0)
  })
})

async function auditText(scope: Locator): Promise<string> {
  const table = scope.locator('[data-bbb-audit]')
  return (await table.count()) > 0 ? ((await table.textContent()) ?? '') : ''
}

describe('the admin console', () => {
  it('shows usage, refuses a bad value beside its field, and a saved cap rules the next join', async () => {
    const admin = await openAs('admin', 'admin')
    const consoleView = admin.locator('div[data-bbb-view="admin"]')
    await poll(() => consoleView.getByRole('heading', { name: 'Licence usage' }).count()).toBe(1)
    await poll(() => consoleView.locator('[data-bbb-gauge="external"] [data-bbb-gauge-value]').textContent()).toBe('0 (no limit)')
    await poll(() => consoleView.getByLabel('External participants at once').count()).toBe(1)
    expect(await axeViolations(admin)).toEqual([])

    // A negative cap: the API's invalid_limits is shown beside the field, and nothing changes.
    const external = consoleView.getByLabel('External participants at once')
    await external.fill('-1')
    await consoleView.locator('[data-bbb-limits-form]').getByRole('button', { name: 'Save' }).click()
    await poll(() => consoleView.locator('[data-bbb-field-error="licence.maxExternal"]').count()).toBe(1)
    expect(await external.getAttribute('aria-invalid')).toBe('true')
    const token = await demo.service.mintToken({ sub: 'root', admin: true })
    const stored = await (await fetch(`${demo.service.url}/api/v1/admin/limits`, { headers: { Authorization: `Bearer ${token}` } })).json()
    expect((stored as { licence: { maxExternal: unknown } }).licence.maxExternal).toBeNull()
    expect(await axeViolations(admin)).toEqual([])

    // No external participant at all: saved, then the partner's join is refused with that reason.
    await external.fill('0')
    await consoleView.locator('[data-bbb-limits-form]').getByRole('button', { name: 'Save' }).click()
    await poll(() => consoleView.locator('[data-bbb-live]').textContent()).toBe('Saved.')
    await poll(() => consoleView.locator('[data-bbb-gauge="external"] [data-bbb-gauge-value]').textContent(), { timeout: POLL }).toBe('0 of 0')
    await poll(() => auditText(consoleView), { timeout: POLL }).toContain('Limits and policies changed')

    const alpha = await openAs('manager', 'team-alpha')
    const [started] = await Promise.all([
      alpha.context().waitForEvent('page'),
      // The banner and the list both offer the default room: either starts the same meeting.
      meetings(alpha, 'team-alpha').getByRole('button', { name: /^Start a meeting — / }).first().click(),
    ])
    await started.waitForURL(/\/bigbluebutton\/client/)

    const partner = await openAs('external', 'team-alpha')
    const list = meetings(partner, 'team-alpha')
    await poll(() => list.getByRole('button', { name: /^Join \(1 in\) — / }).count(), { timeout: POLL }).toBeGreaterThan(0)
    await list.getByRole('button', { name: /^Join \(1 in\) — / }).first().click()
    await poll(() => list.locator('[data-bbb-error]').textContent()).toBe(
      'The video service has reached its limit of 0 simultaneous external participants. Try again later.',
    )
    await poll(() => auditText(consoleView), { timeout: 15_000 }).toContain('Entry refused')
  }, 60_000)

  it('room settings follow the policies: a disabled setting is hidden, a forced one is shown fixed', async () => {
    const token = await demo.service.mintToken({ sub: 'root', admin: true })
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
    const limits = (await (await fetch(`${demo.service.url}/api/v1/admin/limits`, { headers })).json()) as { policies: Record<string, string> }
    limits.policies.record = 'disabled'
    limits.policies.anyoneCanStart = 'forced'
    const put = await fetch(`${demo.service.url}/api/v1/admin/limits`, { method: 'PUT', headers, body: JSON.stringify(limits) })
    expect(put.status).toBe(200)

    const manager = await openAs('manager', 'team-beta')
    const list = meetings(manager, 'team-beta')
    await list.getByRole('button', { name: /^Settings — / }).first().click()
    const dialog = list.getByRole('dialog', { name: 'Room settings' })
    await poll(() => dialog.getByLabel('Any member can start the meeting').isDisabled()).toBe(true)
    expect(await dialog.getByLabel('Any member can start the meeting').isChecked()).toBe(true)
    expect(await dialog.getByLabel('Allow recording').count()).toBe(0)
    expect(await dialog.getByLabel('Mute participants on entry').isDisabled()).toBe(false)
    expect(await axeViolations(manager)).toEqual([])
  })
})
