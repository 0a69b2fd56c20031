import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The room dialog as managers use it (issue 15 "Guests and codes in the UI", issue 18 item 6): guests, waiting
// room and access codes (generate, show, copy, new code, remove), the administrator's forced settings shown fixed
// with the reason and disabled ones hidden, settings in collapsible groups, a preset, co-moderators; "Copy
// invitation"; in French and English, on a desktop and a 375 px phone, with no axe violation, and by keyboard only.

const DIAL_IN = '+33 1 23 45 67 89'
const SHOTS = process.env.SCREENSHOT_DIR
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

let browser: Browser
let service: TestService
let admin: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ env: { DIAL_IN_NUMBER: DIAL_IN } })])
  admin = await service.mintToken({ sub: 'root', name: 'Root', admin: true, spaces: {} })
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
})

const managerOf = (space: string) => service.mintToken({ sub: 'mia', name: 'Mia Manager', spaces: { [space]: 'manager' } })

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely, field by field
type Loose = Record<string, any>

async function call(method: string, path: string, auth: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: res.status === 204 ? {} : ((await res.json()) as Loose) }
}

async function newRoom(space: string, name: string, settings: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', `/spaces/${space}/rooms`, await managerOf(space), { name, settings })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.room.id as string
}

async function open(space: string, auth: string, lang: 'en' | 'fr', width = 1280): Promise<Page> {
  const { context, page } = await newUserPage(browser, { locale: lang === 'fr' ? 'fr-FR' : 'en-GB' })
  contexts.push(context)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.url })
  await page.setViewportSize({ width, height: 900 })
  await page.goto(`${service.url}/widget/v1/bbb-spaces.js`)
  await page.setContent(`<!doctype html><html lang="${lang}"><head><title>Host</title></head><body><main>
<div data-bbb-space="${space}"></div></main></body></html>`)
  await page.addScriptTag({ url: `${service.url}/widget/v1/bbb-spaces.js` })
  await page.evaluate(([tk, l]) => (window as unknown as { BbbSpaces: { init(o: unknown): void } }).BbbSpaces.init({ getToken: () => tk, locale: l }), [auth, lang])
  return page
}

const widget = (page: Page, space: string): Locator => page.locator(`div[data-bbb-space="${space}"]`)

/** The focused control, looking through shadow roots: its accessible name (aria-label, else text) and id. */
function focused(page: Page): Promise<{ name: string; id: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
    const label = el?.id ? (el.getRootNode() as ShadowRoot).querySelector(`label[for="${el.id}"]`)?.textContent : null
    return { name: el?.getAttribute('aria-label') ?? label ?? el?.textContent ?? '', id: el?.id ?? '' }
  })
}

/** Presses Tab until the focused control matches, as a keyboard-only user would. */
async function tabTo(page: Page, match: RegExp, max = 50): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (match.test(f.name) || match.test(`#${f.id}`)) return
  }
  throw new Error(`nothing matching ${match} reachable with Tab`)
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText())
const groups = (dialog: Locator) => dialog.locator('details > summary').allInnerTexts()

