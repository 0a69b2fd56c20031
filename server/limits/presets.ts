import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import type { BbbSettings, Preset, SpaceBranding } from '../contract/index.js'
import type { StoredPreset } from '../model/index.js'
import type { PresetRepo, AuditLog } from '../store/types.js'
import { checkSettingValues } from './settings.js'

/**
 * Presets: named bundles of BBB room settings, picked when a room is created (`preset` in its body). Four are
 * built in; administrators add global ones and per-space ones. A room copies the preset's values under its own,
 * and the policies still win over both.
 */
export const BUILTIN_PRESETS: readonly Preset[] = Object.freeze([
  {
    id: 'team-meeting',
    name: 'Team meeting',
    scope: 'builtin',
    spaceId: null,
    settings: { muteOnStart: false, allowModsToUnmuteUsers: true, meetingLayout: 'SMART_LAYOUT', lockSettingsLockOnJoin: false },
  },
  {
    id: 'conference',
    name: 'Conference',
    scope: 'builtin',
    spaceId: null,
    settings: {
      muteOnStart: true,
      webcamsOnlyForModerator: true,
      lockSettingsDisableCam: true,
      lockSettingsDisableMic: true,
      lockSettingsDisablePrivateChat: true,
      lockSettingsHideUserList: true,
      lockSettingsLockOnJoin: true,
      disabledFeatures: ['breakoutRooms', 'sharedNotes'],
      meetingLayout: 'PRESENTATION_FOCUS',
    },
  },
  {
    id: 'training',
    name: 'Training',
    scope: 'builtin',
    spaceId: null,
    settings: {
      muteOnStart: true,
      allowModsToUnmuteUsers: true,
      lockSettingsDisablePrivateChat: true,
      lockSettingsLockOnJoin: true,
      meetingLayout: 'PRESENTATION_FOCUS',
    },
  },
  {
    id: 'interview',
    name: 'Interview',
    scope: 'builtin',
    spaceId: null,
    settings: {
      disabledFeatures: ['breakoutRooms', 'chat', 'privateChat', 'polls', 'sharedNotes', 'externalVideos'],
      meetingLayout: 'VIDEO_FOCUS',
      guestPolicy: 'ASK_MODERATOR',
      endWhenNoModerator: true,
      endWhenNoModeratorDelayInMinutes: 1,
    },
  },
] satisfies Preset[])

const BUILTIN_IDS = new Set(BUILTIN_PRESETS.map((p) => p.id))

function asPreset(stored: StoredPreset): Preset {
  return {
    id: stored.id,
    name: stored.name,
    scope: stored.spaceId === null ? 'global' : 'space',
    spaceId: stored.spaceId,
    settings: stored.settings,
  }
}

/** The presets offered in a space: built in, then global, then the space's own. */
export async function presetsFor(store: PresetRepo, spaceId: string | null): Promise<Preset[]> {
  const global = (await store.listPresets(null)).map(asPreset)
  const own = spaceId === null ? [] : (await store.listPresets(spaceId)).map(asPreset)
  return [...BUILTIN_PRESETS, ...global, ...own]
}

/** A preset a room of `spaceId` may use, or `400 invalid_setting` naming `preset`. */
export async function requirePreset(store: PresetRepo, spaceId: string, id: string): Promise<Preset> {
  const builtin = BUILTIN_PRESETS.find((p) => p.id === id)
  if (builtin) return builtin
  const stored = await store.getPreset(id)
  if (!stored || (stored.spaceId !== null && stored.spaceId !== spaceId)) {
    throw new AppError('invalid_setting', `preset: no preset "${id}" in this space`, {
      details: { field: 'preset', setting: 'preset', reason: 'unknown preset' },
    })
  }
  return asPreset(stored)
}

const presetBody = z.object({ name: z.string().trim().min(1).max(100), settings: z.record(z.string(), z.unknown()) }).strict()

