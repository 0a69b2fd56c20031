/** A message as written to the outbox, sent as is (retries and resends send the same bytes but for the date). */
export interface StoredMail {
  messageId: string
  from: string
  to: { name?: string; address: string }
  subject: string
  text: string
  html: string
  method: 'REQUEST' | 'CANCEL'
  /** The `text/calendar` part, also attached as `invite.ics`. */
  ics: string
}

export interface ClaimedMail {
  seq: number
  id: string
  meetingId: string
  recipient: string
  mail: StoredMail
  createdAt: number
  attempts: number
}

/** One row of a meeting's mail, for the deliveries list. */
export interface MailRecord {
  id: string
  recipient: string
  method: 'REQUEST' | 'CANCEL'
  sequence: number
  state: 'pending' | 'sent' | 'failed'
  attempts: number
  lastError: string | null
  createdAt: number
  finishedAt: number | null
}

export interface Invitation {
  token: string
  meetingId: string
  roomId: string
  email: string
  name: string | null
  createdAt: number
  revokedAt: number | null
}
