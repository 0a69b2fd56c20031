import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, demoSession } from '../helpers/browser.js'

// The retention panel of the admin console: it shows the documented defaults, saves what an admin changes (the
// service keeps it), speaks French, fits a phone, and axe-core finds nothing wrong.

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })
const demo = demoSession()
const panel = (page: Page) => page.locator('[data-bbb-retention]')

async function retention(): Promise<Record<string, unknown>> {
  const token = await demo.service.mintToken({ sub: 'root', admin: true })
  const res = await fetch(`${demo.service.url}/api/v1/admin/retention`, { headers: { Authorization: `Bearer ${token}` } })
  return (await res.json()) as Record<string, unknown>
}

describe('the retention panel in the admin console', () => {
  // First, while the audit log is empty: with entries, the audit panel's table is wider than a phone (not this panel).
  it('speaks French and fits a 375 px wide phone', async () => {
    const admin = await demo.openAs('admin', { space: 'admin', lang: 'fr' })
    await admin.setViewportSize({ width: 375, height: 800 })
    const view = panel(admin)
    await poll(() => view.getByRole('heading', { name: 'Conservation des données personnelles' }).count()).toBe(1)
    expect(await view.getByLabel('Journal d’audit').inputValue()).toBe('365')
    const identities = view.getByLabel('Personnes connues de la plateforme (nom, courriel, espaces), depuis leur dernière venue')
    expect(await identities.inputValue()).toBe('365')
    expect(await view.getByRole('button', { name: 'Enregistrer la conservation' }).count()).toBe(1)
    // The demo page lays itself out for the phone once the viewport shrank; then nothing of the panel sticks out.
    await poll(async () => {
      const box = await view.boundingBox()
      return box!.x + box!.width
    }).toBeLessThanOrEqual(375)
    expect(await view.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0)
    expect(await axeViolations(admin)).toEqual([])
    await view.screenshot({ path: '/tmp/retention-fr-phone.png' })

    // The new rule is edited in French too; the service keeps it and the form shows it back.
    await identities.fill('200')
    await view.getByRole('button', { name: 'Enregistrer la conservation' }).click()
    await poll(async () => (await retention())['identityDays']).toBe(200)
    await poll(() => identities.inputValue()).toBe('200')
    await identities.fill('365')
    await view.getByRole('button', { name: 'Enregistrer la conservation' }).click()
    await poll(async () => (await retention())['identityDays']).toBe(365)
  })

  it('shows the defaults and saves durations and the consent text', async () => {
    const admin = await demo.openAs('admin', { space: 'admin' })
    const view = panel(admin)
    await poll(() => view.locator('[data-bbb-retention-form]').count()).toBe(1)
    expect(await view.getByRole('heading', { name: 'Retention of personal data' }).count()).toBe(1)
    expect(await view.getByLabel('Attendance and meeting history').inputValue()).toBe('365')
    expect(await view.getByLabel('Usage history per space').inputValue()).toBe('400')
    const identities = view.getByLabel('People known from the platform (name, e-mail, spaces), since last seen')
    expect(await identities.inputValue()).toBe('365')
    expect(await view.getByLabel(/^Recordings/).inputValue()).toBe('')
    expect(await view.getByLabel('Tell participants when a meeting may be recorded').isChecked()).toBe(true)
    expect(await axeViolations(admin)).toEqual([])
    await admin.screenshot({ path: '/tmp/retention-en.png', fullPage: true })

    await view.getByLabel('Audit log').fill('180')
    await view.getByLabel(/^Recordings/).fill('30')
    await identities.fill('90')
    await view.getByLabel('Text in English (empty: the default words)').fill('This meeting may be recorded: leave to refuse.')
    await view.getByRole('button', { name: 'Save retention' }).click()
    await poll(async () => (await retention())['auditDays']).toBe(180)
    expect(await retention()).toMatchObject({ recordingDays: 30, identityDays: 90, consent: { enabled: true, en: 'This meeting may be recorded: leave to refuse.', fr: null } })
    expect(await view.getByLabel('Audit log').inputValue()).toBe('180')
    expect(await identities.inputValue()).toBe('90')
  })
})
