import { Router } from 'express'
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import { authorize } from '../../auth/permissions.js'
import type { Clock } from '../../clock.js'
import type { CapacityPlanAnswer, CapacitySettings, Locale, UsageHistoryAnswer } from '../../contract/index.js'
import { capacityPlan, capacitySettings } from '../../usage/capacity.js'
import { USAGE_CSV_HEADERS } from '../../i18n/usage.js'
import type { Store } from '../../store/types.js'
import { usageHistory, type UsageHistoryRepo } from '../../usage/index.js'
import { localeOf, principalOf } from '../auth.js'
import { SPACE_ID } from '../params.js'
import { parseInput } from '../validate.js'
import { instant } from './admin.js'

export const usageHistoryQuery = z
  .object({
    from: instant.optional().describe('default: a day before `to`'),
    to: instant.optional().describe('default: now'),
    step: z.enum(['minute', 'hour', 'day']).optional().describe('default: minute up to 2 days, hour up to 93 days, else day'),
    spaceId: SPACE_ID.optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()

export const capacityBody = z
  .object({ thresholdPercent: z.number().int().min(1).max(1000).optional(), refuse: z.boolean().optional() })
  .strict()

export const capacityPlanQuery = z
  .object({
    from: instant.optional().describe('default: now'),
    to: instant.optional().describe('default: 14 days after `from`; 62 days at most'),
  })
  .strict()

export interface UsageHistoryRouterDeps {
  store: Pick<Store, 'getGlobalLimits' | 'getSavedCapacity' | 'putCapacity' | 'appendAudit' | 'listScheduledMeetings'>
  history: UsageHistoryRepo
  clock: Clock
}

/** French Excel reads `;`-separated UTF-8 with a BOM, and decimals with a comma. */
function toCsv(answer: UsageHistoryAnswer, locale: Locale): string {
  const h = (key: keyof typeof USAGE_CSV_HEADERS) => USAGE_CSV_HEADERS[key][locale]
  const decimal = (n: number) => (locale === 'fr' ? String(n).replace('.', ',') : String(n))
  const rows = answer.points.map((p) => [
    p.at.slice(0, 16).replace('T', ' '),
    p.minutes,
    p.participants.max,
    decimal(p.participants.avg),
    p.internal.max,
    decimal(p.internal.avg),
    p.external.max,
    decimal(p.external.avg),
    p.meetings.max,
    decimal(p.meetings.avg),
  ])
  const header = [h('at'), h('minutes'), h('participantsMax'), h('participantsAvg'), h('internalMax'), h('internalAvg'), h('externalMax'), h('externalAvg'), h('meetingsMax'), h('meetingsAvg')]
  return stringify([header, ...rows], { bom: true, delimiter: ';', record_delimiter: 'windows' })
}

/** The usage history for admins (`admin: true` tokens; others `403 not_admin`). Mounted inside `/api/v1`. */
export function usageHistoryRouter(deps: UsageHistoryRouterDeps): Router {
  const router = Router({ caseSensitive: true })

  // GET /api/v1/admin/usage/history?from&to&step&spaceId&format
  router.get('/admin/usage/history', async (req, res) => {
    authorize(principalOf(res), 'admin', null)
    const query = parseInput(usageHistoryQuery, req.query, 'query')
    const to = query.to ?? deps.clock.now()
    const from = query.from ?? to - 86_400_000
    const answer = await usageHistory(deps.history, deps.store, {
      from,
      to,
      ...(query.step ? { step: query.step } : {}),
      ...(query.spaceId ? { spaceId: query.spaceId } : {}),
    })
    if (query.format === 'csv') {
      const name = `usage-${answer.spaceId ?? 'all'}-${answer.from.slice(0, 10)}-${answer.step}.csv`
      res.type('text/csv; charset=utf-8').attachment(name).send(toCsv(answer, localeOf(req, res)))
      return
    }
    res.json(answer satisfies UsageHistoryAnswer)
  })

  // GET /api/v1/admin/capacity
  router.get('/admin/capacity', async (_req, res) => {
    authorize(principalOf(res), 'admin', null)
    res.json((await capacitySettings(deps.store).get()) satisfies CapacitySettings)
  })

  // GET /api/v1/admin/capacity/plan?from&to: booked expected attendance per hour, the licence, the usual load
  router.get('/admin/capacity/plan', async (req, res) => {
    authorize(principalOf(res), 'admin', null)
    const query = parseInput(capacityPlanQuery, req.query, 'query')
    const now = deps.clock.now()
    const from = query.from ?? now
    const to = query.to ?? from + 14 * 86_400_000
    res.json((await capacityPlan(deps.store, deps.history, { from, to, now })) satisfies CapacityPlanAnswer)
  })

  // PUT /api/v1/admin/capacity (absent keys keep their value)
  router.put('/admin/capacity', async (req, res) => {
    const principal = principalOf(res)
    authorize(principal, 'admin', null)
    const body = parseInput(capacityBody, req.body)
    const settings = capacitySettings(deps.store)
    const next: CapacitySettings = { ...(await settings.get()), ...body }
    const now = deps.clock.now()
    await settings.put(next, now)
    await deps.store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId: null, roomId: null, action: 'capacity.changed', details: { ...next }, at: now })
    res.json(next satisfies CapacitySettings)
  })

  return router
}
