import { useState } from 'react'
import { ScheduleDialog } from './ScheduleDialog.js'

/** A scheduled meeting as `POST /api/v1/rooms/:roomId/meetings` answers it. */
export interface ScheduledMeetingView {
  id: string
  roomId: string
  title: string
  start: string
  end: string
  timezone: string
  sequence: number
  icsUrl: string
  link: string
  opensAt: string
}

/** The invitation calls of the service (host token attached), for "Schedule…" and "Add to calendar". */
export interface InvitesClient {
  schedule(
    roomId: string,
    body: { title: string; start: string; durationMinutes: number; timezone: string; description?: string },
  ): Promise<ScheduledMeetingView>
  /** The `.ics` of a meeting, as text. */
  invite(meetingId: string): Promise<string>
}

/** Builds the invitation client from the same options as the widget's API client. */
export function createInvitesClient(options: {
  serviceUrl: string
  getToken: () => string | Promise<string>
  locale?: string
  fetch?: typeof fetch
}): InvitesClient {
  const base = options.serviceUrl.replace(/\/+$/, '') + '/api/v1'
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await options.getToken()}` }
    if (options.locale) headers['Accept-Language'] = options.locale
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await doFetch(base + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      credentials: 'omit',
      mode: 'cors',
    })
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
      const err = new Error(data?.error?.message ?? res.statusText)
      ;(err as Error & { code?: string }).code = data?.error?.code ?? `http_${res.status}`
      throw err
    }
    return res
  }
  const q = encodeURIComponent
  return {
    async schedule(roomId, body) {
      return ((await (await call('POST', `/rooms/${q(roomId)}/meetings`, body)).json()) as { meeting: ScheduledMeetingView }).meeting
    },
    async invite(meetingId) {
      return (await call('GET', `/meetings/${q(meetingId)}/invite.ics`)).text()
    },
  }
}

const WORDS = {
  en: { copy: 'Copy link', copied: 'Link copied', schedule: 'Schedule…', addToCalendar: 'Add to calendar', scheduled: (t: string) => `“${t}” scheduled.` },
  fr: { copy: 'Copier le lien', copied: 'Lien copié', schedule: 'Planifier…', addToCalendar: "Ajouter à l'agenda", scheduled: (t: string) => `« ${t} » planifiée.` },
}

/** Saves text as a file in the browser (the `.ics` opens in the person's calendar application). */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * "Copy link" (the stable room link, never a signed BBB URL), "Schedule…" (for those who may plan the room's
 * meetings) and, once a meeting is scheduled, "Add to calendar" (downloads its `.ics`).
 */
export function InviteActions(props: {
  room: { id: string; name: string; link: string }
  invites: InvitesClient
  locale: 'fr' | 'en'
  /** Managers of the space and moderators of the room. */
  canSchedule: boolean
  /** Told what to announce to screen readers (e.g. the widget's live region). */
  announce?: (text: string) => void
}) {
  const w = WORDS[props.locale]
  const [dialog, setDialog] = useState(false)
  const [meeting, setMeeting] = useState<ScheduledMeetingView | null>(null)
  const [note, setNote] = useState('')
  const say = (text: string) => {
    setNote(text)
    props.announce?.(text)
  }

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.room.link)
    } catch {
      window.prompt(w.copy, props.room.link)
    }
    say(w.copied)
  }

  const addToCalendar = async (m: ScheduledMeetingView) => {
    download(`${m.title.replace(/[^\p{L}\p{N} _-]/gu, '').trim() || 'meeting'}.ics`, await props.invites.invite(m.id))
  }

  return (
    <div className="bbb-invite-actions">
      <button type="button" className="bbb-btn" onClick={() => void copy()}>
        {w.copy}
      </button>
      {props.canSchedule ? (
        <button type="button" className="bbb-btn" onClick={() => setDialog(true)} aria-haspopup="dialog">
          {w.schedule}
        </button>
      ) : null}
      {meeting ? (
        <button type="button" className="bbb-btn" onClick={() => void addToCalendar(meeting)}>
          {w.addToCalendar}
        </button>
      ) : null}
      <span role="status" aria-live="polite" className="bbb-note">
        {note}
      </span>
      {dialog ? (
        <ScheduleDialog
          roomId={props.room.id}
          invites={props.invites}
          locale={props.locale}
          onClose={() => setDialog(false)}
          onScheduled={(m) => {
            setMeeting(m)
            say(w.scheduled(m.title))
          }}
        />
      ) : null}
    </div>
  )
}
