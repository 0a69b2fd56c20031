import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, demoSession } from '../helpers/browser.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 })
const demo = demoSession()
const MINUTE = 60_000
const DAY = 86_400_000

beforeAll(async () => {
  const { history } = demo.service.service.usage
  const now = Date.now()
  const minute = (at: number) => at - (at % MINUTE)
  // A busy morning two hours ago (peak 42 in team-alpha), and a bigger day 100 days ago (peak 120).
  for (let i = 0; i < 30; i++) {
    const people = i === 15 ? 42 : 10 + i
    await history.recordMinute({
      minute: minute(now - 2 * 3_600_000 + i * MINUTE),
      total: { participants: people, internal: people - 3, external: 3, meetings: 2 },
      spaces: [{ spaceId: 'team-alpha', participants: people, internal: people - 3, external: 3, meetings: 2 }],
    })
  }
  await history.recordMinute({
    minute: minute(now - 100 * DAY),
    total: { participants: 120, internal: 100, external: 20, meetings: 9 },
    spaces: [{ spaceId: 'team-beta', participants: 120, internal: 100, external: 20, meetings: 9 }],
  })
  await history.rollUp(now)
  const token = await demo.service.mintToken({ sub: 'root', admin: true })
  const res = await fetch(`${demo.service.url}/api/v1/admin/limits`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ licence: { maxParticipants: 100 } }),
  })
  expect(res.status).toBe(200)
})

const panel = (page: Page) => page.locator('[data-bbb-usage-history]')

describe('the usage history chart in the admin console', () => {
  it('draws participants against the licence cap, switches periods, and has a table for screen readers', async () => {
    const admin = await demo.openAs('admin', { space: 'admin' })
    const view = panel(admin)
    await poll(() => view.locator('[data-bbb-history-chart]').count()).toBe(1)
    expect(await view.getByRole('heading', { name: 'Usage over time' }).count()).toBe(1)
    expect(await view.locator('[data-bbb-history-line]').getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+L/)
    expect(await view.locator('[data-bbb-history-cap]').getAttribute('data-bbb-history-cap')).toBe('100')
    const chart = view.getByRole('img', { name: /Participants at once, day/ })
    expect(await chart.count()).toBe(1)
    expect(await view.locator('desc').textContent()).toMatch(/^Highest: 42 participants on .+\. Licence cap: 100\.$/)
    expect(await view.locator('[data-bbb-history-busiest]').textContent()).toContain('team-alpha')
    await view.getByText('Show the data as a table').click()
    expect(await view.locator('[data-bbb-history-table] tbody tr').count()).toBeGreaterThan(0)
    expect(await view.locator('[data-bbb-history-table]').textContent()).toContain('42')
    expect(await axeViolations(admin)).toEqual([])

    await view.getByRole('button', { name: 'Year' }).click()
    expect(await view.getByRole('button', { name: 'Year' }).getAttribute('aria-pressed')).toBe('true')
    await poll(() => view.getByRole('img', { name: /Participants at once, year/ }).count()).toBe(1)
    await poll(() => view.locator('desc').textContent()).toMatch(/^Highest: 120 participants/)
    expect(await view.locator('[data-bbb-history-busiest] tbody tr').first().textContent()).toContain('team-beta')
    await view.getByRole('button', { name: 'Week' }).click()
    await poll(() => view.getByRole('img', { name: /Participants at once, week/ }).count()).toBe(1)
    expect(await axeViolations(admin)).toEqual([])
  })

  it('speaks French and fits a 375 px wide phone', async () => {
    const admin = await demo.openAs('admin', { space: 'admin', lang: 'fr' })
    await admin.setViewportSize({ width: 375, height: 800 })
    const view = panel(admin)
    await poll(() => view.getByRole('img', { name: /Participants simultanés, jour/ }).count()).toBe(1)
    expect(await view.locator('desc').textContent()).toMatch(/^Maximum : 42 participants le .+\. Plafond de la licence : 100\.$/)
    await view.getByRole('button', { name: 'Mois' }).click()
    await poll(() => view.getByRole('img', { name: /Participants simultanés, mois/ }).count()).toBe(1)
    const box = await view.locator('[data-bbb-history-chart]').boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(375)
    // Nothing of the panel sticks out sideways (the data table scrolls inside its own box).
    expect(await view.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0)
    const panelBox = await view.boundingBox()
    expect(panelBox!.x + panelBox!.width).toBeLessThanOrEqual(375)
    expect(await axeViolations(admin)).toEqual([])
  })
})