describe('guests and access codes in the room dialog', () => {
  it('keyboard only: a manager creates a room with guests and a viewer access code, sees it and copies it', async () => {
    const space = 'kb-space'
    const page = await open(space, await managerOf(space), 'en')
    const list = widget(page, space)
    await poll(() => list.getByRole('button', { name: 'New room' }).count()).toBe(1)
    await tabTo(page, /New room$/)
    await page.keyboard.press('Enter')
    const dialog = list.getByRole('dialog', { name: 'New room' })
    await poll(() => dialog.count()).toBe(1)
    expect((await focused(page)).id).toBe('bbb-f-name')
    await page.keyboard.type('Partners call')
    await tabTo(page, /^Allow guests/)
    await page.keyboard.press('Space')
    await tabTo(page, /^Protect with a viewer access code/)
    await page.keyboard.press('Space')
    expect(await dialog.getByLabel(/^Protect with a viewer access code/).isChecked()).toBe(true)
    await tabTo(page, /^Create$/)
    await page.keyboard.press('Enter')

    // The new room's settings stay open and show its code, hidden until "Show".
    const settings = list.getByRole('dialog', { name: 'Room settings — Partners call' })
    await poll(() => settings.locator('[data-bbb-created]').textContent()).toBe('Room Partners call created. Share its access codes below.')
    expect((await focused(page)).name).toBe('Room Partners call created. Share its access codes below.')
    const viewer = settings.getByRole('group', { name: 'Viewer access code' })
    expect(await viewer.locator('code').innerText()).toContain('••••••••')
    await tabTo(page, /^Show — Viewer access code$/)
    await page.keyboard.press('Space')
    await poll(() => viewer.locator('code').innerText()).toMatch(/^\d{8}$/)
    const code = await viewer.locator('code').innerText()
    await tabTo(page, /^Copy — Viewer access code$/)
    await page.keyboard.press('Enter')
    await poll(() => viewer.getByRole('status').textContent()).toBe('Code copied.')
    expect(await clipboard(page)).toBe(code)
    expect(await axeViolations(page, { widgetOnly: true })).toEqual([])

    const rooms = (await call('GET', `/spaces/${space}/rooms`, await managerOf(space))).body.rooms as Loose[]
    const made = rooms.find((r) => r.name === 'Partners call')!
    expect(made.settings).toMatchObject({ guestsAllowed: true, accessCode: code, moderatorAccessCode: null })

    // Escape closes it; focus is back on "New room".
    await page.keyboard.press('Escape')
    await poll(() => list.getByRole('dialog').count()).toBe(0)
    expect((await focused(page)).name).toBe('+ New room')
  }, 60_000)

  for (const [lang, width] of [
    ['en', 1280],
    ['fr', 375],
  ] as const) {
    it(`guests off and on, a code generated, shown, copied, renewed and removed (${lang}, ${width} px)`, async () => {
      const space = `codes-${lang}`
      const roomId = await newRoom(space, 'Board')
      const page = await open(space, await managerOf(space), lang, width)
      const w = (en: string, fr: string) => (lang === 'en' ? en : fr)
      const list = widget(page, space)
      await poll(() => list.getByRole('button', { name: `${w('Settings', 'Paramètres')} — Board` }).count()).toBe(1)
      await list.getByRole('button', { name: `${w('Settings', 'Paramètres')} — Board` }).click()
      const dialog = list.getByRole('dialog', { name: `${w('Room settings', 'Paramètres de la salle')} — Board` })
      await poll(() => groups(dialog)).toEqual(
        lang === 'en'
          ? ['Guests and access codes', 'Moderators', 'Audio & video', 'Permissions', 'Features', 'Meeting', 'Recording', 'Slides']
          : ['Invités et codes d’accès', 'Modérateurs', 'Audio et vidéo', 'Permissions', 'Fonctions', 'Déroulement', 'Enregistrement', 'Diapositives'],
      )
      // Guests off: no waiting room, no codes.
      const guests = dialog.getByLabel(w('Allow guests', 'Autoriser les invités'), { exact: false })
      expect(await guests.isChecked()).toBe(false)
      expect(await dialog.locator('[data-bbb-code]').count()).toBe(0)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/room-dialog-${lang}-${width}-guests-off.png`, fullPage: true })

      // Guests on: the waiting room and both codes, which the room has not yet.
      await guests.check()
      expect(await dialog.getByLabel(w('Waiting room for guests', 'Salle d’attente pour les invités')).count()).toBe(1)
      const viewer = dialog.getByRole('group', { name: w('Viewer access code', 'Code d’accès participant') })
      await poll(() => viewer.innerText()).toContain(w('No code.', 'Aucun code.'))
      await viewer.getByRole('button', { name: `${w('Generate', 'Générer')} — ${w('Viewer access code', 'Code d’accès participant')}` }).click()
      await poll(() => viewer.getByRole('status').textContent()).toBe(w('New code saved: the previous one no longer works.', 'Nouveau code enregistré : l’ancien ne fonctionne plus.'))
      const show = viewer.getByRole('button', { name: `${w('Show', 'Afficher')} — ${w('Viewer access code', 'Code d’accès participant')}` })
      await show.click()
      expect(await show.getAttribute('aria-pressed')).toBe('true')
      const first = await viewer.locator('code').innerText()
      expect(first).toMatch(/^\d{8}$/)
      expect((await call('GET', `/rooms/${roomId}`, await managerOf(space))).body.room.settings.accessCode).toBe(first)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/room-dialog-${lang}-${width}-code.png`, fullPage: true })

      await viewer.getByRole('button', { name: new RegExp(`^${w('Copy', 'Copier')} — `) }).click()
      await poll(() => viewer.getByRole('status').textContent()).toBe(w('Code copied.', 'Code copié.'))
      expect(await clipboard(page)).toBe(first)

      await viewer.getByRole('button', { name: new RegExp(`^${w('New code', 'Nouveau code')} — `) }).click()
      await poll(() => viewer.locator('code').innerText()).not.toBe(first)
      const second = await viewer.locator('code').innerText()
      expect(second).toMatch(/^\d{8}$/)
      expect((await call('GET', `/rooms/${roomId}`, await managerOf(space))).body.room.settings.accessCode).toBe(second)

      await viewer.getByRole('button', { name: new RegExp(`^${w('Remove', 'Supprimer')} — `) }).click()
      await poll(() => viewer.innerText()).toContain(w('No code.', 'Aucun code.'))
      expect((await call('GET', `/rooms/${roomId}`, await managerOf(space))).body.room.settings.accessCode).toBeNull()

      // The moderators' code is of its own kind.
      const moderator = dialog.getByRole('group', { name: w('Moderator access code', 'Code d’accès modérateur') })
      await moderator.getByRole('button', { name: new RegExp(`^${w('Generate', 'Générer')} — `) }).click()
      await moderator.getByRole('button', { name: new RegExp(`^${w('Show', 'Afficher')} — `) }).click()
      await poll(() => moderator.locator('code').innerText()).toMatch(/^[A-Z2-9]{8}$/)

      // The settings groups open and close; the dialog fits the screen.
      await dialog.locator('[data-bbb-group="permissions"] > summary').click()
      expect(await dialog.getByLabel(w('Participants cannot share a webcam', 'Les participants ne peuvent pas partager de webcam')).isVisible()).toBe(true)
      await dialog.locator('[data-bbb-group="features"] > summary').click()
      expect(await dialog.getByRole('group', { name: w('Features in the meeting (unticked: turned off)', 'Fonctions de la réunion (décochée : désactivée)') }).getByRole('checkbox').count()).toBeGreaterThanOrEqual(9)
      const box = await dialog.boundingBox()
      expect(box!.x).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width).toBeLessThanOrEqual(width)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/room-dialog-${lang}-${width}-groups.png`, fullPage: true })

      // Saved with guests on and a feature turned off.
      await dialog.getByLabel(w('Polls', 'Sondages'), { exact: true }).uncheck()
      await dialog.getByRole('button', { name: w('Save', 'Enregistrer') }).click()
      await poll(() => list.getByRole('dialog').count()).toBe(0)
      const saved = (await call('GET', `/rooms/${roomId}`, await managerOf(space))).body.room.settings
      expect(saved).toMatchObject({ guestsAllowed: true, disabledFeatures: ['polls'] })
    }, 90_000)
  }
})

describe('the administrator’s policies in the room dialog', () => {
  for (const [lang, width] of [
    ['fr', 1280],
    ['en', 375],
  ] as const) {
    it(`forced settings are shown fixed with the reason, disabled ones hidden; forced guests and code make a room with a code (${lang}, ${width} px)`, async () => {
      const space = `policies-${lang}`
      const put = await call('PUT', `/admin/spaces/${space}/limits`, admin, {
        policies: {
          guestsAllowed: 'forced',
          accessCode: 'forced',
          waitingRoom: 'disabled',
          lockSettingsDisableCam: 'forced',
          disabledFeatures: 'disabled',
          meetingLayout: { policy: 'forced', value: 'VIDEO_FOCUS' },
        },
      })
      expect(put.status, JSON.stringify(put.body)).toBe(200)
      const w = (en: string, fr: string) => (lang === 'en' ? en : fr)
      const fixed = w('Set by your administrator.', 'Fixé par votre administrateur.')
      const page = await open(space, await managerOf(space), lang, width)
      const list = widget(page, space)
      await poll(() => list.getByRole('button', { name: w('New room', 'Nouvelle salle') }).count()).toBe(1)
      await list.getByRole('button', { name: w('New room', 'Nouvelle salle') }).click()
      const dialog = list.getByRole('dialog', { name: w('New room', 'Nouvelle salle') })
      await poll(() => groups(dialog)).not.toContain(w('Features', 'Fonctions'))

      const guests = dialog.getByLabel(w('Allow guests', 'Autoriser les invités'), { exact: false })
      await poll(() => guests.isDisabled()).toBe(true)
      expect(await guests.isChecked()).toBe(true)
      expect(await guests.getAttribute('aria-describedby')).toBeTruthy()
      expect(await dialog.locator('[data-bbb-group="guests"] .bbb-fixed').first().textContent()).toBe(fixed)
      expect(await dialog.getByLabel(w('Waiting room', 'Salle d’attente'), { exact: false }).count()).toBe(0)
      const code = dialog.getByLabel(w('Protect with a viewer access code', 'Protéger par un code d’accès participant'), { exact: false })
      expect(await code.isChecked()).toBe(true)
      expect(await code.isDisabled()).toBe(true)

      await dialog.locator('[data-bbb-group="permissions"] > summary').click()
      const cam = dialog.getByLabel(w('Participants cannot share a webcam', 'Les participants ne peuvent pas partager de webcam'))
      expect([await cam.isChecked(), await cam.isDisabled()]).toEqual([true, true])
      await dialog.locator('[data-bbb-group="meeting"] > summary').click()
      const layout = dialog.getByLabel(w('Layout', 'Disposition'), { exact: true })
      expect([await layout.inputValue(), await layout.isDisabled()]).toEqual(['VIDEO_FOCUS', true])
      expect(await dialog.locator('[data-bbb-group="meeting"] .bbb-fixed').first().textContent()).toBe(fixed)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      const box = await dialog.boundingBox()
      expect(box!.x + box!.width).toBeLessThanOrEqual(width)
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/room-dialog-${lang}-${width}-policies.png`, fullPage: true })

      // Created: the service gave it a code, shown at once, which cannot be removed.
      await dialog.getByLabel(w('Name', 'Nom'), { exact: true }).fill('Forced')
      await dialog.getByRole('button', { name: w('Create', 'Créer') }).click()
      const settings = list.getByRole('dialog', { name: `${w('Room settings', 'Paramètres de la salle')} — Forced` })
      const viewer = settings.getByRole('group', { name: w('Viewer access code', 'Code d’accès participant') })
      await poll(() => viewer.getByRole('button', { name: new RegExp(`^${w('Show', 'Afficher')} — `) }).count()).toBe(1)
      await viewer.getByRole('button', { name: new RegExp(`^${w('Show', 'Afficher')} — `) }).click()
      expect(await viewer.locator('code').innerText()).toMatch(/^\d{8}$/)
      expect(await viewer.innerText()).toContain(w('Required by your administrator.', 'Exigé par votre administrateur.'))
      expect(await viewer.getByRole('button', { name: new RegExp(`^${w('Remove', 'Supprimer')} — `) }).count()).toBe(0)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
    }, 90_000)
  }
})

