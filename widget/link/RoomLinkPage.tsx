import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type MouseEvent } from 'react'
import type { LinkJoinBody, RoomLinkPageData, RoomLinkStatus } from '../../server/contract/index.js'
import { WidgetError, createRoomLinkClient, type RoomLinkClient } from '../api.js'
import { usePolling } from '../hooks/use-polling.js'
import { errorMessage, errorText, isKnownErrorCode } from '../i18n/errors.js'
import { LINK_TEXTS } from '../i18n/link.js'
import { translator, type Locale } from '../i18n/locale.js'

/** What the server puts in the page, its language included. */
export type RoomLinkData = RoomLinkPageData

export interface RoomLinkPageProps {
  data: RoomLinkData
  /** How often the status is polled while waiting (default 2500 ms). */
  pollMs?: number
  /** How often otherwise, while the tab shows (default 5000 ms): the count and "ended" stay true. */
  idlePollMs?: number
  /** Where a granted join goes (default: the browser navigates to the signed BBB URL). */
  navigate?: (url: string) => void
  /** The page's calls (default: this origin's `/r/:roomId/…`). */
  client?: RoomLinkClient
  /**
   * The tab a member's widget opened (`?wait=1`): it only waits, the widget sends it into the meeting once
   * a moderator starts it. No form.
   */
  memberWaiting?: boolean
  /** The invitation token of the link (`?i=`), sent with the join. */
  invitationToken?: string | null
  /** Called when the visitor switches language (the page updates the address and `<html lang>`). */
  onLocale?: (locale: Locale) => void
}

/** The one state the page is in; each has one message (`link.state.*`). */
export type LinkState = 'notFound' | 'admitted' | 'starting' | 'waiting' | 'notOpenYet' | 'ended' | 'full' | 'running' | 'notStarted'

type Waiting = null | 'not_running' | 'not_open_yet'
type Shown = { key: 'link.badName' } | { err: unknown }
type Status = Omit<RoomLinkStatus, 'name'>

const LANGUAGES: ReadonlyArray<{ locale: Locale; label: string }> = [
  { locale: 'fr', label: 'Français' },
  { locale: 'en', label: 'English' },
]

/**
 * The room-link page: the space and room, one message for the meeting's state, the guest form (name, access
 * code) or sign-in, a language switch that keeps what was typed, and an automatic join once a moderator
 * starts the meeting (the status is polled; no manual refresh).
 */
