import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, demoUrl, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The admin console as an administrator uses it, in the built widget (loaded on demand by the main script): words
// instead of codes, "Saved." on screen, a readable audit, per-space overrides, policies, presets, branding and the
// capacity plan, in French and English, on a desktop and a 375 px phone.

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout })
const HOUR = 3_600_000

let browser: Browser
let service: TestService
const contexts: BrowserContext[] = []
let adminToken = ''

async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>) }
}
const api = (method: string, path: string, body?: unknown) => call(adminToken, method, path, body)

beforeAll(async () => {
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ demo: true })])
  adminToken = await service.mintToken({ sub: 'root', admin: true, spaces: {} })
  const manager = await service.mintToken({ sub: 'mgr', name: 'Alice Martin', spaces: { 'team-alpha': 'manager' } })
  // A room the audit names, and a booking the capacity plan shows (tomorrow, 12 people expected).
  const asManager = (method: string, path: string, body?: unknown) => call(manager, method, path, body)
  const room = await asManager('POST', '/spaces/team-alpha/rooms', { name: 'Weekly review', preset: 'training' })
  expect(room.status).toBe(201)
  const roomId = (room.body.room as { id: string }).id
  const tomorrow = Date.now() + 24 * HOUR
  const start = tomorrow - (tomorrow % HOUR)
  const booked = await asManager('POST', `/rooms/${roomId}/meetings`, {
    title: 'Town hall',
    start: new Date(start).toISOString(),
    durationMinutes: 60,
    expectedAttendees: { internal: 9, external: 3 },
  })
  expect(booked.status, JSON.stringify(booked.body)).toBe(201)
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
})

/** The admin persona's console, in `lang`, in a browser whose own language is `browserLocale`. */
async function openConsole(lang: 'fr' | 'en', width: number, browserLocale: string): Promise<{ page: Page; view: Locator }> {
  const { context, page } = await newUserPage(browser, { locale: browserLocale })
  contexts.push(context)
  await page.setViewportSize({ width, height: 900 })
  await page.goto(demoUrl(service.url, 'admin', { lang, space: 'admin' }))
  const view = page.locator('div[data-bbb-view="admin"]')
  await poll(() => view.locator('[data-bbb-limits-form]').count()).toBe(1)
  return { page, view }
}

/** Nothing sticks out sideways: neither the page nor the console scrolls horizontally. */
async function overflow(page: Page, view: Locator): Promise<number[]> {
  const doc = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  const consoleBox = await view.locator('[data-bbb-admin-console]').evaluate((el) => el.scrollWidth - el.clientWidth)
  return [doc, consoleBox]
}

/** The names a presets panel lists, in its order. */
const presetNames = (panel: Locator) => panel.locator('[data-bbb-preset-id] strong').allTextContents()

