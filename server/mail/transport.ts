import nodemailer from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import type { AttemptResult } from '../host-events/worker.js'
import type { DevMailbox } from './dev-mailbox.js'
import type { StoredMail } from '../model/index.js'

/** Hands a message to the mail system: SMTP, or the development mailbox. */
export interface MailTransport {
  send(mail: StoredMail, date: Date): Promise<AttemptResult>
  close(): void
}

/**
 * The iMIP message (RFC 6047) as nodemailer builds it: `multipart/mixed` holding `multipart/alternative` (text,
 * HTML and the `text/calendar; method=…` part) and the same calendar attached as `invite.ics`; subject and names
 * RFC 2047-encoded, bodies UTF-8; `Content-Class` for Outlook; the Message-ID fixed at enqueue time so a retry is
 * the same message.
 */
export function nodemailerMessage(mail: StoredMail, date: Date): Mail.Options {
  return {
    from: mail.from,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    icalEvent: { method: mail.method, filename: 'invite.ics', content: mail.ics },
    messageId: mail.messageId,
    date,
    headers: { 'Content-Class': 'urn:content-classes:calendarmessage' },
  }
}

/** A refusal the server will give again (5xx to the envelope or the message): recorded, not retried. */
function outcome(err: unknown): AttemptResult {
  const e = err as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown }
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null
  const code = typeof e.code === 'string' ? e.code : null
  const response = typeof e.response === 'string' ? e.response : null
  const error = response ?? (err instanceof Error ? err.message : String(err))
  // An authentication failure is a configuration problem the admin fixes: retried, never given up as a bounce.
  const permanent = responseCode !== null && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH' && code !== 'ECONNECTION'
  return { error: code ? `${error} (${code})` : error, ...(permanent ? { permanent: true } : {}) }
}

/** SMTP_URL: `smtp://` (STARTTLS when offered; `?requireTLS=true` to insist) or `smtps://`, with user and password. */
export function smtpTransport(smtpUrl: string): MailTransport {
  const options: SMTPTransport.Options = { url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 }
  const transporter = nodemailer.createTransport(options)
  return {
    async send(mail, date) {
      try {
        const info = await transporter.sendMail(nodemailerMessage(mail, date))
        if (info.rejected.length > 0) return { error: `rejected: ${String(info.response)}`, permanent: true }
        return null
      } catch (err) {
        return outcome(err)
      }
    },
    close: () => transporter.close(),
  }
}

/** The development mailbox: the message is built as for SMTP and kept in memory. */
export function devTransport(mailbox: DevMailbox): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    async send(mail, date) {
      const info = await transporter.sendMail(nodemailerMessage(mail, date))
      mailbox.add({
        at: date.getTime(),
        from: mail.from,
        to: [mail.to.address],
        subject: mail.subject,
        raw: info.message as Buffer,
      })
      return null
    },
    close: () => transporter.close(),
  }
}
