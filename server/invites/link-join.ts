import { createHash, randomBytes } from 'node:crypto'
import { safeEqual } from '../crypto.js'
import { AppError } from '../errors.js'
import type { Clock } from '../clock.js'
import type { JoinAnswer, Locale } from '../contract/index.js'
import { roomAccess, roomTarget } from '../auth/permissions.js'
import { mapBbbFailure } from '../bbb-failures.js'
import { roomRules } from '../limits/effective.js'
import type { Joiner, Meetings } from '../rooms/meetings.js'
import { effectiveLimits, requireRoom } from '../rooms/rooms.js'
import type { StatusSource } from '../status/meeting-status.js'
import type { Identity, Room, ScheduledMeeting } from '../model/index.js'
import type { Store } from '../store/types.js'
import type { EffectiveLimits } from '../limits/effective.js'
import type { Invitation } from '../mail/index.js'
import { joinWindow } from './join-window.js'
import { codeMatches, withForcedCode } from '../rooms/access-codes.js'

/** Someone signed in through OpenID Connect on the room-link page. */
export interface SignedInUser {
  /** Their provider (OIDC_ISSUER): identities are namespaced by it. */
  iss: string
  sub: string
  email: string | null
  name: string
}

export interface LinkJoinRequest {
  /** Display name typed on the page (2-64 characters); signed-in members may omit it. */
  name?: string
  accessCode?: string
  /**
   * Stable random id of this browser (the page's signed visitor cookie), so a reload takes the same seat; null
   * when the request did not bring it: an anonymous guest is then refused (`403 visitor_required`).
   */
  visitorId: string | null
  signedIn: SignedInUser | null
  /** OIDC_TRUST_SUB: the provider's `sub` is the host platform's (same directory), so it may name a host user. */
  trustSub: boolean
  /** BBB's interface language for this person. */
  locale: Locale
  /** The invitation token of a personal link (`/r/:roomId?i=<token>`), when the page was opened from one. */
  invitation?: string
  /**
   * Asked before an anonymous guest (no sign-in, no moderator code) takes a seat: false refuses with `429
   * rate_limited`; told when the seat was granted.
   */
  guestSeats?: { allowed(): boolean; granted(): void; retryAfterSeconds(): number }
}

export interface LinkJoinDeps {
  store: Store
  clock: Clock
  status: StatusSource
  meetings: Meetings
  joinOpensMinutesBefore: number
  /** The personal links of external attendees (absent: no link carries one, `?i=` is refused as unknown). */
  invitations?: InvitationSource
}

/** Where personal links are looked up (the mail outbox keeps them). */
export interface InvitationSource {
  getInvitation(token: string): Promise<Invitation | undefined>
  /** INVITATION_GRACE_MINUTES: how long after the meeting's end a personal link still lets its attendee in. */
  graceMinutes: number
}

/** Why a personal link lets nobody in. */
export type InvitationRefusal = 'invitation_revoked' | 'invitation_expired' | 'invitation_not_found'

/** What a personal link is worth now (the page shows it, the join enforces it). */
export type InvitationCheck =
  | { valid: true; invitation: Invitation; meeting: ScheduledMeeting; name: string | null; opensAt: number }
  | { valid: false; reason: InvitationRefusal; invitation: Invitation | null; name: string | null }

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/

/**
 * A personal link's invitation, checked against its meeting at the clock's time: unknown (or another room's) →
 * `invitation_not_found`; withdrawn by the organiser, its attendee removed or the meeting cancelled →
 * `invitation_revoked`; past the meeting's end plus the grace period → `invitation_expired`. A valid one says
 * when it opens (the join window of its meeting, not of the room's next meeting).
 */
