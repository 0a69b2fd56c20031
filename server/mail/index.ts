import { randomBytes } from 'node:crypto'
import type { Clock } from '../clock.js'
import type { AttendeeDelivery, Locale, MailStatus, MeetingDeliveriesAnswer } from '../contract/index.js'
import { AppError } from '../errors.js'
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../host-events/worker.js'
import type { Logger } from '../log.js'
import type { ClaimedMail, Invitation, Room, ScheduledAttendee, ScheduledMeeting } from '../model/index.js'
import type { MailOutbox, ScheduleWriteHook, Store, Tx } from '../store/types.js'
import { composeMail, mailAddress, type MailKind } from './compose.js'
import { DevMailbox } from './dev-mailbox.js'
import { devTransport, smtpTransport, type MailTransport } from './transport.js'

export { DevMailbox, type DevMessage } from './dev-mailbox.js'
export type { Invitation, StoredMail } from '../model/index.js'
export type { MailOutbox } from '../store/types.js'

export interface MeetingMailDeps {
  store: Pick<Store, 'mailOutbox' | 'transaction' | 'getIdentityByEmail'>
  clock: Clock
  log: Logger
  /** `Config.mail`. */
  mail: { mode: 'smtp' | 'dev' | 'off'; smtpUrl: string | null; from: string }
  publicUrl: string
  dialInNumber: string | null
  /** INVITATION_GRACE_MINUTES. */
  graceMinutes: number
  /** Replaces the SMTP or development transport (tests). */
  transport?: MailTransport
  /** Delivery tuning (tests shorten it); see `OutboxWorkerOptions` for the defaults. */
  delivery?: Partial<Omit<OutboxWorkerOptions<ClaimedMail>, 'queue' | 'send' | 'clock' | 'log' | 'name'>>
}

/** Invitation mail of scheduled meetings: the outbox written with each change, its delivery, the personal links. */
export interface MeetingMail {
  readonly status: MailStatus
  readonly outbox: MailOutbox
  /** The development mailbox (mode `dev`), else null. */
  readonly devMailbox: DevMailbox | null
  /** `MAIL_FROM`'s address when mail is sent (the ORGANIZER of invitations), else null. */
  readonly organizerAddress: string | null
  /** The personal links, as the room-link page and its join look them up (kept whether mail is sent or not). */
  readonly invitations: { getInvitation(token: string): Promise<Invitation | undefined>; readonly graceMinutes: number }
  /**
   * Reads what the messages of a change need (who among `emails` is a member of the room's space), then answers
   * the hook the store runs inside the transaction writing the meeting: it keeps the personal links (created for
   * new externals, revoked for removed attendees or a cancelled meeting) and queues one message per attendee.
   */
  prepare(room: Room, organizerLocale: Locale | null, emails: string[]): Promise<ScheduleWriteHook>
  /** After the change committed: deliver now. */
  committed(): void
  deliveries(meeting: ScheduledMeeting): Promise<MeetingDeliveriesAnswer>
  /** Queues the current invitation again for one attendee (`404 attendee_not_found`, `409 mail_disabled`). */
  resend(meeting: ScheduledMeeting, room: Room, email: string, organizerLocale: Locale | null): Promise<void>
  /** Withdraws one attendee's personal link (`404 attendee_not_found` when they have none). */
  revoke(meeting: ScheduledMeeting, email: string): Promise<void>
  start(): void
  close(): Promise<void>
}

const lower = (email: string) => email.trim().toLowerCase()

/** `PUBLIC_URL/r/<roomId>?i=<token>`. */
export function personalLink(publicUrl: string, roomId: string, token: string): string {
  return `${publicUrl}/r/${roomId}?i=${token}`
}

