/** A message the development mailbox caught. */
export interface DevMessage {
  /** Its number in the mailbox (1, 2, …). */
  id: number
  at: number
  from: string
  to: string[]
  subject: string
  /** The whole message as it would have gone over SMTP (RFC 5322). */
  raw: Buffer
}

/**
 * The development mailbox: outside production and without `SMTP_URL`, invitations land here instead of leaving
 * the machine, browsable at `/dev/mail` (like the development BBB server). In memory; the newest 500 are kept.
 */
export class DevMailbox {
  private messages: DevMessage[] = []
  private next = 1

  constructor(private readonly keep = 500) {}

  add(message: Omit<DevMessage, 'id'>): DevMessage {
    const stored = { ...message, id: this.next++ }
    this.messages.push(stored)
    if (this.messages.length > this.keep) this.messages.splice(0, this.messages.length - this.keep)
    return stored
  }

  /** Newest first. */
  list(): DevMessage[] {
    return [...this.messages].reverse()
  }

  get(id: number): DevMessage | undefined {
    return this.messages.find((m) => m.id === id)
  }

  clear(): void {
    this.messages = []
  }
}