export async function checkInvitation(
  deps: Pick<LinkJoinDeps, 'store' | 'clock' | 'joinOpensMinutesBefore' | 'invitations'>,
  room: Room,
  token: string,
): Promise<InvitationCheck> {
  const invitation = deps.invitations && TOKEN_PATTERN.test(token) ? await deps.invitations.getInvitation(token) : undefined
  if (!invitation || invitation.roomId !== room.id) return { valid: false, reason: 'invitation_not_found', invitation: null, name: null }
  const meeting = await deps.store.getScheduledMeeting(invitation.meetingId)
  const attendee = meeting?.attendees.find((a) => a.email.trim().toLowerCase() === invitation.email)
  const name = attendee?.name ?? invitation.name
  if (!meeting || meeting.cancelledAt !== null || invitation.revokedAt !== null || !attendee) {
    return { valid: false, reason: 'invitation_revoked', invitation, name }
  }
  const graceMs = (deps.invitations?.graceMinutes ?? 0) * 60_000
  if (deps.clock.now() > meeting.end + graceMs) return { valid: false, reason: 'invitation_expired', invitation, name }
  return { valid: true, invitation, meeting, name, opensAt: meeting.start - deps.joinOpensMinutesBefore * 60_000 }
}

const INVITATION_WORDS: Record<InvitationRefusal, string> = {
  invitation_not_found: 'This personal invitation link is not valid.',
  invitation_revoked: 'This personal invitation link was withdrawn.',
  invitation_expired: 'This personal invitation link has expired.',
}

/**
 * The person a valid personal link names: its attendee, an outside user (`external`, BBB `guest=true`, so the
 * room's waiting room applies), viewer, never allowed to start nor made moderator; no access code asked and no
 * visitor cookie needed (the token is the proof). The name may be corrected on the page; the audit names the
 * address (`invitation:<email>`). Refused only when the admins' policy disables guests altogether: the room's
 * own "allow guests" is for anonymous visitors, and the organiser invited this one by name.
 */
function invitedJoiner(check: Extract<InvitationCheck, { valid: true }>, limits: EffectiveLimits, room: Room, req: LinkJoinRequest): Joiner {
  if (limits.policies.guestsAllowed === 'disabled') {
    throw new AppError('guests_not_allowed', 'This room does not let guests in.', { details: { roomId: room.id } })
  }
  const fullName = guestName(req.name, check.name)
  return {
    userId: `invite-${createHash('sha256').update(check.invitation.token).digest('base64url').slice(0, 22)}`,
    fullName,
    kind: 'external',
    bbbRole: 'VIEWER',
    guest: true,
    canStart: false,
    avatarUrl: null,
    locale: req.locale,
    actor: `invitation:${check.invitation.email}`,
  }
}

/**
 * The identity a signed-in user has in the service: the memberships last seen in their host tokens, found by
 * the e-mail address the provider verified (the only address a session carries), or by the OpenID `sub` only
 * when `trustSub` (OIDC_TRUST_SUB=true) says the provider's `sub`s are the host platform's: otherwise an
 * account named `alice` at the provider is not the platform's alice.
 */
export async function identityOf(store: Store, user: SignedInUser, trustSub: boolean): Promise<Identity | undefined> {
  const bySub = trustSub ? await store.getIdentity(user.sub) : undefined
  return bySub ?? (user.email ? await store.getIdentityByEmail(user.email) : undefined)
}

/** A signed-in person's own id, namespaced by their provider (for audit rows and seats of unmatched people). */
export function oidcSubject(user: Pick<SignedInUser, 'iss' | 'sub'>): string {
  return `${user.iss}#${user.sub}`
}

/** BBB's userID of a signed-in person no host user matched: short, stable, distinct per provider. */
function oidcUserId(user: SignedInUser): string {
  return `oidc-${createHash('sha256').update(oidcSubject(user)).digest('base64url').slice(0, 22)}`
}

function guestName(name: string | undefined, fallback: string | null): string {
  const n = (name ?? '').trim() || (fallback ?? '')
  if (n.length < 2 || n.length > 64) {
    throw new AppError('invalid_request', 'name: must be 2 to 64 characters', { details: { field: 'name' } })
  }
  return n
}

