import { Router, type Response } from 'express'
import { z } from 'zod'
import { authorize } from '../../auth/permissions.js'
import type { Principal } from '../../auth/principal.js'
import type { Clock } from '../../clock.js'
import type { PurgeCounts, RetentionSettings, SpaceRetention, UserDataErasure, UserDataExport } from '../../contract/index.js'
import type { RetentionPurge } from '../../retention/purge.js'
import type { RetentionRepo } from '../../retention/settings.js'
import type { UserData } from '../../retention/user-data.js'
import type { Store } from '../../store/types.js'
import { principalOf } from '../auth.js'
import { freeText } from '../free-text.js'
import { spaceParams } from '../params.js'
import { parseInput } from '../validate.js'

const days = z.number().int().min(1).max(3650)

export const retentionBody = z
  .object({
    attendanceDays: days.optional(),
    auditDays: days.optional(),
    usagePerSpaceDays: days.optional(),
    mailDays: days.optional(),
    identityDays: days.optional().describe('people not seen in a host token for longer are forgotten (never while in a meeting)'),
    recordingDays: days.nullable().optional().describe('null: recordings are kept until someone deletes them'),
    consent: z
      .object({
        enabled: z.boolean().optional(),
        fr: freeText(2000, { lines: true }).nullable().optional().describe("null: the service's own words"),
        en: freeText(2000, { lines: true }).nullable().optional().describe("null: the service's own words"),
      })
      .strict()
      .optional(),
  })
  .strict()

export const spaceRetentionBody = z
  .object({ recordingDays: days.nullable().describe('null: kept until someone deletes them') })
  .strict()

export const userParams = z.object({ sub: z.string().min(1).max(300) }).strict()

export interface RetentionRouterDeps {
  store: Pick<Store, 'appendAudit'>
  retention: RetentionRepo
  userData: UserData
  /** The daily purge (`POST /admin/retention/purge` runs it now). */
  purge: Pick<RetentionPurge, 'run'>
  clock: Clock
}

function admin(res: Response): Principal {
  const principal = principalOf(res)
  authorize(principal, 'admin', null)
  return principal
}

/**
 * Retention and personal data, for admins (`admin: true` tokens; others `403 not_admin`): the retention rules
 * (global, and each space's rule for its recordings) and a person's data, exported or erased. Every change is
 * audited. Mounted inside `/api/v1`.
 */
export function retentionRouter(deps: RetentionRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { store, retention, userData, clock } = deps

  // GET /api/v1/admin/retention
  router.get('/admin/retention', async (_req, res) => {
    admin(res)
    res.json((await retention.get()) satisfies RetentionSettings)
  })

  // PUT /api/v1/admin/retention (absent keys keep their value)
  router.put('/admin/retention', async (req, res) => {
    const principal = admin(res)
    const { consent, ...body } = parseInput(retentionBody, req.body)
    const current = await retention.get()
    const next: RetentionSettings = { ...current, ...body, consent: { ...current.consent, ...consent } }
    const now = clock.now()
    await retention.put(next, now)
    await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId: null, roomId: null, action: 'retention.changed', details: { ...next }, at: now })
    res.json(next satisfies RetentionSettings)
  })

  // POST /api/v1/admin/retention/purge: now, whatever the day's lease (the purge audits itself)
  router.post('/admin/retention/purge', async (_req, res) => {
    admin(res)
    res.json((await deps.purge.run()) satisfies PurgeCounts)
  })

  // GET /api/v1/admin/spaces/:spaceId/retention
  router.get('/admin/spaces/:spaceId/retention', async (req, res) => {
    admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    res.json((await retention.getSpace(spaceId)) satisfies SpaceRetention)
  })

  // PUT /api/v1/admin/spaces/:spaceId/retention
  router.put('/admin/spaces/:spaceId/retention', async (req, res) => {
    const principal = admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    const { recordingDays } = parseInput(spaceRetentionBody, req.body)
    const now = clock.now()
    const answer = await retention.putSpace(spaceId, recordingDays, now)
    await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId, roomId: null, action: 'retention.space_changed', details: { recordingDays }, at: now })
    res.json(answer satisfies SpaceRetention)
  })

  // DELETE /api/v1/admin/spaces/:spaceId/retention (the global rule applies again)
  router.delete('/admin/spaces/:spaceId/retention', async (req, res) => {
    const principal = admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    const now = clock.now()
    const answer = await retention.putSpace(spaceId, undefined, now)
    await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId, roomId: null, action: 'retention.space_changed', details: { recordingDays: 'global' }, at: now })
    res.json(answer satisfies SpaceRetention)
  })

  // GET /api/v1/admin/users/:sub/data
  router.get('/admin/users/:sub/data', async (req, res) => {
    const principal = admin(res)
    const { sub } = parseInput(userParams, req.params, 'params')
    const now = clock.now()
    const answer = await userData.exportUserData(sub, now)
    // That an export happened, not whose: the audit must not become a copy of what it exported.
    await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId: null, roomId: null, action: 'user.exported', details: {}, at: now })
    res.attachment('personal-data.json').json(answer satisfies UserDataExport)
  })

  // DELETE /api/v1/admin/users/:sub/data
  router.delete('/admin/users/:sub/data', async (req, res) => {
    const principal = admin(res)
    const { sub } = parseInput(userParams, req.params, 'params')
    res.json((await userData.eraseUserData(sub, principal, clock.now())) satisfies UserDataErasure)
  })

  return router
}
