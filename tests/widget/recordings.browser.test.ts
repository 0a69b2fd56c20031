import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// A room's recordings in SpaceMeetings: they appear when BBB says one is ready (the `recording` event, no
// reload), members get a Play link, moderators publish/unpublish, rename and delete.

const SPACE = 'rec-widget-space'
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

let browser: Browser
let service: TestService
const contexts: BrowserContext[] = []

beforeAll(async () => {
  // The service's own origin serves the host page here (the script's origin is allowed without CORS).
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService()])
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
})

async function token(sub: string, role: 'manager' | 'member'): Promise<string> {
  return service.mintToken({ sub, name: sub, spaces: { [SPACE]: role } })
}

async function open(sub: string, role: 'manager' | 'member'): Promise<Page> {
  const t = await token(sub, role)
  const { context, page } = await newUserPage(browser)
  contexts.push(context)
  // A blank page of the service's origin, then the widget as a host would embed it.
  await page.goto(`${service.url}/widget/v1/bbb-spaces.js`)
  await page.setContent(`<!doctype html><html lang="en"><head><title>Host</title></head><body><main>
<div data-bbb-space="${SPACE}"></div></main></body></html>`)
  await page.addScriptTag({ url: `${service.url}/widget/v1/bbb-spaces.js` })
  await page.evaluate((tk) => (window as unknown as { BbbSpaces: { init(o: unknown): void } }).BbbSpaces.init({ getToken: () => tk }), t)
  return page
}

async function call(method: string, path: string, auth: string, body?: unknown): Promise<Response> {
  return fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
}

const recordings = (page: Page): Locator => page.locator(`div[data-bbb-space="${SPACE}"] [data-bbb-recordings]`)

describe('recordings in the widget', () => {
  it('shows a new recording when it is ready, plays it for members, lets moderators rename, unpublish and delete it', async () => {
    const boss = await token('rec-boss', 'manager')
    const created = await call('POST', `/spaces/${SPACE}/rooms`, boss, { name: 'Recorded talks', settings: { record: true } })
    expect(created.status).toBe(201)
    const roomId = ((await created.json()) as { room: { id: string } }).room.id

    const [manager, member] = await Promise.all([open('rec-boss', 'manager'), open('rec-member', 'member')])
    for (const p of [manager, member]) {
      await poll(() => p.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('heading', { name: 'Recorded talks' }).count()).toBe(1)
    }
    expect(await recordings(member).count()).toBe(0)

    // A meeting with someone in it ends; the dev BBB publishes its recording and calls the service back.
    expect((await call('POST', `/rooms/${roomId}/join`, boss)).status).toBe(200)
    const meetingId = (await service.store.getRoom(roomId))!.meetingId
    const added = await fetch(`${service.bbbUrl}dev/meetings/${meetingId}/attendees`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fullName: 'Speaker', role: 'MODERATOR' }),
    })
    expect(added.status).toBeLessThan(300)
    expect((await call('POST', `/rooms/${roomId}/end`, boss)).status).toBe(200)

    // Pushed, not reloaded: the members' list gains the recording with a Play link to its playback page.
    const play = recordings(member).getByRole('link', { name: /^Play — .+ \(opens in a new tab\)$/ })
    await poll(() => play.count(), { timeout: 15_000 }).toBe(1)
    const listed = ((await (await call('GET', `/rooms/${roomId}/recordings`, boss)).json()) as {
      recordings: Array<{ recordId: string; name: string; playbackUrl: string }>
    }).recordings
    expect(listed).toHaveLength(1)
    expect(await play.getAttribute('href')).toBe(listed[0]!.playbackUrl)
    expect(await play.getAttribute('target')).toBe('_blank')
    expect(await recordings(member).getByRole('button').count()).toBe(0)
    expect(await recordings(member).innerText()).toMatch(/\d+ min/)
    expect(await axeViolations(member, { widgetOnly: true })).toEqual([])

    // The moderator renames it through a dialog.
    const mine = recordings(manager)
    await poll(() => mine.getByRole('button', { name: /^Rename — / }).count(), { timeout: 15_000 }).toBe(1)
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])
    await mine.getByRole('button', { name: /^Rename — / }).click()
    const dialog = manager.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('dialog')
    await dialog.getByLabel('Name').fill('Quarterly review')
    await dialog.getByRole('button', { name: 'Rename', exact: true }).click()
    await poll(() => mine.locator('[data-bbb-recording]').innerText()).toContain('Quarterly review')
    await poll(() => mine.getByRole('link', { name: /^Play — Quarterly review/ }).count()).toBe(1)

    // Kept whatever the retention rule: the toggle says so, and so does the service.
    const keep = mine.getByRole('button', { name: 'Keep — Quarterly review' })
    expect(await keep.getAttribute('aria-pressed')).toBe('false')
    await keep.click()
    await poll(() => keep.getAttribute('aria-pressed')).toBe('true')
    expect(await mine.locator('[data-bbb-recording]').innerText()).toContain('kept')
    const kept = (await (await call('GET', `/rooms/${roomId}/recordings`, boss)).json()) as { recordings: Array<{ keep: boolean }> }
    expect(kept.recordings.map((r) => r.keep)).toEqual([true])
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])

    // Unpublished: still listed for the moderator, marked so; a member no longer gets it from the API.
    await mine.getByRole('button', { name: 'Unpublish — Quarterly review' }).click()
    await poll(() => mine.locator('[data-bbb-recording]').innerText()).toContain('not published')
    expect(await mine.getByRole('button', { name: 'Publish — Quarterly review' }).count()).toBe(1)
    const forMember = (await (await call('GET', `/rooms/${roomId}/recordings`, await token('rec-member', 'member'))).json()) as {
      recordings: unknown[]
    }
    expect(forMember.recordings).toHaveLength(0)

    // Deleted after confirming: the list (and its heading) goes away.
    await mine.getByRole('button', { name: 'Delete — Quarterly review' }).click()
    const confirm = manager.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('dialog')
    expect(await confirm.innerText()).toContain('Delete the recording Quarterly review?')
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
    await poll(() => recordings(manager).count()).toBe(0)
    const after = (await (await call('GET', `/rooms/${roomId}/recordings`, boss)).json()) as { recordings: unknown[] }
    expect(after.recordings).toHaveLength(0)
  }, 60_000)
})