/**
 * Who is joining from a room link, decided at click time:
 * - a moderator access code makes a moderator who may start the meeting;
 * - a signed-in user whose last-seen memberships include the room's space joins with that role;
 * - anyone else is a guest (`external`, BBB `guest=true`, viewer, may not start): `403 guests_not_allowed`
 *   when the room or the policy forbids guests, `401 access_code_required` / `403 invalid_access_code` when
 *   the room has a guest access code.
 */
export async function linkJoiner(
  store: Store,
  room: Room,
  rules: ReturnType<typeof roomRules>,
  req: LinkJoinRequest,
): Promise<Joiner> {
  const code = req.accessCode?.trim() || undefined
  const moderatorCode = room.settings.moderatorAccessCode
  const seatId = `guest-${req.visitorId ?? randomBytes(16).toString('base64url')}`
  if (code && moderatorCode && codeMatches(code, moderatorCode, safeEqual)) {
    const fullName = guestName(req.name, req.signedIn?.name ?? null)
    // A signed-in colleague keeps their own seat and kind; an anonymous code holder is an outside user.
    const identity = req.signedIn ? await identityOf(store, req.signedIn, req.trustSub) : undefined
    return {
      userId: identity?.sub ?? (req.signedIn ? oidcUserId(req.signedIn) : seatId),
      fullName,
      kind: identity && !identity.external ? 'internal' : 'external',
      bbbRole: 'MODERATOR',
      guest: false,
      canStart: true,
      avatarUrl: null,
      locale: req.locale,
      actor: req.signedIn ? `oidc:${oidcSubject(req.signedIn)}` : `guest:${fullName}`,
    }
  }

  if (req.signedIn) {
    const identity = await identityOf(store, req.signedIn, req.trustSub)
    const role = identity && Object.hasOwn(identity.spaces, room.spaceId) ? identity.spaces[room.spaceId] : undefined
    if (identity && role) {
      const access = roomAccess({ spaces: identity.spaces, admin: false }, roomTarget(room, rules))
      return {
        userId: identity.sub,
        fullName: identity.name,
        kind: identity.external ? 'external' : 'internal',
        bbbRole: access.bbbRole,
        guest: false,
        canStart: access.canStart,
        avatarUrl: null,
        locale: req.locale,
        actor: identity.sub,
      }
    }
  }

  // An anonymous guest's seat costs a page load: without the signed visitor cookie the page issues, a request
  // is refused before any code is compared, any seat reserved or any audit row written. Signed-in people and
  // moderator-code holders (above) need no visitor cookie.
  if (!req.signedIn && !req.visitorId) {
    throw new AppError('visitor_required', 'Open the room link first, then join from its page.', { details: { roomId: room.id } })
  }
  // A code that is neither the moderator's nor the guests' is refused as such (and rate-limited).
  if (code && (moderatorCode || rules.accessCode) && !(rules.accessCode && codeMatches(code, rules.accessCode, safeEqual))) {
    throw new AppError('invalid_access_code', 'This access code is not the right one.', { details: { roomId: room.id } })
  }
  if (!rules.guestsAllowed) {
    throw new AppError('guests_not_allowed', 'This room does not let guests in.', { details: { roomId: room.id } })
  }
  if (rules.accessCode && !code) {
    throw new AppError('access_code_required', 'This room asks for an access code.', { details: { roomId: room.id } })
  }
  const fullName = guestName(req.name, req.signedIn?.name ?? null)
  return {
    userId: req.signedIn ? oidcUserId(req.signedIn) : seatId,
    fullName,
    kind: 'external',
    bbbRole: 'VIEWER',
    guest: true,
    canStart: false,
    avatarUrl: null,
    locale: req.locale,
    actor: req.signedIn ? `oidc:${oidcSubject(req.signedIn)}` : `guest:${fullName}`,
  }
}