export function createMeetingMail(deps: MeetingMailDeps): MeetingMail {
  const { clock, log } = deps
  const outbox = deps.store.mailOutbox
  const mode = deps.mail.mode
  const enabled = mode !== 'off'
  const devMailbox = mode === 'dev' && !deps.transport ? new DevMailbox() : null
  const transport: MailTransport | null =
    deps.transport ?? (mode === 'smtp' && deps.mail.smtpUrl ? smtpTransport(deps.mail.smtpUrl) : devMailbox ? devTransport(devMailbox) : null)
  const host = new URL(deps.publicUrl).hostname
  const organizerAddress = enabled ? mailAddress(deps.mail.from) : null

  const worker: OutboxWorker | null = transport
    ? createOutboxWorker<ClaimedMail>({
        maxAgeMs: 3 * 24 * 3600_000,
        retentionMs: 400 * 24 * 3600_000,
        ...deps.delivery,
        queue: outbox,
        clock,
        log,
        name: 'mail',
        describe: (m) => ({ messageId: m.id, meetingId: m.meetingId }),
        send: (m) => transport.send(m.mail, new Date(clock.now())),
      })
    : null

  async function membersOf(room: Room, emails: string[]): Promise<Map<string, boolean>> {
    const members = new Map<string, boolean>()
    for (const email of new Set(emails.map(lower))) {
      const identity = await deps.store.getIdentityByEmail(email)
      members.set(email, Boolean(identity && !identity.external && Object.hasOwn(identity.spaces, room.spaceId)))
    }
    return members
  }

  async function enqueue(
    tx: Tx,
    meeting: ScheduledMeeting,
    room: Room,
    to: ScheduledAttendee,
    kind: MailKind,
    link: string | null,
    organizerLocale: Locale | null,
  ): Promise<void> {
    const mail = composeMail({
      meeting,
      kind,
      to,
      link: link ?? `${deps.publicUrl}/r/${room.id}`,
      personal: link !== null,
      roomName: room.name,
      dialInNumber: deps.dialInNumber,
      from: deps.mail.from,
      locale: to.locale ?? organizerLocale ?? 'fr',
      timezone: to.timezone ?? meeting.timezone,
      messageId: `<${randomBytes(16).toString('base64url')}@${host}>`,
    })
    await outbox.add(tx, mail, { meetingId: meeting.id, sequence: meeting.sequence }, clock.now())
  }

  /** The personal links of `meeting` in `tx`: live ones kept, new externals given one; email → link. */
  async function links(tx: Tx, meeting: ScheduledMeeting, room: Room, members: Map<string, boolean>, before: Set<string>): Promise<Map<string, string>> {
    const all = await outbox.invitations(meeting.id, tx)
    const result = new Map<string, string>()
    for (const a of meeting.cancelledAt === null ? meeting.attendees : []) {
      const email = lower(a.email)
      if (members.get(email)) continue
      const mine = all.filter((i) => i.email === email)
      let live = mine.find((i) => i.revokedAt === null)
      // A link the organiser withdrew stays withdrawn while the attendee stays; one added again gets a new one.
      if (!live && (mine.length === 0 || !before.has(email))) {
        live = {
          token: randomBytes(24).toString('base64url'),
          meetingId: meeting.id,
          roomId: room.id,
          email,
          name: a.name ?? null,
          createdAt: clock.now(),
          revokedAt: null,
        } satisfies Invitation
        await outbox.addInvitation(tx, live)
      }
      if (live) result.set(email, personalLink(deps.publicUrl, room.id, live.token))
    }
    return result
  }

  return {
    status: { enabled, mode },
    outbox,
    devMailbox,
    organizerAddress,
    invitations: { getInvitation: (token) => outbox.getInvitation(token), graceMinutes: deps.graceMinutes },

    async prepare(room, organizerLocale, emails) {
      const members = await membersOf(room, emails)
      return async (tx, meeting, previous) => {
        const now = clock.now()
        const cancelled = meeting.cancelledAt !== null
        const before = previous && previous.cancelledAt === null ? previous.attendees : []
        const beforeSet = new Set(before.map((a) => lower(a.email)))
        const currentSet = new Set(meeting.attendees.map((a) => lower(a.email)))
        const removed = cancelled ? [] : before.filter((a) => !currentSet.has(lower(a.email)))
        // Removed attendees and a cancelled meeting lose their links, in the same transaction.
        await outbox.revokeInvitations(meeting.id, cancelled ? null : removed.map((a) => a.email), now, tx)
        const personal = await links(tx, meeting, room, members, beforeSet)
        if (!enabled) return
        const kind: MailKind = cancelled ? 'cancel' : previous === null ? 'new' : 'update'
        for (const a of meeting.attendees) {
          // Someone added by this change is invited, not updated.
          const k: MailKind = kind === 'update' && !beforeSet.has(lower(a.email)) ? 'new' : kind
          await enqueue(tx, meeting, room, a, k, cancelled ? null : (personal.get(lower(a.email)) ?? null), organizerLocale)
        }
        for (const a of removed) await enqueue(tx, meeting, room, a, 'removed', null, organizerLocale)
      }
    },

    committed: () => worker?.nudge(),

    async deliveries(meeting) {
      const [records, invitations] = await Promise.all([outbox.listForMeeting(meeting.id), outbox.invitations(meeting.id)])
      const now = clock.now()
      const expired = now > meeting.end + deps.graceMinutes * 60_000
      const people = new Map<string, { email: string; name: string | null; invited: boolean }>()
      for (const a of meeting.attendees) people.set(lower(a.email), { email: a.email, name: a.name ?? null, invited: meeting.cancelledAt === null })
      for (const r of records) if (!people.has(r.recipient)) people.set(r.recipient, { email: r.recipient, name: null, invited: false })
      for (const i of invitations) if (!people.has(i.email)) people.set(i.email, { email: i.email, name: i.name, invited: false })
      const deliveries: AttendeeDelivery[] = []
      for (const [key, p] of people) {
        const last = records.filter((r) => r.recipient === key).at(-1)
        const mine = invitations.filter((i) => i.email === key)
        const link = mine.at(-1)
        deliveries.push({
          ...p,
          external: mine.length > 0,
          delivery: last
            ? {
                state: last.state,
                method: last.method,
                sequence: last.sequence,
                attempts: last.attempts,
                error: last.lastError,
                queuedAt: new Date(last.createdAt).toISOString(),
                finishedAt: last.finishedAt === null ? null : new Date(last.finishedAt).toISOString(),
              }
            : null,
          link: link
            ? link.revokedAt !== null
              ? { state: 'revoked', url: null }
              : expired
                ? { state: 'expired', url: null }
                : { state: 'active', url: personalLink(deps.publicUrl, link.roomId, link.token) }
            : null,
        })
      }
      return { mail: { enabled, mode }, deliveries }
    },

    async resend(meeting, room, email, organizerLocale) {
      const attendee = meeting.cancelledAt === null ? meeting.attendees.find((a) => lower(a.email) === lower(email)) : undefined
      if (!attendee) throw new AppError('attendee_not_found', 'No such attendee.', { details: { email } })
      if (!enabled) throw new AppError('mail_disabled', 'This service sends no mail.')
      const live = (await outbox.invitations(meeting.id)).find((i) => i.email === lower(email) && i.revokedAt === null)
      await deps.store.transaction((tx) =>
        enqueue(tx, meeting, room, attendee, meeting.sequence === 0 ? 'new' : 'update', live ? personalLink(deps.publicUrl, room.id, live.token) : null, organizerLocale),
      )
      worker?.nudge()
    },

    async revoke(meeting, email) {
      const revoked = await outbox.revokeInvitations(meeting.id, [email], clock.now())
      if (revoked === 0 && !(await outbox.invitations(meeting.id)).some((i) => i.email === lower(email))) {
        throw new AppError('attendee_not_found', 'No personal link for this address.', { details: { email } })
      }
    },

    start: () => worker?.start(),
    async close() {
      await worker?.close()
      transport?.close()
    },
  }
}