describe('presets and co-moderators in the room dialog', () => {
  it('a room created from a preset shows and keeps its values; co-moderators are picked among members or typed', async () => {
    const space = 'preset-space'
    // Carol used the service in this space: she is offered as a co-moderator.
    const carol = await service.mintToken({ sub: 'carol', name: 'Carol Petit', spaces: { [space]: 'member' } })
    expect((await call('GET', `/me/limits?spaceId=${space}`, carol)).status).toBe(200)
    const page = await open(space, await managerOf(space), 'en')
    const list = widget(page, space)
    await poll(() => list.getByRole('button', { name: 'New room' }).count()).toBe(1)
    await list.getByRole('button', { name: 'New room' }).click()
    const dialog = list.getByRole('dialog', { name: 'New room' })
    await poll(() => dialog.getByLabel('Start from').count()).toBe(1)
    await dialog.getByLabel('Name', { exact: true }).fill('Town hall')
    await dialog.getByLabel('Start from').selectOption('conference')
    await dialog.locator('[data-bbb-group="audioVideo"] > summary').click()
    expect(await dialog.getByLabel('Mute participants on entry').isChecked()).toBe(true)
    await dialog.getByLabel('Mute participants on entry').uncheck()
    await dialog.locator('[data-bbb-group="moderation"] > summary').click()
    const coMods = dialog.getByRole('group', { name: 'Co-moderators' })
    await coMods.getByLabel('Carol Petit').check()
    await coMods.getByLabel('Others: platform user ids, separated by commas').fill('dan')
    expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
    await dialog.getByRole('button', { name: 'Create' }).click()
    await poll(() => list.getByRole('dialog').count()).toBe(0)
    const room = ((await call('GET', `/spaces/${space}/rooms`, await managerOf(space))).body.rooms as Loose[]).find((r) => r.name === 'Town hall')!
    expect(room.settings).toMatchObject({ muteOnStart: false, webcamsOnlyForModerator: true, meetingLayout: 'PRESENTATION_FOCUS', coModerators: ['carol', 'dan'] })
  }, 60_000)
})

