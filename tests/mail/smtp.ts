import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

export interface Received {
  raw: string
  parsed: ParsedMail
  to: string[]
}

/**
 * A real SMTP server in the test process (`smtp-server`): checks the user and password, keeps what it accepts,
 * and can refuse for a while (`451`, temporary) or refuse a recipient for good (`550`).
 */
export class TestSmtp {
  readonly received: Received[] = []
  /** Temporary refusals of the message (451) still to give; Infinity: refuse until told otherwise. */
  refuseNext = 0
  refused = 0
  /** Recipients refused for good (550 5.1.1). */
  readonly unknownUsers = new Set<string>()
  /** Recipients refused for now (451 4.2.1 at RCPT TO), until taken out of the set. */
  readonly busyUsers = new Set<string>()
  private server: SMTPServer | null = null
  port = 0

  constructor(readonly user = 'mailer', readonly password = 'p@ss wörd') {}

  get url(): string {
    return `smtp://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`
  }

  async up(port = 0): Promise<void> {
    const options: SMTPServerOptions = {
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, cb) => {
        if (auth.username === this.user && auth.password === this.password) cb(null, { user: auth.username })
        else cb(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }))
      },
      onRcptTo: (address, _session, cb) => {
        if (this.unknownUsers.has(address.address.toLowerCase())) {
          cb(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }))
          return
        }
        if (this.busyUsers.has(address.address.toLowerCase())) {
          this.refused++
          cb(Object.assign(new Error('4.2.1 Mailbox busy, try again later'), { responseCode: 451 }))
          return
        }
        cb()
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          if (this.refuseNext > 0) {
            this.refuseNext--
            this.refused++
            cb(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }))
            return
          }
          const raw = Buffer.concat(chunks).toString('utf8')
          void simpleParser(raw).then((parsed) => {
            this.received.push({ raw, parsed, to: session.envelope.rcptTo.map((r) => r.address) })
            cb()
          }, cb)
        })
      },
    }
    this.server = new SMTPServer(options)
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject)
      this.server!.listen(port, '127.0.0.1', () => resolve())
    })
    this.port = (this.server.server.address() as AddressInfo).port
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.to.includes(address))
  }

  async down(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    this.server = null
  }
}
