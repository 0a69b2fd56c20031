import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, demoSession } from '../helpers/browser.js'

// One space's own rule for its recordings, in the admin console's "One space" panel: the rule in force and whose it
// is, the space's own number of days or "kept until deleted" (the service stores it), a refused number shown beside
// its field with nothing changed, and back to the global rule; in French on a phone and in English on a desktop,
// by keyboard too, with nothing axe-core objects to.

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })
const demo = demoSession()

/** What the service holds for the space (through the API, as an admin). */
async function stored(spaceId: string): Promise<{ override: { recordingDays: number | null } | null; recordingDays: number | null }> {
  const token = await demo.service.mintToken({ sub: 'root', admin: true })
  const res = await fetch(`${demo.service.url}/api/v1/admin/spaces/${spaceId}/retention`, { headers: { Authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as never
}

/** The admin console at `width`, with `spaceId` shown in its "One space" panel; the space's retention form. */
async function openSpace(lang: 'fr' | 'en', width: number, spaceId: string): Promise<{ page: Page; form: Locator }> {
  const page = await demo.openAs('admin', { space: 'admin', lang })
  await page.setViewportSize({ width, height: 900 })
  const panel = page.locator('[data-bbb-space-panel]')
  const id = panel.getByLabel(lang === 'fr' ? 'Identifiant de l’espace' : 'Space identifier')
  await poll(() => id.count()).toBe(1)
  // By keyboard: the identifier typed, Enter shows the space.
  await id.focus()
  await page.keyboard.type(spaceId)
  await page.keyboard.press('Enter')
  const form = panel.locator(`[data-bbb-space-retention="${spaceId}"]`)
  await poll(() => form.count()).toBe(1)
  return { page, form }
}

const WORDS = {
  en: {
    title: 'Recordings of {space}: how long they are kept',
    globalKept: 'In force: kept until someone deletes them (the global rule).',
    own30: 'In force: deleted 30 days after they end (this space’s own rule).',
    ownKept: 'In force: kept until someone deletes them (this space’s own rule).',
    useGlobal: 'The global rule (kept until someone deletes them)',
    useDays: 'Deleted after a number of days',
    days: 'Days after a recording ends (1 to 3650)',
    useKept: 'Kept until someone deletes them',
    save: 'Save',
    saved: 'Saved.',
    backToGlobal: 'Saved: the global rule applies again.',
    bad: 'Give a whole number of days from 1 to 3650, or choose another rule. Nothing was changed.',
  },
  fr: {
    title: 'Enregistrements de {space} : durée de conservation',
    globalKept: 'En vigueur : conservés jusqu’à ce que quelqu’un les supprime (règle générale).',
    own30: 'En vigueur : supprimés 30 jours après leur fin (règle propre à cet espace).',
    ownKept: 'En vigueur : conservés jusqu’à ce que quelqu’un les supprime (règle propre à cet espace).',
    useGlobal: 'La règle générale (conservés jusqu’à ce que quelqu’un les supprime)',
    useDays: 'Supprimés après un nombre de jours',
    days: 'Jours après la fin d’un enregistrement (1 à 3650)',
    useKept: 'Conservés jusqu’à ce que quelqu’un les supprime',
    save: 'Enregistrer',
    saved: 'Enregistré.',
    backToGlobal: 'Enregistré : la règle générale s’applique de nouveau.',
    bad: 'Saisissez un nombre entier de jours, de 1 à 3650, ou choisissez une autre règle. Rien n’a été modifié.',
  },
} as const

async function walkThrough(lang: 'fr' | 'en', width: number, spaceId: string): Promise<void> {
  const w = WORDS[lang]
  const { page, form } = await openSpace(lang, width, spaceId)
  const inForce = form.locator('[data-bbb-retention-in-force]')
  const live = page.locator('div[data-bbb-view="admin"] [data-bbb-live]')
  const days = form.getByLabel(w.days, { exact: true })
  const save = form.getByRole('button', { name: w.save, exact: true })

  // The global rule is in force, and chosen.
  expect(await form.getByRole('heading', { name: w.title.replace('{space}', spaceId) }).count()).toBe(1)
  await poll(() => inForce.textContent()).toBe(w.globalKept)
  expect(await form.getByLabel(w.useGlobal, { exact: true }).isChecked()).toBe(true)
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
  expect(await axeViolations(page)).toEqual([])
  await form.screenshot({ path: `/tmp/space-retention-${lang}-${width}.png` })

  // 30 days, by keyboard: typing the number chooses it; Tab reaches the button, Enter saves.
  await days.focus()
  await page.keyboard.type('30')
  expect(await form.getByLabel(w.useDays, { exact: true }).isChecked()).toBe(true)
  // The console lives in a shadow root: what has the focus is its root's activeElement.
  const focused = (el: Element) => (el.getRootNode() as ShadowRoot | Document).activeElement === el
  for (let i = 0; i < 5 && !(await save.evaluate(focused)); i++) await page.keyboard.press('Tab')
  expect(await save.evaluate(focused)).toBe(true)
  await page.keyboard.press('Enter')
  await poll(() => inForce.textContent()).toBe(w.own30)
  expect(await stored(spaceId)).toMatchObject({ override: { recordingDays: 30 }, recordingDays: 30 })
  await poll(() => live.textContent()).toBe(w.saved)
  expect(await form.locator('[data-bbb-saved]').textContent()).toContain(w.saved)
  expect(await days.inputValue()).toBe('30')
  await form.screenshot({ path: `/tmp/space-retention-${lang}-${width}-own.png` })

  // Kept until someone deletes them: the space's own rule, not the global one.
  await form.getByLabel(w.useKept, { exact: true }).check()
  await save.click()
  await poll(() => inForce.textContent()).toBe(w.ownKept)
  expect(await stored(spaceId)).toEqual({ spaceId, override: { recordingDays: null }, recordingDays: null })

  // A refused number: its words beside the field, the field marked, what was typed kept, nothing changed.
  await days.fill('4000')
  expect(await form.getByLabel(w.useDays, { exact: true }).isChecked()).toBe(true)
  await save.click()
  const error = form.locator('[data-bbb-field-error="recordingDays"]')
  await poll(() => error.textContent()).toBe(w.bad)
  expect(await days.getAttribute('aria-invalid')).toBe('true')
  expect(await days.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'))
  expect(await days.inputValue()).toBe('4000')
  expect(await form.getByLabel(w.useDays, { exact: true }).isChecked()).toBe(true)
  await poll(() => live.textContent()).toBe(w.bad)
  expect(await stored(spaceId)).toEqual({ spaceId, override: { recordingDays: null }, recordingDays: null })
  expect(await inForce.textContent()).toBe(w.ownKept)
  expect(await axeViolations(page)).toEqual([])
  await form.screenshot({ path: `/tmp/space-retention-${lang}-${width}-refused.png` })

  // An empty number is refused the same way, before anything is sent.
  await days.fill('')
  await save.click()
  await poll(() => days.getAttribute('aria-invalid')).toBe('true')
  expect(await stored(spaceId)).toMatchObject({ override: { recordingDays: null } })

  // Back to the global rule.
  await form.getByLabel(w.useGlobal, { exact: true }).check()
  await save.click()
  await poll(() => inForce.textContent()).toBe(w.globalKept)
  expect(await stored(spaceId)).toEqual({ spaceId, override: null, recordingDays: null })
  await poll(() => live.textContent()).toBe(w.backToGlobal)
  expect(await days.getAttribute('aria-invalid')).toBe('false')
  expect(await form.locator('[data-bbb-field-error]').count()).toBe(0)
  expect(await axeViolations(page)).toEqual([])
}

describe('a space’s own recording retention in the admin console', () => {
  it('in French on a 375 px phone: global rule, 30 days, kept until deleted, a refusal, back to global', async () => {
    await walkThrough('fr', 375, 'projet-gamma')
  }, 90_000)

  it('in English on a desktop: the same, and the global rule’s value shown while the space has its own', async () => {
    await walkThrough('en', 1280, 'team-alpha')
    // With a global number of days, the "global rule" choice says it even while the space keeps its own rule.
    const token = await demo.service.mintToken({ sub: 'root', admin: true })
    const put = (path: string, body: unknown) =>
      fetch(`${demo.service.url}/api/v1${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    expect((await put('/admin/retention', { recordingDays: 90 })).status).toBe(200)
    expect((await put('/admin/spaces/team-beta/retention', { recordingDays: 7 })).status).toBe(200)
    const { form } = await openSpace('en', 1280, 'team-beta')
    await poll(() => form.locator('[data-bbb-retention-in-force]').textContent()).toBe('In force: deleted 7 days after they end (this space’s own rule).')
    expect(await form.getByLabel('The global rule (deleted 90 days after they end)', { exact: true }).isChecked()).toBe(false)
    expect(await form.getByLabel('Deleted after a number of days', { exact: true }).isChecked()).toBe(true)
    expect(await form.getByLabel('Days after a recording ends (1 to 3650)', { exact: true }).inputValue()).toBe('7')
  }, 90_000)
})
