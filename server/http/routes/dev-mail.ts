import { Router, type Response } from 'express'
import { simpleParser, type ParsedMail } from 'mailparser'
import { AppError } from '../../errors.js'
import type { DevMailbox, DevMessage } from '../../mail/index.js'

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem;overflow:auto}iframe{width:100%;height:28rem;border:1px solid #ccc}
a{color:#0b57d0}.note{color:#555}</style></head><body>${body}</body></html>`
}

/** The calendar object of a message: its `text/calendar` part, else its `.ics` attachment. */
function calendarOf(parsed: ParsedMail): string | null {
  const part =
    parsed.attachments.find((a) => a.contentType === 'text/calendar') ??
    parsed.attachments.find((a) => a.contentType === 'application/ics' || a.filename?.endsWith('.ics'))
  return part ? part.content.toString('utf8') : null
}

/**
 * The development mailbox at `/dev/mail` (outside production, without SMTP_URL): the list of caught messages,
 * each rendered (headers, text, HTML in a sandboxed frame), its `.ics` and the raw message downloadable.
 */
export function devMailRouter(mailbox: DevMailbox): Router {
  const router = Router({ caseSensitive: true })

  function message(id: string | undefined): DevMessage {
    const m = /^\d{1,9}$/.test(id ?? '') ? mailbox.get(Number(id)) : undefined
    if (!m) throw new AppError('route_not_found', 'No such message in the development mailbox.')
    return m
  }
  const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store')

  router.get('/dev/mail', (_req, res) => {
    noStore(res)
    const rows = mailbox
      .list()
      .map(
        (m) =>
          `<tr><td>${escapeHtml(new Date(m.at).toISOString().replace('T', ' ').slice(0, 19))}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
          `<td><a href="/dev/mail/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join('\n')
    res.type('html').send(
      page(
        'Development mailbox',
        `<h1>Development mailbox</h1><p class="note">Invitations this service sent. No SMTP_URL is set, so nothing left this machine. <a href="/">Back to the demo</a></p>` +
          (rows ? `<table><thead><tr><th>Sent (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No message yet: schedule a meeting with attendees.</p>'),
      ),
    )
  })

  router.get('/dev/mail/messages.json', (_req, res) => {
    noStore(res)
    res.json({ messages: mailbox.list().map((m) => ({ id: m.id, at: new Date(m.at).toISOString(), from: m.from, to: m.to, subject: m.subject })) })
  })

  router.get('/dev/mail/:id', async (req, res) => {
    const m = message(req.params.id)
    const parsed = await simpleParser(m.raw)
    const ics = calendarOf(parsed)
    const header = (name: string) => {
      const v = parsed.headers.get(name)
      return typeof v === 'string' ? v : v && typeof v === 'object' && 'value' in v ? String((v as { value: unknown }).value) : ''
    }
    noStore(res)
    res.type('html').send(
      page(
        parsed.subject ?? m.subject,
        `<p><a href="/dev/mail">← All messages</a></p><h1>${escapeHtml(parsed.subject ?? '')}</h1><table>` +
          `<tr><th>From</th><td>${escapeHtml(parsed.from?.text ?? '')}</td></tr>` +
          `<tr><th>To</th><td>${escapeHtml(m.to.join(', '))}</td></tr>` +
          `<tr><th>Date</th><td>${escapeHtml(parsed.date?.toISOString() ?? '')}</td></tr>` +
          `<tr><th>Message-ID</th><td>${escapeHtml(parsed.messageId ?? '')}</td></tr>` +
          `<tr><th>Content-Class</th><td>${escapeHtml(header('content-class'))}</td></tr></table>` +
          `<p>${ics ? `<a href="/dev/mail/${m.id}/invite.ics" download="invite.ics">Download invite.ics</a> · ` : ''}<a href="/dev/mail/${m.id}/message.eml">Raw message (.eml)</a></p>` +
          (parsed.html ? `<h2>HTML</h2><iframe title="HTML body" sandbox src="/dev/mail/${m.id}/html"></iframe>` : '') +
          `<h2>Text</h2><pre>${escapeHtml(parsed.text ?? '')}</pre>` +
          (ics ? `<h2>Calendar</h2><pre>${escapeHtml(ics)}</pre>` : ''),
      ),
    )
  })

  router.get('/dev/mail/:id/html', async (req, res) => {
    const parsed = await simpleParser(message(req.params.id).raw)
    noStore(res)
    // The message's own markup, shown in a sandboxed frame: nothing runs, nothing is fetched.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
    res.type('html').send(parsed.html || '')
  })

  router.get('/dev/mail/:id/invite.ics', async (req, res) => {
    const ics = calendarOf(await simpleParser(message(req.params.id).raw))
    if (!ics) throw new AppError('route_not_found', 'This message carries no calendar.')
    noStore(res)
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8')
    res.setHeader('Content-Disposition', 'attachment; filename="invite.ics"')
    res.send(ics)
  })

  router.get('/dev/mail/:id/message.eml', (req, res) => {
    const m = message(req.params.id)
    noStore(res)
    res.setHeader('Content-Type', 'message/rfc822')
    res.setHeader('Content-Disposition', `attachment; filename="message-${m.id}.eml"`)
    res.send(m.raw)
  })

  return router
}