export function RoomLinkPage(props: RoomLinkPageProps) {
  const { data, pollMs = 2500, idlePollMs = 5000, navigate = (url) => window.location.assign(url), client, memberWaiting = false } = props
  const [locale, setLocale] = useState<Locale>(data.locale)
  const t = useMemo(() => translator(LINK_TEXTS, locale), [locale])
  const link = useMemo(() => client ?? createRoomLinkClient({ roomId: data.roomId, locale }), [client, data.roomId, locale])
  const [status, setStatus] = useState<Status>(() => ({
    running: Boolean(data.running),
    ...(data.opensAt ? { opensAt: data.opensAt } : {}),
    ...(data.participants !== undefined ? { participants: data.participants } : {}),
    ...(data.full !== undefined ? { full: data.full } : {}),
  }))
  const invitation = data.invitation?.valid ? data.invitation : null
  const [name, setName] = useState(invitation?.name ?? '')
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [joined, setJoined] = useState(false)
  const [ended, setEnded] = useState(false)
  const [shown, setShown] = useState<Shown | null>(null)
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
      setShown({ key: 'link.badName' })
      return
    }
    inFlight.current = true
    setBusy(true)
    setShown(null)
    try {
      const body: LinkJoinBody = {}
      if (typed) body.name = typed
      if (code.trim() && !invitation) body.accessCode = code.trim()
      if (invitation && props.invitationToken) body.invitation = props.invitationToken
      const { joinUrl } = await link.join(body)
      setJoined(true)
      setWaiting(null)
      navigate(joinUrl)
    } catch (err) {
      const errCode = err instanceof WidgetError ? err.code : 'unknown'
      const opensAt = err instanceof WidgetError ? err.details?.opensAt : undefined
      if (errCode === 'meeting_not_running') {
        setWaiting('not_running')
      } else if (errCode === 'meeting_not_open_yet') {
        setWaiting('not_open_yet')
        if (typeof opensAt === 'string') setStatus((s) => ({ ...s, opensAt }))
      } else {
        setWaiting(null)
        setShown({ err })
      }
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }, [code, data.signedIn, invitation, link, member, name, navigate, props.invitationToken])

  useEffect(() => {
    if (shown) errorRef.current?.focus()
  }, [shown])

  // Follow the room's status: the count, "full", "ended"; while waiting, join by ourselves when it starts (or
  // opens). A guest often waits in a background tab: the polling goes on while the page is hidden then.
  const joinRef = useRef(join)
  joinRef.current = join
  const wasRunning = useRef(Boolean(data.running))
  const waitingNow = waiting !== null || memberWaiting
  usePolling(
    async (signal) => {
      try {
        const s = await link.status(signal)
        if (wasRunning.current && !s.running) setEnded(true)
        if (s.running) setEnded(false)
        wasRunning.current = s.running
        setStatus({ running: s.running, ...(s.opensAt ? { opensAt: s.opensAt } : {}), ...(s.participants !== undefined ? { participants: s.participants } : {}), ...(s.full !== undefined ? { full: s.full } : {}) })
        if (waiting !== null && (s.running || (waiting === 'not_open_yet' && !s.opensAt))) void joinRef.current()
      } catch {
        // the next poll tries again
      }
    },
    [waiting, link],
    { intervalMs: waitingNow ? pollMs : idlePollMs, enabled: data.found && !joined, immediate: false, pauseWhenHidden: !waitingNow },
  )

  const switchTo = (next: Locale) => (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault()
    if (next === locale) return
    setLocale(next)
    props.onLocale?.(next)
  }

  const state: LinkState = !data.found
    ? 'notFound'
    : joined
      ? 'admitted'
      : memberWaiting
        ? status.running
          ? 'starting'
          : 'waiting'
        : waiting
          ? 'waiting'
          : status.opensAt
            ? 'notOpenYet'
            : status.running
              ? status.full
                ? 'full'
                : 'running'
              : ended
                ? 'ended'
                : 'notStarted'

  const when = status.opensAt ? formatWhen(status.opensAt, locale) : null
  const count = status.participants ?? 0
  const message = {
    notFound: errorMessage('room_not_found', locale),
    admitted: t('link.state.admitted'),
    starting: t('link.state.starting'),
    waiting: when ? t('link.state.waitingOpens', { time: when.sameDay ? when.time : `${when.date} ${when.time}` }) : t('link.state.waiting'),
    notOpenYet: when ? (when.sameDay ? t('link.state.opensAt', { time: when.time }) : t('link.state.opensOn', { date: when.date, time: when.time })) : '',
    ended: t('link.state.ended'),
    full: errorMessage('room_full', locale, { cap: count }),
    running: count === 1 ? t('link.state.runningOne') : t('link.state.running', { count }),
    notStarted: t('link.state.notStarted'),
  }[state]

  // A personal link that no longer lets anyone in says why, and only that: no guest form the person has no code for.
  const refusedInvitation = !member && data.invitation && !data.invitation.valid ? data.invitation : null
  const guestsClosed = !member && !data.guestsAllowed && !invitation && !refusedInvitation
  const codeNeeded = !member && !invitation && !refusedInvitation && !guestsClosed && Boolean(data.accessCodeRequired)
  const showForm = data.found && !memberWaiting && !joined && !refusedInvitation && (!guestsClosed || Boolean(data.moderatorCode))
  const codeLabel = guestsClosed ? t('link.moderatorCode') : data.accessCodeRequired ? t('link.accessCode') : t('link.accessCodeOptional')
  const showCode = !member && !invitation && (Boolean(data.accessCodeRequired) || Boolean(data.moderatorCode))

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void join()
  }
  const shownText = shown ? ('key' in shown ? t(shown.key) : errorText(shown.err, locale)) : null
  const heading = data.found ? (data.name ?? '') : t('link.notFoundTitle')

  return (
    <div className="bbbs-page" lang={locale}>
      <header className="bbbs-top">
        <div className="bbbs-space">
          {data.branding?.logo ? <img className="bbbs-logo" src={data.branding.logo} alt={data.spaceName ? '' : 'logo'} /> : null}
          {data.spaceName ? <span>{data.spaceName}</span> : null}
        </div>
        <nav className="bbbs-lang" aria-label={t('link.language')}>
          {LANGUAGES.map((l) => (
            <a key={l.locale} href={languageHref(l.locale)} lang={l.locale} hrefLang={l.locale} aria-current={l.locale === locale ? 'true' : undefined} onClick={switchTo(l.locale)}>
              {l.label}
            </a>
          ))}
        </nav>
      </header>
      <main className="bbbs-card">
        {data.branding?.bannerText ? (
          <p className="bbbs-banner" style={bannerStyle(data.branding.bannerColor)}>
            {data.branding.bannerText}
          </p>
        ) : null}
        <h1>{heading}</h1>
        <p role="status" aria-live="polite" className="bbbs-state" data-state={state}>
          {message}
        </p>
        {state === 'notFound' ? <p className="bbbs-note">{t('link.notFoundHint')}</p> : null}
        {memberWaiting && state === 'waiting' ? <p className="bbbs-note">{t('link.memberWaitingHint')}</p> : null}
        {data.found && !memberWaiting ? (
          <>
            {refusedInvitation ? (
              <p className="bbbs-access bbbs-access-refused" data-access="invitation-refused">
                {refusedInvitation.reason && isKnownErrorCode(refusedInvitation.reason)
                  ? errorMessage(refusedInvitation.reason, locale)
                  : t('link.invitationInvalid')}
              </p>
            ) : null}
            {invitation && !member ? (
              <p className="bbbs-access" data-access="invited">
                {invitation.name ? t('link.invitedAs', { name: invitation.name }) : t('link.invited')}
              </p>
            ) : null}
            {guestsClosed ? (
              <p className="bbbs-access" data-access="guests-closed">
                {errorMessage('guests_not_allowed', locale)}
              </p>
            ) : null}
            {codeNeeded ? (
              <p className="bbbs-access" data-access="code-needed">
                {errorMessage('access_code_required', locale)}
              </p>
            ) : null}
            {data.signedIn ? (
              <div className="bbbs-account">
                <p>
                  {t('link.signedInAs', { name: data.signedIn.name })} {data.signedIn.member ? null : t('link.notMember')}
                </p>
                <form method="post" action={`/auth/oidc/logout?room=${encodeURIComponent(data.roomId)}`}>
                  <button type="submit" className="bbbs-btn">
                    {t('link.signOut')}
                  </button>
                </form>
              </div>
            ) : data.oidc ? (
              <div className="bbbs-account">
                {guestsClosed ? <p>{t('link.signInToJoin')}</p> : null}
                <a className={guestsClosed ? 'bbbs-btn bbbs-btn-primary' : 'bbbs-link'} href={`/auth/oidc/login?room=${encodeURIComponent(data.roomId)}`}>
                  {t('link.signIn')}
                </a>
              </div>
            ) : null}
          </>
        ) : null}
        {showForm ? (
          <form className="bbbs-form" onSubmit={onSubmit} aria-busy={busy} noValidate>
            {!member ? (
              <div className="bbbs-field">
                <label htmlFor="bbbs-name">{t('link.yourName')}</label>
                <input
                  id="bbbs-name"
                  name="name"
                  autoComplete="name"
                  required
                  minLength={2}
                  maxLength={64}
                  value={name}
                  aria-describedby="bbbs-name-hint"
                  aria-invalid={shown && 'key' in shown ? true : undefined}
                  onChange={(e) => setName(e.target.value)}
                  readOnly={waiting !== null}
                  autoFocus={!invitation}
                />
                <small id="bbbs-name-hint">{t('link.nameHint')}</small>
              </div>
            ) : null}
            {showCode ? (
              <div className="bbbs-field">
                <label htmlFor="bbbs-code">{codeLabel}</label>
                <input
                  id="bbbs-code"
                  name="accessCode"
                  autoComplete="off"
                  inputMode="text"
                  required={Boolean(data.accessCodeRequired) || guestsClosed}
                  maxLength={32}
                  value={code}
                  readOnly={waiting !== null}
                  {...(data.accessCodeRequired && !guestsClosed ? { 'aria-describedby': 'bbbs-code-hint' } : {})}
                  onChange={(e) => setCode(e.target.value)}
                />
                {data.accessCodeRequired && !guestsClosed ? <small id="bbbs-code-hint">{t('link.accessCodeHint')}</small> : null}
              </div>
            ) : null}
            {shownText ? (
              <p role="alert" tabIndex={-1} ref={errorRef} className="bbbs-error">
                {shownText}
              </p>
            ) : null}
            {waiting ? (
              <button type="button" className="bbbs-btn" onClick={() => setWaiting(null)}>
                {t('link.cancelWait')}
              </button>
            ) : (
              <button type="submit" className="bbbs-btn bbbs-btn-primary" disabled={busy || state === 'full'}>
                {busy ? t('link.joining') : member && data.signedIn ? t('link.joinAs', { name: data.signedIn.name }) : t('link.join')}
              </button>
            )}
            {data.waitingRoom && !member && !waiting ? <p className="bbbs-note">{t('link.waitingRoomNote')}</p> : null}
          </form>
        ) : null}
      </main>
    </div>
  )
}

