import { Router, type Response } from 'express'
import { z } from 'zod'
import { SPACE_ID, spaceParams } from '../params.js'
import { toBbbFailure } from '../../bbb-failures.js'
import { authorize } from '../../auth/permissions.js'
import type { Clock } from '../../clock.js'
import { changeGlobalLimits, changeSpaceLimits, spaceLimitsView, usageReport } from '../../limits/admin.js'
import type { StatusSource } from '../../status/meeting-status.js'
import type { Store } from '../../store/types.js'
import { reconcileFromStatuses } from '../../limits/reconcile.js'
import type { Principal } from '../../auth/principal.js'
import { principalOf } from '../auth.js'
import type { AdminAuditPage, AdminLimits, AdminUsage, SpaceLimitsAnswer } from '../../contract/index.js'
import { parseInput } from '../validate.js'


/** Epoch milliseconds or an ISO 8601 date. */
export const instant = z.string().max(40).transform((value, ctx) => {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds or an ISO 8601 date' })
    return z.NEVER
  }
  return ms
})

export const auditQuery = z
  .object({
    action: z.string().max(64).optional(),
    spaceId: SPACE_ID.optional(),
    roomId: z.string().max(64).optional(),
    actor: z.string().max(300).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
  })
  .strict()

function admin(res: Response): Principal {
  const principal = principalOf(res)
  authorize(principal, 'admin', null)
  return principal
}

/**
 * The admin API (`admin: true` tokens; others `403 not_admin`): global limits, per-space overrides, live usage
 * and the audit. Mounted inside `/api/v1`.
 */
export interface AdminRouterDeps {
  store: Store
  status: StatusSource
  clock: Clock
}

export function adminRouter(deps: AdminRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { store, clock } = deps

  // GET /api/v1/admin/limits
  router.get('/admin/limits', async (_req, res) => {
    admin(res)
    res.json((await store.getGlobalLimits()) satisfies AdminLimits)
  })

  // PUT /api/v1/admin/limits
  router.put('/admin/limits', async (req, res) => {
    const principal = admin(res)
    res.json((await changeGlobalLimits(store, principal, req.body, clock.now())) satisfies AdminLimits)
  })

  // GET /api/v1/admin/spaces/:spaceId/limits
  router.get('/admin/spaces/:spaceId/limits', async (req, res) => {
    admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    res.json((await spaceLimitsView(store, spaceId)) satisfies SpaceLimitsAnswer)
  })

  // PUT /api/v1/admin/spaces/:spaceId/limits
  router.put('/admin/spaces/:spaceId/limits', async (req, res) => {
    const principal = admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    res.json((await changeSpaceLimits(store, principal, spaceId, req.body, clock.now())) satisfies SpaceLimitsAnswer)
  })

  // GET /api/v1/admin/usage: reconciles the ledger with BBB first, so what it shows is what BBB has. When BBB
  // cannot be read the ledger is shown as it stands (`reconciled: false`, with the reason).
  router.get('/admin/usage', async (_req, res) => {
    admin(res)
    const runs = await store.listOpenRuns()
    let reconciled: { reconciled: true } | { reconciled: false; reason: string } = { reconciled: true }
    if (runs.length > 0) {
      const statuses = await deps.status.getMany(runs.map((r) => r.meetingId)).catch((err: unknown) => {
        reconciled = { reconciled: false, reason: toBbbFailure(err).code }
        return null
      })
      if (statuses) await reconcileFromStatuses(store, statuses, clock.now())
    }
    res.json({ ...(await usageReport(store, clock.now())), ...reconciled } satisfies AdminUsage)
  })

  // GET /api/v1/admin/audit
  router.get('/admin/audit', async (req, res) => {
    admin(res)
    const query = parseInput(auditQuery, req.query, 'query')
    const page = await store.listAudit(query)
    res.json({ ...page, limit: query.limit ?? 50, offset: query.offset ?? 0 } satisfies AdminAuditPage)
  })

  return router
}
