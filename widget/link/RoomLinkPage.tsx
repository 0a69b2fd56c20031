import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { RoomLinkPageData } from '../../server/http/routes/room-link.js'
import { STRINGS, type LinkLocale } from './strings.js'

/** What the server puts in the page, and the page's language. */
export type RoomLinkData = RoomLinkPageData & { locale: LinkLocale }

interface Status {
  running: boolean
  opensAt?: string
}

export interface RoomLinkPageProps {
  data: RoomLinkData
  /** How often the status is polled while waiting (default 2500 ms). */
  pollMs?: number
  /** Where a granted join goes (default: the browser navigates to the signed BBB URL). */
  navigate?: (url: string) => void
}

type Waiting = null | 'not_running' | 'not_open_yet'

/**
 * The room-link page: room name and status, guest form (name, access code), sign-in, and an automatic join
 * once a moderator starts the meeting (the status is polled while waiting; no manual refresh).
 */
export function RoomLinkPage({ data, pollMs = 2500, navigate = (url) => window.location.assign(url) }: RoomLinkPageProps) {
  const t = STRINGS[data.locale]
  const [status, setStatus] = useState<Status>({ running: Boolean(data.running), ...(data.opensAt ? { opensAt: data.opensAt } : {}) })
  const [name, setName] = useState('')
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [joined, setJoined] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [waiting, setWaiting] = useState<Waiting>(null)
  const errorRef = useRef<HTMLParagraphElement>(null)
  const inFlight = useRef(false)
  const member = Boolean(data.signedIn?.member)

  const join = useCallback(async () => {
    if (inFlight.current) return
    inFlight.current = true
    setBusy(true)
    setError(null)
    try {
      const body: Record<string, string> = {}
      if (name.trim()) body.name = name.trim()
      if (code.trim()) body.accessCode = code.trim()
      const res = await fetch(`/r/${encodeURIComponent(data.roomId)}/join?lang=${data.locale}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': data.locale },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      })
      const answer = (await res.json().catch(() => ({}))) as {
        joinUrl?: string
        error?: { code: string; message: string; details?: { opensAt?: string } }
      }
      if (res.ok && answer.joinUrl) {
        setJoined(true)
        setWaiting(null)
        navigate(answer.joinUrl)
        return
      }
      const err = answer.error
      if (err?.code === 'meeting_not_running') {
        setWaiting('not_running')
      } else if (err?.code === 'meeting_not_open_yet') {
        setWaiting('not_open_yet')
        if (err.details?.opensAt) setStatus((s) => ({ ...s, opensAt: err.details!.opensAt! }))
      } else {
        setWaiting(null)
        setError((err && t.errors[err.code]) ?? err?.message ?? t.fallbackError)
      }
    } catch {
      setError(t.fallbackError)
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }, [code, data.locale, data.roomId, name, navigate, t])

  useEffect(() => {
    if (error) errorRef.current?.focus()
  }, [error])

  // While waiting, follow the room's status and join by ourselves when it starts (or when it opens).
  const joinRef = useRef(join)
  joinRef.current = join
  useEffect(() => {
    if (!waiting) return
    let stopped = false
    const timer = window.setInterval(async () => {
      try {
        const res = await fetch(`/r/${encodeURIComponent(data.roomId)}/status.json`, { cache: 'no-store' })
        if (!res.ok || stopped) return
        const s = (await res.json()) as Status
        setStatus(s)
        if (s.running || (waiting === 'not_open_yet' && !s.opensAt)) void joinRef.current()
      } catch {
        // the next poll tries again
      }
    }, pollMs)
    return () => {
      stopped = true
      window.clearInterval(timer)
    }
  }, [waiting, data.roomId, pollMs])

  if (!data.found) {
    return (
      <main className="bbbs-link">
        <h1>{t.notFound}</h1>
      </main>
    )
  }

  const opensAt = status.opensAt ? formatWhen(status.opensAt, data.locale) : null
  const statusText = joined
    ? t.autoJoin
    : status.running
      ? t.running
      : opensAt
        ? t.opensAt(opensAt)
        : waiting
          ? t.waitingForModerator
          : t.notRunning
  const needsName = !member
  const guestsClosed = !member && !data.guestsAllowed && !data.moderatorCode

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void join()
  }

  return (
    <main className="bbbs-link">
      <h1>{data.name}</h1>
      <p role="status" aria-live="polite" className="bbbs-link-status">
        {statusText}
      </p>
      {data.waitingRoom && !member ? <p>{t.waitingRoomNote}</p> : null}
      {data.signedIn ? (
        <div>
          <p>
            {t.signedInAs(data.signedIn.name)} {data.signedIn.member ? null : t.notMember}
          </p>
          <form method="post" action={`/auth/oidc/logout?room=${encodeURIComponent(data.roomId)}`}>
            <button type="submit">{t.signOut}</button>
          </form>
        </div>
      ) : data.oidc ? (
        <p>
          <a href={`/auth/oidc/login?room=${encodeURIComponent(data.roomId)}`}>{t.signIn}</a>
        </p>
      ) : null}
      {guestsClosed ? <p>{t.guestsClosed}</p> : null}
      <form onSubmit={onSubmit} aria-busy={busy} noValidate>
        {needsName ? (
          <p>
            <label htmlFor="bbbs-name">{t.yourName}</label>
            <br />
            <input
              id="bbbs-name"
              name="name"
              autoComplete="name"
              required
              minLength={2}
              maxLength={64}
              value={name}
              aria-describedby="bbbs-name-hint"
              onChange={(e) => setName(e.target.value)}
              autoFocus
            />
            <br />
            <small id="bbbs-name-hint">{t.nameHint}</small>
          </p>
        ) : null}
        {!member && (data.accessCodeRequired || data.moderatorCode) ? (
          <p>
            <label htmlFor="bbbs-code">{data.accessCodeRequired ? t.accessCode : t.accessCodeOptional}</label>
            <br />
            <input
              id="bbbs-code"
              name="accessCode"
              autoComplete="off"
              inputMode="text"
              required={Boolean(data.accessCodeRequired)}
              maxLength={32}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </p>
        ) : null}
        {error ? (
          <p role="alert" tabIndex={-1} ref={errorRef} className="bbbs-link-error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || joined}>
          {busy ? t.joining : member && data.signedIn ? t.joinAs(data.signedIn.name) : t.join}
        </button>
      </form>
    </main>
  )
}

function formatWhen(iso: string, locale: LinkLocale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso))
}