/** This address in another language (the other query parameters, `?i=` and `?wait=` among them, kept). */
function languageHref(locale: Locale): string {
  if (typeof window === 'undefined') return `?lang=${locale}`
  const url = new URL(window.location.href)
  url.searchParams.set('lang', locale)
  return `${url.pathname}${url.search}`
}

/** The banner in the space's colour, its text black or white, whichever reads better on it. */
function bannerStyle(color: string | null | undefined): Record<string, string> | undefined {
  const m = color ? /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim()) : null
  if (!m) return undefined
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1]
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
  // Contrast against white is (1.05)/(lum+.05); against black (lum+.05)/.05: pick the larger.
  return { background: `#${hex}`, color: 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 ? '#fff' : '#000' }
}

/** "09:50" and "Tuesday 27 October 2026" in the page's language, and whether that is today where the visitor is. */
function formatWhen(iso: string, locale: Locale): { time: string; date: string; sameDay: boolean } {
  const at = new Date(iso)
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB'
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { dateStyle: 'short' }).format(d)
  return {
    time: new Intl.DateTimeFormat(tag, { timeStyle: 'short' }).format(at),
    date: new Intl.DateTimeFormat(tag, { dateStyle: 'full' }).format(at),
    sameDay: day(at) === day(new Date()),
  }
}