describe('preset names in the room dialog', () => {
  it('offers the built-in presets in the user’s language and an administrator’s preset as typed', async () => {
    const space = 'preset-names'
    const typed = 'Amphithéâtre du lundi matin (grandes promotions)'
    expect((await call('POST', `/admin/spaces/${space}/presets`, admin, { name: typed, settings: { muteOnStart: true } })).status).toBe(201)
    for (const [lang, width] of [['fr', 1280], ['fr', 375], ['en', 1280]] as const) {
      const page = await open(space, await managerOf(space), lang, width)
      const list = widget(page, space)
      const w = (en: string, fr: string) => (lang === 'en' ? en : fr)
      await poll(() => list.getByRole('button', { name: w('New room', 'Nouvelle salle') }).count()).toBe(1)
      await list.getByRole('button', { name: w('New room', 'Nouvelle salle') }).click()
      const dialog = list.getByRole('dialog', { name: w('New room', 'Nouvelle salle') })
      const picker = dialog.getByLabel(w('Start from', 'Partir de'))
      await poll(() => picker.count()).toBe(1)
      expect(await picker.locator('option').allTextContents()).toEqual(
        lang === 'en'
          ? ['The space’s defaults', 'Team meeting', 'Conference', 'Training', 'Interview', typed]
          : ['Réglages par défaut de l’espace', 'Réunion d’équipe', 'Conférence', 'Formation', 'Entretien', typed],
      )
      // Picked by its id whatever its name says.
      await picker.selectOption({ label: w('Conference', 'Conférence') })
      expect(await picker.inputValue()).toBe('conference')
      await picker.selectOption({ label: typed })
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/room-dialog-${lang}-${width}-presets.png` })
      // The picker stays inside the dialog, however long the administrator's name.
      const [box, dialogBox] = await Promise.all([picker.boundingBox(), dialog.boundingBox()])
      expect(box!.x + box!.width).toBeLessThanOrEqual(dialogBox!.x + dialogBox!.width)
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
    }
  }, 90_000)
})

describe('a room’s invitation and buttons', () => {
  it('copies a ready invitation (link, code, dial-in) in the widget’s language; each button names its room', async () => {
    const space = 'invite-space'
    const a = await newRoom(space, 'Atelier', { guestsAllowed: true })
    await call('POST', `/rooms/${a}/access-codes`, await managerOf(space), { kind: 'viewer' })
    await newRoom(space, 'Bureau')
    const { settings: { accessCode: code }, link } = (await call('GET', `/rooms/${a}`, await managerOf(space))).body.room as { settings: { accessCode: string }; link: string }
    for (const lang of ['fr', 'en'] as const) {
      const page = await open(space, await managerOf(space), lang)
      const list = widget(page, space)
      const w = (en: string, fr: string) => (lang === 'en' ? en : fr)
      for (const name of [w('Start a meeting', 'Démarrer une réunion'), w('Copy link', 'Copier le lien'), w('Copy invitation', 'Copier l’invitation'), w('Schedule…', 'Planifier…')]) {
        await poll(() => list.getByRole('button', { name: `${name} — Atelier`, exact: true }).count()).toBe(1)
        expect(await list.getByRole('button', { name: `${name} — Bureau`, exact: true }).count()).toBe(1)
      }
      await list.getByRole('button', { name: `${w('Copy invitation', 'Copier l’invitation')} — Atelier` }).click()
      await poll(() => clipboard(page)).toBe(
        lang === 'en'
          ? `Join the meeting “Atelier”:\n${link}\nAccess code: ${code}\nBy phone: ${DIAL_IN}`
          : `Rejoindre la réunion « Atelier » :\n${link}\nCode d’accès : ${code}\nPar téléphone : ${DIAL_IN}`,
      )
      expect(await list.locator(`[data-bbb-room="${a}"]`).getByRole('status').first().textContent()).toBe(
        w('Invitation copied: paste it in a mail.', 'Invitation copiée : collez-la dans un courriel.'),
      )
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
    }
  }, 60_000)
})

describe('meeting states', () => {
  it('after "End meeting" by keyboard, focus is on the room’s start button and the end is a status line, not a button', async () => {
    const space = 'end-space'
    const roomId = await newRoom(space, 'Daily')
    const member = await service.mintToken({ sub: 'mo', name: 'Mo Member', spaces: { [space]: 'member' } })
    expect((await call('POST', `/rooms/${roomId}/join`, await managerOf(space))).status).toBe(200)
    const page = await open(space, await managerOf(space), 'en')
    const memberPage = await open(space, member, 'fr')
    const list = widget(page, space)
    const daily = list.locator(`[data-bbb-room="${roomId}"]`)
    await poll(() => list.getByRole('button', { name: 'End meeting — Daily' }).count(), { timeout: 15_000 }).toBe(1)
    await tabTo(page, /^End meeting — Daily$/)
    await page.keyboard.press('Enter')
    const dialog = list.getByRole('dialog', { name: 'End meeting' })
    await poll(() => dialog.count()).toBe(1)
    await tabTo(page, /^End meeting$/)
    await page.keyboard.press('Enter')
    await poll(() => daily.locator('[data-bbb-status]').textContent(), { timeout: 15_000 }).toBe('The meeting has ended.')
    await poll(() => focused(page).then((f) => f.name)).toBe('Start a meeting — Daily')

    const memberList = widget(memberPage, space).locator(`[data-bbb-room="${roomId}"]`)
    await poll(() => memberList.locator('[data-bbb-status]').textContent(), { timeout: 15_000 }).toBe('La réunion est terminée.')
    expect(await memberList.getByRole('button', { name: /Terminée|Ended/ }).count()).toBe(0)
    expect(await memberList.getByRole('button', { name: 'Rejoindre — Daily' }).count()).toBe(1)
    expect(await axeViolations(memberPage, { widgetOnly: true })).toEqual([])
  }, 60_000)

  it('a licence refusal says which seats ran out, not that the room is full', async () => {
    const space = 'licence-space'
    const roomId = await newRoom(space, 'Crowded')
    expect((await call('POST', `/rooms/${roomId}/join`, await managerOf(space))).status).toBe(200)
    const put = await call('PUT', '/admin/limits', admin, { licence: { maxInternal: 1 } })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    try {
      const member = await service.mintToken({ sub: 'lu', name: 'Lu Member', spaces: { [space]: 'member' } })
      for (const lang of ['en', 'fr'] as const) {
        const page = await open(space, member, lang)
        const list = widget(page, space)
        const join = list.locator(`[data-bbb-room="${roomId}"] [data-bbb-action="join"]`)
        await poll(() => join.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(lang === 'en' ? /^Join/ : /^Rejoindre/)
        await join.click()
        await poll(() => join.textContent()).toBe(lang === 'en' ? 'No internal seats left — try again later' : 'Plus de places internes — réessayez plus tard')
        expect(await list.getByRole('button', { name: /Room full|Salle pleine/ }).count()).toBe(0)
        expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      }
    } finally {
      await call('PUT', '/admin/limits', admin, { licence: { maxInternal: null } })
    }
  }, 60_000)
})