async function screenshot(page: Page, name: string) {
  const dir = process.env.ADMIN_SCREENSHOTS
  if (!dir) return
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true })
  const { width } = page.viewportSize()!
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  for (let y = 0, i = 0; y < height; y += 1000, i++) {
    await page.screenshot({ path: `${dir}/${name}-${i}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(1000, height - y) } })
  }
}

describe('the admin console, in English on a desktop', () => {
  it('says Saved, words a refused limit, edits policies, presets, a space and its branding, and reads the audit', async () => {
    const { page, view } = await openConsole('en', 1280, 'en-GB')
    const limits = view.locator('[data-bbb-limits-form]')
    await poll(() => limits.getByLabel('External participants at once').count()).toBe(1)

    // A refused value: words beside the field, never the field's internal name.
    await limits.getByLabel('External participants at once').fill('-1')
    await limits.getByRole('button', { name: 'Save' }).click()
    const fieldError = view.locator('[data-bbb-field-error="licence.maxExternal"]')
    await poll(() => fieldError.textContent()).toBe('This limit is not accepted: enter 0 or more. Nothing was changed.')
    expect(await view.textContent()).not.toContain('licence.')

    // A policy forced with its value, and the licence: saved, and "Saved." is on screen.
    await limits.getByLabel('External participants at once').fill('')
    await limits.getByLabel('Participants at once (total)').fill('100')
    await limits.locator('summary', { hasText: 'Audio & video' }).click()
    await limits.getByLabel('Mute participants on entry', { exact: true }).selectOption('forced')
    await limits.getByLabel('Value of “Mute participants on entry”').selectOption('true')
    await limits.getByRole('button', { name: 'Save' }).click()
    await poll(() => limits.locator('[data-bbb-saved]').textContent()).toContain('Saved.')
    expect(await limits.locator('[data-bbb-saved]').isVisible()).toBe(true)
    const stored = (await api('GET', '/admin/limits')).body as { licence: { maxParticipants: number }; policies: Record<string, unknown> }
    expect(stored.licence.maxParticipants).toBe(100)
    expect(stored.policies.muteOnStart).toEqual({ policy: 'forced', value: true })

    // A global preset.
    const presets = view.locator('[data-bbb-presets="global"]')
    await presets.locator('summary', { hasText: 'New preset' }).click()
    await presets.getByLabel('Preset name').fill('Town hall')
    await presets.locator('summary', { hasText: 'Meeting' }).click()
    await presets.getByLabel('Layout', { exact: true }).selectOption('PRESENTATION_FOCUS')
    await presets.getByRole('button', { name: 'Add the preset' }).click()
    await poll(() => presets.locator('[data-bbb-preset="Town hall"]').count()).toBe(1)
    expect(await presets.locator('[data-bbb-preset="Town hall"]').textContent()).toContain('Layout')
    const globalPresets = (await api('GET', '/admin/presets')).body.presets as Array<{ name: string; settings: unknown }>
    expect(globalPresets.find((p) => p.name === 'Town hall')?.settings).toEqual({ meetingLayout: 'PRESENTATION_FOCUS' })
    // Built-in presets by their English names, the administrator's as typed.
    expect(await presetNames(presets)).toEqual(['Team meeting', 'Conference', 'Training', 'Interview', 'Town hall'])

    // One space: an override, saved and read back; its branding.
    const space = view.locator('[data-bbb-space-panel]')
    await space.getByLabel('Space identifier').fill('team-alpha')
    await space.getByRole('button', { name: 'Show' }).click()
    const overrides = space.locator('[data-bbb-space-form="team-alpha"]')
    await poll(() => overrides.getByLabel('Participants per meeting').count()).toBe(1)
    await overrides.getByLabel('Participants per meeting').fill('25')
    await overrides.getByRole('button', { name: 'Save' }).click()
    await poll(() => overrides.locator('[data-bbb-saved]').textContent()).toContain('Saved.')
    expect(((await api('GET', '/admin/spaces/team-alpha/limits')).body.limits as Record<string, unknown>).maxParticipantsPerMeeting).toBe(25)
    expect(await overrides.getByLabel('Participants per meeting').inputValue()).toBe('25')
    const branding = space.locator('[data-bbb-branding-form]')
    await branding.getByLabel('Banner text').fill('Équipe Alpha')
    await branding.getByRole('button', { name: 'Save' }).click()
    await poll(() => branding.locator('[data-bbb-saved]').textContent()).toContain('Saved.')
    expect((await api('GET', '/admin/spaces/team-alpha/branding')).body.branding).toEqual({ bannerText: 'Équipe Alpha' })
    expect(await branding.locator('[data-bbb-branding-preview]').textContent()).toBe('Équipe Alpha')

    // The audit: actions in words, who, the room by its name, details in words.
    const audit = view.locator('[data-bbb-audit]')
    await poll(() => audit.locator('[data-bbb-audit-entry="space_limits.changed"]').count()).toBeGreaterThan(0)
    const created = audit.locator('[data-bbb-audit-entry="room.created"]').first()
    expect(await created.locator('[data-bbb-audit-action]').textContent()).toBe('Room created')
    expect(await created.locator('[data-bbb-audit-room]').textContent()).toBe('team-alpha · Weekly review')
    expect(await created.textContent()).toContain('Alice Martin')
    expect(await created.locator('[data-bbb-audit-details]').textContent()).toBe('Preset: Training')
    const changed = audit.locator('[data-bbb-audit-entry="limits.changed"]').first()
    expect(await changed.locator('[data-bbb-audit-details]').textContent()).toContain('Participants at once (total): none → 100')
    expect(await changed.locator('[data-bbb-audit-details]').textContent()).toContain('Mute participants on entry: not set → Forced')
    expect(await changed.locator('[data-bbb-audit-details]').textContent()).toContain('Mute participants on entry')
    expect(await audit.textContent()).not.toMatch(/[{}]|limits\.changed|room\.created/)
    expect(await created.locator('[data-bbb-audit-when]').textContent()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}/)

    // The capacity plan: tomorrow's booking, against the licence.
    const capacity = view.locator('[data-bbb-capacity-table]')
    await poll(() => capacity.locator('tbody tr').count(), 70_000).toBe(1)
    expect(await capacity.textContent()).toContain('12 (internal 9, external 3)')
    expect(await capacity.textContent()).toContain('100 (warn at 90)')

    expect(await overflow(page, view)).toEqual([0, 0])
    await screenshot(page, 'admin-en-1280')
    expect(await axeViolations(page)).toEqual([])

    // After a reload, the space's override is read back from the service.
    await page.reload()
    await poll(() => space.getByLabel('Space identifier').count()).toBe(1)
    await space.getByLabel('Space identifier').fill('team-alpha')
    await space.getByRole('button', { name: 'Show' }).click()
    await poll(() => overrides.getByLabel('Participants per meeting').inputValue()).toBe('25')
    // With every group of settings open, too.
    for (const summary of await view.locator('summary').all()) await summary.click()
    expect(await axeViolations(page)).toEqual([])
  }, 120_000)
})

describe('the admin console, in French on a 375 px phone whose browser speaks English', () => {
  it('fits the screen, speaks French (dates included) and reads a space override back', async () => {
    expect((await api('POST', '/admin/presets', { name: 'Amphithéâtre du lundi matin', settings: { muteOnStart: true } })).status).toBe(201)
    const { page, view } = await openConsole('fr', 375, 'en-US')
    const limits = view.locator('[data-bbb-limits-form]')
    await poll(() => limits.getByLabel('Réunions simultanées', { exact: true }).count()).toBe(1)
    await limits.getByLabel('Réunions simultanées', { exact: true }).fill('1.5')
    await limits.getByRole('button', { name: 'Enregistrer' }).click()
    await poll(() => view.locator('[data-bbb-field-error="licence.maxMeetings"]').textContent()).toBe(
      "Cette limite n'est pas acceptée : saisissez un nombre entier. Rien n'a été modifié.",
    )
    await limits.getByLabel('Réunions simultanées', { exact: true }).fill('40')
    await limits.getByRole('button', { name: 'Enregistrer' }).click()
    await poll(() => limits.locator('[data-bbb-saved]').textContent()).toContain('Enregistré.')

    // A space's stored override is what its form shows.
    expect((await api('PUT', '/admin/spaces/projet-gamma/limits', { limits: { maxParticipantsPerMeeting: 12 } })).status).toBe(200)
    const space = view.locator('[data-bbb-space-panel]')
    await space.getByLabel('Identifiant de l’espace').fill('projet-gamma')
    await space.getByRole('button', { name: 'Afficher' }).click()
    await poll(() => space.getByLabel('Participants par réunion').inputValue()).toBe('12')
    expect(await space.getByLabel('Durée d’une réunion (minutes)').getAttribute('placeholder')).toBe('Comme en général (sans limite)')

    // Built-in presets by their French names (the service sends English ones), an administrator's as typed.
    const presets = view.locator('[data-bbb-presets="global"]')
    await poll(() => presets.locator('[data-bbb-preset-id="team-meeting"]').count()).toBe(1)
    const names = await presetNames(presets)
    expect(names.slice(0, 4)).toEqual(['Réunion d’équipe', 'Conférence', 'Formation', 'Entretien'])
    expect(names).toContain('Amphithéâtre du lundi matin')
    expect(await presets.textContent()).not.toMatch(/Team meeting|Conference|Training|Interview/)

    const audit = view.locator('[data-bbb-audit]')
    await poll(() => audit.locator('[data-bbb-audit-entry="limits.changed"]').count()).toBeGreaterThan(0)
    // The room was made from a built-in preset: named in French too.
    expect(await audit.locator('[data-bbb-audit-entry="room.created"] [data-bbb-audit-details]').first().textContent()).toBe('Modèle : Formation')
    const changed = audit.locator('[data-bbb-audit-entry="limits.changed"]').first()
    expect(await changed.locator('[data-bbb-audit-action]').textContent()).toBe('Limites et règles modifiées')
    expect(await changed.locator('[data-bbb-audit-details]').textContent()).toContain('Réunions simultanées : aucun → 40')
    // Only what changed: the settings left without a policy are not listed.
    expect(await changed.locator('[data-bbb-audit-details]').textContent()).not.toContain('Facultatif')
    // French dates although the browser speaks English: "29 nov. 2026, 08:15" (or "29 nov. 2026 à 08:15").
    expect(await changed.locator('[data-bbb-audit-when]').textContent()).toMatch(/^\d{1,2} [a-zéû]+\.? \d{4}/)
    expect(await audit.locator('[data-bbb-audit-entry="room.created"] [data-bbb-audit-room]').first().textContent()).toBe('team-alpha · Weekly review')

    const capacity = view.locator('[data-bbb-capacity-table]')
    await poll(() => capacity.locator('tbody tr').count(), 70_000).toBe(1)
    expect(await capacity.textContent()).toContain('12 (internes 9, externes 3)')

    await screenshot(page, 'admin-fr-375')
    expect(await overflow(page, view)).toEqual([0, 0])
    expect(await axeViolations(page)).toEqual([])
    for (const summary of await view.locator('summary').all()) await summary.click()
    expect(await overflow(page, view)).toEqual([0, 0])
    expect(await axeViolations(page)).toEqual([])
  }, 120_000)
})

describe('the admin console when its script cannot be loaded', () => {
  it('says so in words in the admin view, and the page keeps working', async () => {
    const { context, page } = await newUserPage(browser, { locale: 'fr-FR' })
    contexts.push(context)
    await page.route('**/widget/v1/bbb-spaces-admin.js', (route) => route.abort())
    await page.goto(demoUrl(service.url, 'admin', { lang: 'fr', space: 'admin' }))
    const view = page.locator('div[data-bbb-view="admin"]')
    await poll(() => view.locator('.bbb-error').textContent()).toBe('Le service de réunions est injoignable. Vérifiez votre connexion.')
    expect(await view.locator('[data-bbb-admin-console]').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
  })
})
