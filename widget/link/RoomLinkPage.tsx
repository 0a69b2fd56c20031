import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { RoomLinkPageData, RoomLinkStatus } from '../../server/contract/index.js'
import { WidgetError, createRoomLinkClient, type RoomLinkClient } from '../api.js'
import { usePolling } from '../hooks/use-polling.js'
import { errorMessage, errorText } from '../i18n/errors.js'
import { LINK_TEXTS } from '../i18n/link.js'
import { translator, type Locale } from '../i18n/locale.js'

/** What the server puts in the page, its language included. */
export type RoomLinkData = RoomLinkPageData

export interface RoomLinkPageProps {
  data: RoomLinkData
  /** How often the status is polled while waiting (default 2500 ms). */
  pollMs?: number
  /** Where a granted join goes (default: the browser navigates to the signed BBB URL). */
  navigate?: (url: string) => void
  /** The page's calls (default: this origin's `/r/:roomId/…`). */
  client?: RoomLinkClient
}

type Waiting = null | 'not_running' | 'not_open_yet'

/**
 * The room-link page: room name and status, guest form (name, access code), sign-in, and an automatic join
 * once a moderator starts the meeting (the status is polled while waiting; no manual refresh).
 */
export function RoomLinkPage({ data, pollMs = 2500, navigate = (url) => window.location.assign(url), client }: RoomLinkPageProps) {
  const t = useMemo(() => translator(LINK_TEXTS, data.locale), [data.locale])
  const link = useMemo(() => client ?? createRoomLinkClient({ roomId: data.roomId, locale: data.locale }), [client, data.roomId, data.locale])
  const [status, setStatus] = useState<Omit<RoomLinkStatus, 'name'>>({ running: Boolean(data.running), ...(data.opensAt ? { opensAt: data.opensAt } : {}) })
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
    // A guest's name is checked here, in the page's words, before the service would refuse it (a signed-in
    // guest may leave it empty: the provider's name is used).
    const typed = name.trim()
    if (!member && (typed ? typed.length < 2 || typed.length > 64 : !data.signedIn)) {
      setError(t('link.badName'))
      return
    }
    inFlight.current = true
    setBusy(true)
    setError(null)
    try {
      const body: Record<string, string> = {}
      if (name.trim()) body.name = name.trim()
      if (code.trim()) body.accessCode = code.trim()
      const { joinUrl } = await link.join(body)
      setJoined(true)
      setWaiting(null)
      navigate(joinUrl)
    } catch (err) {
      const code = err instanceof WidgetError ? err.code : 'unknown'
      const opensAt = err instanceof WidgetError ? err.details?.opensAt : undefined
      if (code === 'meeting_not_running') {
        setWaiting('not_running')
      } else if (code === 'meeting_not_open_yet') {
        setWaiting('not_open_yet')
        if (typeof opensAt === 'string') setStatus((s) => ({ ...s, opensAt }))
      } else {
        setWaiting(null)
        setError(errorText(err, data.locale))
      }
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }, [code, data.locale, data.signedIn, link, member, name, navigate, t])

  useEffect(() => {
    if (error) errorRef.current?.focus()
  }, [error])

  // While waiting, follow the room's status and join by ourselves when it starts (or when it opens).
  const joinRef = useRef(join)
  joinRef.current = join
  // A guest often waits in a background tab: keep polling while the page is hidden.
  usePolling(
    async (signal) => {
      try {
        const s = await link.status(signal)
        setStatus(s)
        if (s.running || (waiting === 'not_open_yet' && !s.opensAt)) void joinRef.current()
      } catch {
        // the next poll tries again
      }
    },
    [waiting, link],
    { intervalMs: pollMs, enabled: waiting !== null, immediate: false, pauseWhenHidden: false },
  )

  if (!data.found) {
    return (
      <main className="bbbs-link">
        <h1>{errorMessage('room_not_found', data.locale)}</h1>
      </main>
    )
  }

  const opensAt = status.opensAt ? formatWhen(status.opensAt, data.locale) : null
  const statusText = joined
    ? t('link.autoJoin')
    : status.running
      ? t('link.running')
      : opensAt
        ? t('link.opensAt', { when: opensAt })
        : waiting
          ? t('link.waitingForModerator')
          : t('link.notRunning')
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
      {data.waitingRoom && !member ? <p>{t('link.waitingRoomNote')}</p> : null}
      {data.signedIn ? (
        <div>
          <p>
            {t('link.signedInAs', { name: data.signedIn.name })} {data.signedIn.member ? null : t('link.notMember')}
          </p>
          <form method="post" action={`/auth/oidc/logout?room=${encodeURIComponent(data.roomId)}`}>
            <button type="submit">{t('link.signOut')}</button>
          </form>
        </div>
      ) : data.oidc ? (
        <p>
          <a href={`/auth/oidc/login?room=${encodeURIComponent(data.roomId)}`}>{t('link.signIn')}</a>
        </p>
      ) : null}
      {guestsClosed ? <p>{t('link.guestsClosed')}</p> : null}
      <form onSubmit={onSubmit} aria-busy={busy} noValidate>
        {needsName ? (
          <p>
            <label htmlFor="bbbs-name">{t('link.yourName')}</label>
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
            <small id="bbbs-name-hint">{t('link.nameHint')}</small>
          </p>
        ) : null}
        {!member && (data.accessCodeRequired || data.moderatorCode) ? (
          <p>
            <label htmlFor="bbbs-code">{data.accessCodeRequired ? t('link.accessCode') : t('link.accessCodeOptional')}</label>
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
          {busy ? t('link.joining') : member && data.signedIn ? t('link.joinAs', { name: data.signedIn.name }) : t('link.join')}
        </button>
      </form>
    </main>
  )
}

function formatWhen(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso))
}
