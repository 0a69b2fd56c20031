import { AppError } from '../errors.js'
import { isBbbApiError } from '../bbb/index.js'
import { bbbCaps } from '../limits/effective.js'
import { bbbSettingParams, brandingParams } from '../limits/create-params.js'
import { consentParams } from '../retention/consent.js'
import type { MeetingRun } from '../model/index.js'
import { toBbbFailure } from '../bbb-failures.js'
import type { Joiner, MeetingsContext, RoomInForce } from './meetings-deps.js'

/** How long a create we made stands for "the meeting exists" before a starter's join asks BBB again. */
export const RECENT_CREATE_MS = 30_000

/**
 * Creates the room's meeting in BBB (idempotent there) under the meeting caps. Starts of one room in this instance
 * share one BBB create, while it is in flight and for {@link RECENT_CREATE_MS} after, as long as the run it opened
 * is still open in the store (an end forgets it); across instances the run is claimed atomically in the database.
 */
export async function startMeeting(deps: MeetingsContext, ctx: RoomInForce, joiner: Joiner): Promise<MeetingRun> {
  const key = ctx.room.meetingId
  const known = deps.pendingCreates.get(key)
  if (known && (known.at === null || deps.clock.now() - known.at < RECENT_CREATE_MS)) {
    const run = await known.run
    const open = await deps.store.getOpenRun(key)
    if (open && open.createTime === run.createTime) return open
  }
  const entry: { run: Promise<MeetingRun>; at: number | null } = { run: createMeeting(deps, ctx, joiner), at: null }
  deps.pendingCreates.set(key, entry)
  try {
    const run = await entry.run
    entry.at = deps.clock.now()
    return run
  } catch (err) {
    if (deps.pendingCreates.get(key) === entry) deps.pendingCreates.delete(key)
    throw err
  }
}

async function createMeeting(deps: MeetingsContext, { room, limits, rules }: RoomInForce, joiner: Joiner): Promise<MeetingRun> {
  // Slides ready at start: sent as create's POST body, fetched by BBB through signed links.
  const presentation = (await deps.presentation?.(room)) ?? []
  const opened = await deps.store.openMeetingRun({
    meetingId: room.meetingId,
    roomId: room.id,
    spaceId: room.spaceId,
    startedBy: joiner.actor,
    now: deps.clock.now(),
    maxConcurrentMeetings: limits.maxConcurrentMeetings,
    maxMeetings: limits.licence.maxMeetings,
  })
  if (!opened.ok) {
    throw new AppError(opened.refusal, `Meeting cap reached (${opened.cap}).`, {
      details: { cap: opened.cap, retryLater: true },
    })
  }
  if (!opened.created) {
    // Another instance (or an earlier start here) opened this run: use its meeting rather than send BBB a second
    // create, which BBB would accept (create is idempotent) but which doubles the calls under a rush.
    const shared = await startedElsewhere(deps, opened.run)
    if (shared) return shared
  }
  const branding = await deps.store.getBranding(room.spaceId)
  const settings = bbbSettingParams(limits, room.settings, rules)
  // Whenever the meeting may be recorded, participants are told so and how to refuse (RGPD).
  const consent = rules.record ? await deps.recordingConsent?.(room, joiner.locale) : null
  let created
  try {
    created = await deps.bbb.create({
      ...(presentation.length > 0 ? { modules: { presentation } } : {}),
      meetingID: room.meetingId,
      name: room.name,
      record: rules.record,
      ...bbbCaps(limits, rules),
      ...settings,
      ...(consent ? consentParams(consent, settings.welcome) : {}),
      ...brandingParams(branding),
      logoutURL: `${deps.publicUrl}/r/${room.id}`,
      meta: {
        'bbb-origin': 'bbb-spaces',
        'bbb-context-id': room.spaceId,
        'bbb-context-name': room.spaceId,
        'bbb-recording-name': room.name,
        ...(deps.createMeta?.(room) ?? {}),
      },
    })
  } catch (err) {
    // A FAILED answer means no meeting: give the slot back. A timeout or a dropped connection may hide a meeting
    // BBB did create, so the run stays open (unconfirmed) for the status refresher to confirm or close.
    if (opened.created && isBbbApiError(err)) await deps.store.abandonMeetingRun(room.meetingId)
    throw toBbbFailure(err)
  }
  const run = await deps.store.confirmMeetingRun(room.meetingId, {
    createTime: created.createTime,
    internalMeetingId: created.internalMeetingID ?? null,
    moderatorPw: created.moderatorPW ?? null,
  })
  if (opened.created) {
    await deps.store.appendAudit({
      actor: joiner.actor,
      actorName: joiner.fullName,
      spaceId: room.spaceId,
      roomId: room.id,
      action: 'meeting.started',
      details: {
        createTime: created.createTime,
        maxParticipants: rules.maxParticipants,
        durationMinutes: rules.durationMinutes,
        record: rules.record,
      },
    })
    // Live status shows the meeting from this answer, here and on the other instances: asking BBB for every
    // meeting after each start made a rush of starts a rush of getMeetings, each answer megabytes to parse.
    deps.onChange?.({ type: 'meeting-started', room, createTime: created.createTime })
  } else {
    // A run that was open already (BBB had lost its meeting): the next read asks BBB.
    deps.status.invalidate()
  }
  return run ?? { ...opened.run, createTime: created.createTime }
}

const CREATE_POLL_MS = 100

/**
 * A run BBB confirmed less than {@link RECENT_CREATE_MS} ago, here or on another instance: trusted to exist, as this
 * instance trusts its own creates, without asking BBB (this instance's status snapshot may not show it yet).
 */
export function confirmedRecently(deps: Pick<MeetingsContext, 'clock'>, run: MeetingRun): boolean {
  return run.createTime !== null && deps.clock.now() - run.startedAt < RECENT_CREATE_MS
}

/**
 * The run another starter opened, once it is known to exist in BBB: confirmed recently (trusted as this instance
 * trusts its own creates), or seen running by the status snapshot. A run still unconfirmed is awaited while its
 * create may still be in flight elsewhere (`createWaitMs`: under a rush BBB answers slowly, and giving up early sent
 * a second create); null means "create it here".
 */
async function startedElsewhere(deps: MeetingsContext, run: MeetingRun): Promise<MeetingRun | null> {
  let current: MeetingRun | null = run
  while (current && current.createTime === null && deps.clock.now() - current.startedAt < deps.createWaitMs) {
    await new Promise<void>((resolve) => deps.clock.setTimeout(resolve, CREATE_POLL_MS))
    current = (await deps.store.getOpenRun(run.meetingId)) ?? null
  }
  if (!current || current.createTime === null) return null
  if (confirmedRecently(deps, current)) return current
  let status = await deps.status.get(current.meetingId).catch(() => null)
  if (!status?.exists) {
    // This instance's snapshot may predate the other instance's create: ask BBB once.
    deps.status.invalidate()
    status = await deps.status.get(current.meetingId).catch(() => null)
  }
  return status?.exists ? current : null
}