/** Validates a preset body: the name, then each setting as a room's (`400 invalid_setting` naming it). */
export function parsePresetBody(body: unknown): { name: string; settings: Partial<BbbSettings> } {
  checkSettingValues((body as { settings?: unknown } | null)?.settings, new Set(), 'settings')
  const parsed = presetBody.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.map(String).join('.') || 'body'
    throw new AppError('invalid_request', `${field}: ${issue.message}`, { details: { field } })
  }
  return { name: parsed.data.name, settings: parsed.data.settings }
}

/** Creates (no `id`) or replaces a global (`spaceId` null) or space preset; audited as `preset.changed`. */
export async function savePreset(
  store: PresetRepo & AuditLog,
  actor: Principal,
  scope: { spaceId: string | null; id?: string },
  body: unknown,
  now: number,
): Promise<Preset> {
  const input = parsePresetBody(body)
  let createdAt = now
  if (scope.id !== undefined) {
    const current = await store.getPreset(scope.id)
    if (!current || current.spaceId !== scope.spaceId) throw presetNotFound(scope.id)
    createdAt = current.createdAt
  }
  const id = scope.id ?? `p-${randomBytes(6).toString('hex')}`
  const stored: StoredPreset = { id, spaceId: scope.spaceId, name: input.name, settings: input.settings, createdAt, updatedAt: now }
  await store.putPreset(stored)
  await store.appendAudit({
    actor: actor.sub,
    actorName: actor.name,
    spaceId: scope.spaceId,
    roomId: null,
    action: 'preset.changed',
    details: { id, name: input.name, settings: input.settings },
    at: now,
  })
  return asPreset(stored)
}

export async function removePreset(
  store: PresetRepo & AuditLog,
  actor: Principal,
  scope: { spaceId: string | null; id: string },
  now: number,
): Promise<void> {
  const current = BUILTIN_IDS.has(scope.id) ? undefined : await store.getPreset(scope.id)
  if (!current || current.spaceId !== scope.spaceId) throw presetNotFound(scope.id)
  await store.deletePreset(scope.id)
  await store.appendAudit({
    actor: actor.sub,
    actorName: actor.name,
    spaceId: scope.spaceId,
    roomId: null,
    action: 'preset.deleted',
    details: { id: scope.id, name: current.name },
    at: now,
  })
}

function presetNotFound(id: string): AppError {
  return new AppError('invalid_setting', `preset: no preset "${id}" here (built-in presets cannot be changed)`, {
    details: { field: 'preset', setting: 'preset', reason: 'unknown preset' },
  })
}

// A logo is an https URL (BBB shows it in its client); a banner colour is #RRGGBB, as BBB takes it.
const brandingBody = z
  .object({
    logo: z.string().url().max(2000).regex(/^https:\/\//, 'must be an https URL').nullable().optional(),
    bannerText: z
      .string()
      .max(200)
      .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'must not contain control characters') // eslint-disable-line no-control-regex
      .nullable()
      .optional(),
    bannerColor: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be #RRGGBB').nullable().optional(),
  })
  .strict()

/** Replaces a space's branding (`PUT …/branding`); `400 invalid_setting` naming the bad field. */
export async function changeBranding(
  store: PresetRepo & AuditLog,
  actor: Principal,
  spaceId: string,
  body: unknown,
  now: number,
): Promise<SpaceBranding> {
  const parsed = brandingBody.safeParse(body ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.map(String).join('.')
    throw new AppError('invalid_setting', `${key}: ${issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message}`, {
      details: { field: key, setting: key, reason: issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message },
    })
  }
  const branding: SpaceBranding = {}
  for (const key of ['logo', 'bannerText', 'bannerColor'] as const) {
    const value = parsed.data[key]
    if (value) branding[key] = value
  }
  await store.putBranding(spaceId, branding, now)
  await store.appendAudit({
    actor: actor.sub,
    actorName: actor.name,
    spaceId,
    roomId: null,
    action: 'branding.changed',
    details: { branding },
    at: now,
  })
  return branding
}
