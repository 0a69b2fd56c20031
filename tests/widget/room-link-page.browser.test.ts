import type { Browser, BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'
import { visitorCookie } from '../helpers/room-link.js'

// The room-link page in Chromium, in French: it checks a guest's name in its own words before asking, and a
// refusal reads the same as the API's answer for it.

const SPACE = 'team-link-words'

let browser: Browser
let t: TestService
let manager: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, t] = await Promise.all([launchBrowser(), startTestService()])
  manager = await t.mintToken({ sub: 'lea', name: 'Léa Martin', spaces: { [SPACE]: 'manager' } })
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await t?.close()
})

async function open(url: string): Promise<Page> {
  const { context, page } = await newUserPage(browser, { locale: 'fr-FR' })
  contexts.push(context)
  await page.goto(url)
  return page
}

describe('the room-link page’s words', () => {
  it('refuses a one-letter name without asking the service, and says a wrong code as the API does', async () => {
    const room = await request(t.url)
      .post(`/api/v1/spaces/${SPACE}/rooms`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ name: 'Salle code', settings: { guestsAllowed: true, accessCode: '43215678' } })
    expect(room.status).toBe(201)
    const { id: roomId, link } = room.body.room as { id: string; link: string }

    const page = await open(link)
    const joins: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/join')) joins.push(r.url())
    })
    await page.getByLabel('Votre nom').fill('G')
    await page.getByLabel('Code d’accès').fill('0000')
    await page.getByRole('button', { name: 'Rejoindre la réunion' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Votre nom doit faire de 2 à 64 caractères.')
    expect(joins).toEqual([])

    await page.getByLabel('Votre nom').fill('Gaston')
    await page.getByRole('button', { name: 'Rejoindre la réunion' }).click()
    await expect.poll(() => joins.length).toBe(1)
    const api = await request(t.url).post(`/r/${roomId}/join?lang=fr`).set('Accept-Language', 'fr').set('Cookie', await visitorCookie(t.url, roomId)).send({ name: 'Gaston', accessCode: '0000' })
    expect(api.body.error.code).toBe('invalid_access_code')
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(api.body.error.message)
  }, 60_000)
})
