import { readFile } from 'node:fs/promises'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// A room's "Past meetings" in SpaceMeetings: its moderators and the space's managers open it, see each run with
// who attended, and download the attendance as a CSV; members do not get the section.

const SPACE = 'past-widget-space'
const SHOTS = process.env.SCREENSHOT_DIR
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 })

let browser: Browser
let service: TestService
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService()])
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
})

const token = (sub: string, name: string, role: 'manager' | 'member') => service.mintToken({ sub, name, spaces: { [SPACE]: role } })

async function open(auth: string, lang: 'en' | 'fr', width = 1200): Promise<Page> {
  const { context, page } = await newUserPage(browser, { locale: lang })
  contexts.push(context)
  await page.setViewportSize({ width, height: 900 })
  await page.goto(`${service.url}/widget/v1/bbb-spaces.js`)
  await page.setContent(`<!doctype html><html lang="${lang}"><head><title>Host</title></head><body><main>
<div data-bbb-space="${SPACE}"></div></main></body></html>`)
  await page.addScriptTag({ url: `${service.url}/widget/v1/bbb-spaces.js` })
  await page.evaluate((tk) => (window as unknown as { BbbSpaces: { init(o: unknown): void } }).BbbSpaces.init({ getToken: () => tk }), auth)
  return page
}

async function call(method: string, path: string, auth: string, body?: unknown): Promise<Response> {
  return fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
}

const past = (page: Page, roomId?: string): Locator =>
  page.locator(`div[data-bbb-space="${SPACE}"] ${roomId ? `[data-bbb-past="${roomId}"]` : '[data-bbb-past]'}`)

describe('past meetings in the widget', () => {
  it('lists a finished meeting with who attended, downloads its CSV, in English and French; members do not see it', async () => {
    const boss = await token('past-boss', 'Mia Manager', 'manager')
    const zoe = await token('past-zoe', 'Zoé Lefèvre', 'member')
    // Zoé is a platform user the service has seen (internal).
    expect((await call('GET', `/spaces/${SPACE}/rooms`, zoe)).status).toBe(200)
    const created = await call('POST', `/spaces/${SPACE}/rooms`, boss, { name: 'Conseil' })
    expect(created.status).toBe(201)
    const roomId = ((await created.json()) as { room: { id: string } }).room.id

    // A meeting: Zoé joins (in the dev BBB), then the manager ends it.
    expect((await call('POST', `/rooms/${roomId}/join`, boss)).status).toBe(200)
    const meetingId = (await service.store.getRoom(roomId))!.meetingId
    const runId = (await service.service.attendance.listRuns(roomId)).runs[0]!.id
    const added = await fetch(`${service.bbbUrl}dev/meetings/${meetingId}/attendees`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userID: 'past-zoe', fullName: 'Zoé Lefèvre' }),
    })
    expect(added.status).toBe(201)
    await vi.waitFor(async () => expect((await service.service.attendance.listSessions(runId)).length).toBe(1), { timeout: 10_000, interval: 50 })
    expect((await call('POST', `/rooms/${roomId}/end`, boss)).status).toBe(200)
    await vi.waitFor(async () => expect((await service.service.attendance.listRuns(roomId)).runs[0]!.endedAt).not.toBeNull(), { timeout: 10_000 })

    const [manager, member] = await Promise.all([open(boss, 'en'), open(zoe, 'en')])
    for (const p of [manager, member]) {
      await poll(() => p.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('heading', { name: 'Conseil' }).count()).toBe(1)
    }
    // A member gets neither the section nor a way to it.
    expect(await past(member).count()).toBe(0)
    expect(await member.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('button', { name: /^Past meetings/ }).count()).toBe(0)

    // The manager opens it: the run, its length and one attendee; then its attendance.
    const section = past(manager, roomId)
    const toggle = section.getByRole('button', { name: 'Past meetings — Conseil' })
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.click()
    await poll(() => section.locator('[data-bbb-run]').count()).toBe(1)
    const run = section.locator(`[data-bbb-run="${runId}"]`)
    expect(await run.innerText()).toMatch(/\d+ min · attendees: 1/)
    await run.getByRole('button', { name: /^Attendance — / }).click()
    await poll(() => run.locator('[data-bbb-attendance]').innerText()).toMatch(/Zoé Lefèvre \(internal, participant\) · .+ to .+/)
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])

    // Download: a CSV file for French Excel (UTF-8 BOM) with Zoé's name intact.
    const [download] = await Promise.all([manager.waitForEvent('download'), run.getByRole('button', { name: /^Download CSV — / }).click()])
    expect(download.suggestedFilename()).toMatch(/^Attendance-Conseil-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('Zoé Lefèvre')

    // In French, on a phone.
    const fr = await open(boss, 'fr', 375)
    const frSection = past(fr, roomId)
    await frSection.getByRole('button', { name: 'Réunions passées — Conseil' }).click()
    const frRun = frSection.locator(`[data-bbb-run="${runId}"]`)
    await poll(() => frRun.innerText()).toMatch(/participants\s:\s1/)
    await frRun.getByRole('button', { name: /^Présences — / }).click()
    await poll(() => frRun.locator('[data-bbb-attendance]').innerText()).toMatch(/Zoé Lefèvre \(interne, participant\) · de .+ à .+/)
    expect(await frRun.getByRole('button', { name: /^Télécharger le CSV — / }).count()).toBe(1)
    expect(await axeViolations(fr, { widgetOnly: true })).toEqual([])
    if (SHOTS) await fr.screenshot({ path: `${SHOTS}/past-meetings-fr-375.png`, fullPage: true })
  }, 60_000)
})
