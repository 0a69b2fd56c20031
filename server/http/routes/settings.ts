import { Router, type Response } from 'express'
import { z } from 'zod'
import { spaceParams, SPACE_ID } from '../params.js'
import { authorize, requireMember } from '../../auth/permissions.js'
import type { Principal } from '../../auth/principal.js'
import type { Clock } from '../../clock.js'
import { changeBranding, presetsFor, removePreset, savePreset } from '../../limits/presets.js'
import type { Store } from '../../store/types.js'
import type { PresetAnswer, PresetsAnswer, SpaceBrandingAnswer } from '../../contract/index.js'
import { principalOf } from '../auth.js'
import { parseInput } from '../validate.js'

const presetParams = z.object({ presetId: z.string().min(1).max(64) }).strict()
const spacePresetParams = z.object({ spaceId: SPACE_ID, presetId: z.string().min(1).max(64) }).strict()

/** `PUT`/`POST` bodies of presets and branding: checked by the domain (`invalid_setting` naming the field). */
export const presetBody = z.object({ name: z.string().min(1).max(100), settings: z.record(z.string(), z.unknown()) }).strict()
export const brandingBody = z
  .object({ logo: z.string().nullable().optional(), bannerText: z.string().nullable().optional(), bannerColor: z.string().nullable().optional() })
  .strict()

function admin(res: Response): Principal {
  const principal = principalOf(res)
  authorize(principal, 'admin', null)
  return principal
}

/**
 * Presets (global and per space, admins; the built-in four are read-only) and each space's branding (admins, and
 * the space's managers). Members read the presets and branding of their space. Mounted inside `/api/v1`.
 */
export function settingsRouter(deps: { store: Store; clock: Clock }): Router {
  const router = Router({ caseSensitive: true })
  const { store, clock } = deps

  // GET /api/v1/admin/presets: built-in and global presets
  router.get('/admin/presets', async (_req, res) => {
    admin(res)
    res.json({ presets: await presetsFor(store, null) } satisfies PresetsAnswer)
  })

  // POST /api/v1/admin/presets
  router.post('/admin/presets', async (req, res) => {
    const principal = admin(res)
    const preset = await savePreset(store, principal, { spaceId: null }, req.body, clock.now())
    res.status(201).json({ preset } satisfies PresetAnswer)
  })

  // PUT /api/v1/admin/presets/:presetId
  router.put('/admin/presets/:presetId', async (req, res) => {
    const principal = admin(res)
    const { presetId } = parseInput(presetParams, req.params, 'params')
    res.json({ preset: await savePreset(store, principal, { spaceId: null, id: presetId }, req.body, clock.now()) } satisfies PresetAnswer)
  })

  // DELETE /api/v1/admin/presets/:presetId
  router.delete('/admin/presets/:presetId', async (req, res) => {
    const principal = admin(res)
    const { presetId } = parseInput(presetParams, req.params, 'params')
    await removePreset(store, principal, { spaceId: null, id: presetId }, clock.now())
    res.status(204).end()
  })

  // GET /api/v1/admin/spaces/:spaceId/presets: what the space's rooms may pick
  router.get('/admin/spaces/:spaceId/presets', async (req, res) => {
    admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    res.json({ presets: await presetsFor(store, spaceId) } satisfies PresetsAnswer)
  })

  // POST /api/v1/admin/spaces/:spaceId/presets
  router.post('/admin/spaces/:spaceId/presets', async (req, res) => {
    const principal = admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    const preset = await savePreset(store, principal, { spaceId }, req.body, clock.now())
    res.status(201).json({ preset } satisfies PresetAnswer)
  })

  // PUT /api/v1/admin/spaces/:spaceId/presets/:presetId
  router.put('/admin/spaces/:spaceId/presets/:presetId', async (req, res) => {
    const principal = admin(res)
    const { spaceId, presetId } = parseInput(spacePresetParams, req.params, 'params')
    res.json({ preset: await savePreset(store, principal, { spaceId, id: presetId }, req.body, clock.now()) } satisfies PresetAnswer)
  })

  // DELETE /api/v1/admin/spaces/:spaceId/presets/:presetId
  router.delete('/admin/spaces/:spaceId/presets/:presetId', async (req, res) => {
    const principal = admin(res)
    const { spaceId, presetId } = parseInput(spacePresetParams, req.params, 'params')
    await removePreset(store, principal, { spaceId, id: presetId }, clock.now())
    res.status(204).end()
  })

  // GET /api/v1/admin/spaces/:spaceId/branding
  router.get('/admin/spaces/:spaceId/branding', async (req, res) => {
    admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    res.json({ spaceId, branding: await store.getBranding(spaceId) } satisfies SpaceBrandingAnswer)
  })

  // PUT /api/v1/admin/spaces/:spaceId/branding
  router.put('/admin/spaces/:spaceId/branding', async (req, res) => {
    const principal = admin(res)
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    res.json({ spaceId, branding: await changeBranding(store, principal, spaceId, req.body, clock.now()) } satisfies SpaceBrandingAnswer)
  })

  // GET /api/v1/spaces/:spaceId/presets (members): the presets a new room may start from
  router.get('/spaces/:spaceId/presets', async (req, res) => {
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    requireMember(principalOf(res), spaceId)
    res.json({ presets: await presetsFor(store, spaceId) } satisfies PresetsAnswer)
  })

  // GET /api/v1/spaces/:spaceId/branding (members)
  router.get('/spaces/:spaceId/branding', async (req, res) => {
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    requireMember(principalOf(res), spaceId)
    res.json({ spaceId, branding: await store.getBranding(spaceId) } satisfies SpaceBrandingAnswer)
  })

  // PUT /api/v1/spaces/:spaceId/branding (managers)
  router.put('/spaces/:spaceId/branding', async (req, res) => {
    const { spaceId } = parseInput(spaceParams, req.params, 'params')
    const principal = principalOf(res)
    authorize(principal, 'space.manage', { spaceId })
    res.json({ spaceId, branding: await changeBranding(store, principal, spaceId, req.body, clock.now()) } satisfies SpaceBrandingAnswer)
  })

  return router
}
