import type { Browser, BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { asText } from '../helpers/text-body.js'
import { startTestService, type TestService } from '../helpers/service.js'
import { parseIcs } from '../invites/parse-ics.js'

// The "done when": a meeting planned in October for a date after the end of summer time; its .ics read
// by ical.js shows the right local time in Paris; a week later (injected clock) a guest clicks its link in
// Chromium, waits, and lands in the meeting as a guest when a moderator starts it, without reloading.

const SPACE = 'team-done'
const PLANNED_ON = Date.parse('2026-10-20T08:00:00Z')
/** Ten minutes before 10:00 in Paris on 27 October 2026 (winter time, +01:00). */
const WEEK_LATER = Date.parse('2026-10-27T08:50:00Z')

let browser: Browser
let t: TestService
let manager: string
let base = PLANNED_ON
const realStart = Date.now()
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, t] = await Promise.all([launchBrowser(), startTestService({ clock: () => base + (Date.now() - realStart) })])
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await t?.close()
})

async function open(url: string, locale = 'en-GB'): Promise<Page> {
  const { context, page } = await newUserPage(browser, { locale })
  contexts.push(context)
  await page.goto(url)
  return page
}

describe('a scheduled meeting’s link, a week later, in a browser', () => {
  it('opens in ical.js at 10:00 Paris time, then auto-joins a guest when the moderator starts', async () => {
    const api = () => request(t.url)
    const room = await api()
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Weekly sync', settings: { guestsAllowed: true } })
    expect(room.status).toBe(201)
    const roomId = room.body.room.id as string

    const created = await api()
      .post(`/api/v1/rooms/${roomId}/meetings`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ title: 'Weekly sync', start: '2026-10-27T10:00:00+01:00', durationMinutes: 60 })
    expect(created.status).toBe(201)
    const meeting = created.body.meeting

    const ics = await api().get(`/api/v1/meetings/${meeting.id}/invite.ics`).set('Authorization', `Bearer ${manager}`).buffer(true)
      .parse(asText)
    const ev = parseIcs(ics.body as string).events[0]!
    expect(ev).toMatchObject({ tzid: 'Europe/Paris', localStart: '2026-10-27T10:00:00', url: meeting.link, location: meeting.link })
    expect(ev.startUtc).toBe(Date.parse('2026-10-27T09:00:00Z'))
    const link = ev.url!

    // Clicked too early: the page says when it opens.
    const early = await open(link)
    await expect.poll(() => early.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/opens on .*27 October 2026/)

    // A week later, ten minutes before the start.
    base = WEEK_LATER - (Date.now() - realStart)
    const page = await open(link)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Weekly sync')
    await page.getByLabel('Your name').fill('Gabriel Guest')
    await page.getByRole('button', { name: 'Join the meeting' }).click()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/Waiting for a moderator/)
    expect(await axeViolations(page)).toEqual([])

    // The manager's platform hands out a fresh token a week later (host tokens are refused past HOST_JWT_MAX_AGE).
    manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', email: 'alice@example.org', spaces: { [SPACE]: 'manager' } })
    const started = await api().post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`)
    expect(started.status).toBe(200)

    await page.waitForURL(/\/bigbluebutton\/client\?sessionToken=/, { timeout: 15_000 })
    const token = new URL(page.url()).searchParams.get('sessionToken')
    const state = (await (await fetch(new URL(`client/state?sessionToken=${token}`, t.bbbUrl))).json()) as {
      meeting: { name: string }
      you: { fullName: string; role: string; guest: boolean; userID: string }
    }
    expect(state.meeting.name).toBe('Weekly sync')
    expect(state.you).toMatchObject({ fullName: 'Gabriel Guest', role: 'VIEWER', guest: true })
    expect(state.you.userID).toMatch(/^guest-/)
  }, 60_000)
})