/**
 * A join from a room link (`POST /r/:roomId/join`): decides who the person is ({@link linkJoiner}), keeps
 * the room closed before a scheduled meeting's window (`409 meeting_not_open_yet` with `details.opensAt`)
 * unless its meeting already runs, then takes the one path every join takes (`admitToMeeting`): limits,
 * seat, fresh signed URL. Not running and not allowed to start: `409 meeting_not_running` (the page waits).
 */
export async function joinFromLink(deps: LinkJoinDeps, roomId: string, req: LinkJoinRequest): Promise<JoinAnswer> {
  const found = await requireRoom(deps.store, roomId)
  const limits = await effectiveLimits(deps.store, found.spaceId)
  const room = await withForcedCode(deps.store, found, limits)
  const rules = roomRules(limits, room.settings)
  if (req.invitation !== undefined) return joinByInvitation(deps, { room, limits, rules }, req.invitation, req)
  const joiner = await linkJoiner(deps.store, room, rules, req)
  const status = await mapBbbFailure(deps.status.get(room.meetingId))
  if (!status.exists) {
    const window = await joinWindow(deps, room)
    if (!window.open) {
      throw new AppError('meeting_not_open_yet', 'This meeting is not open yet.', {
        details: { opensAt: new Date(window.opensAt).toISOString(), roomId: room.id },
      })
    }
  }
  const anonymousGuest = joiner.guest && !req.signedIn
  if (anonymousGuest && req.guestSeats && !req.guestSeats.allowed()) {
    const retryAfterSeconds = req.guestSeats.retryAfterSeconds()
    throw new AppError('rate_limited', 'Too many guests are waiting to join from here. Try again in a minute.', {
      details: { retryAfterSeconds, roomId: room.id },
    })
  }
  const answer = await deps.meetings.admit({ room, limits, rules }, joiner)
  if (anonymousGuest) req.guestSeats?.granted()
  return answer
}

/**
 * A join from a personal link: the invitation is checked first (refused with `invitation_not_found`,
 * `invitation_revoked` or `invitation_expired`, the refusal of a known one audited with its address); before its
 * meeting's join window the room stays closed to it (`409 meeting_not_open_yet`), even while another meeting runs
 * there; then the one path every join takes, as the named external attendee.
 */
async function joinByInvitation(
  deps: LinkJoinDeps,
  ctx: { room: Room; limits: EffectiveLimits; rules: ReturnType<typeof roomRules> },
  token: string,
  req: LinkJoinRequest,
): Promise<JoinAnswer> {
  const { room } = ctx
  const check = await checkInvitation(deps, room, token)
  if (!check.valid) {
    if (check.invitation) {
      await deps.store.appendAudit({
        actor: `invitation:${check.invitation.email}`,
        actorName: check.name ?? check.invitation.email,
        spaceId: room.spaceId,
        roomId: room.id,
        action: 'join.refused',
        details: { code: check.reason, kind: 'external', guest: true, meetingId: check.invitation.meetingId },
      })
    }
    throw new AppError(check.reason, INVITATION_WORDS[check.reason], { details: { roomId: room.id } })
  }
  const joiner = invitedJoiner(check, ctx.limits, room, req)
  if (deps.clock.now() < check.opensAt) {
    throw new AppError('meeting_not_open_yet', 'This meeting is not open yet.', {
      details: { opensAt: new Date(check.opensAt).toISOString(), roomId: room.id },
    })
  }
  if (req.guestSeats && !req.guestSeats.allowed()) {
    const retryAfterSeconds = req.guestSeats.retryAfterSeconds()
    throw new AppError('rate_limited', 'Too many guests are waiting to join from here. Try again in a minute.', {
      details: { retryAfterSeconds, roomId: room.id },
    })
  }
  const answer = await deps.meetings.admit(ctx, joiner)
  req.guestSeats?.granted()
  return answer
}
