import { useCallback, useEffect, useRef, useState } from 'react'
import { WidgetError, type Room } from '../api.js'
import { useAnnounce, useSpace, useTexts, useWidget, type OpenIn } from '../context.js'
import type { Translate } from '../i18n/locale.js'
import { ROOM_TEXTS, type RoomTextKey } from '../i18n/rooms.js'
import type { WidgetTextKey } from '../i18n/widget.js'
import { drawWaitingTab } from './waiting-tab.js'

/** Props of {@link MeetingButton}. */
export interface MeetingButtonProps {
  /** The host's space id (as in the token's `spaces` claim). */
  spaceId: string
  /** The room's public id; default: the space's first (default) room. */
  roomId?: string
  /** Overrides the provider's `openIn`. */
  openIn?: OpenIn
}

type Phase = 'idle' | 'joining' | 'waiting' | 'refused' | 'opened' | 'blocked'

/** The room asked for is not among the space's rooms. */
const ROOM_NOT_FOUND = new WidgetError('room_not_found', '')

const REFUSAL_CODES = new Set<string>(['room_full', 'licence_full', 'licence_full_internal', 'licence_full_external'])
/** A licence refusal says which seats ran out: the service's, its internal or its external ones, not the room's. */
const LICENCE_FULL: Readonly<Record<string, RoomTextKey>> = {
  licence_full: 'join.fullLicence',
  licence_full_internal: 'join.fullInternal',
  licence_full_external: 'join.fullExternal',
}

/** Opens an empty tab right in the click, so popup blockers allow it; the join URL is set when it arrives. */
function openBlankTab(t: Translate<WidgetTextKey>, lang: string): Window | null {
  let tab: Window | null = null
  try {
    tab = window.open('', '_blank')
    if (tab) {
      tab.opener = null
      tab.document.documentElement.lang = lang
      tab.document.title = t('button.opening')
      tab.document.body.textContent = t('button.opening')
    }
  } catch {
    // A blocked or cross-origin tab: the link fallback below takes over.
  }
  return tab
}

/**
 * "Start a meeting" / "Join (3 in)" / "Waiting for a moderator…" (joins by itself once the meeting starts) /
 * "Room full — try again later" (or which licence seats ran out) for one room of a space, and "The meeting has
 * ended" as a status line. Opens the meeting in a new tab (default) or in this tab.
 */
export function MeetingButton(props: MeetingButtonProps) {
  const snapshot = useSpace(props.spaceId)
  const room = props.roomId ? snapshot.rooms?.find((r) => r.id === props.roomId) : snapshot.rooms?.[0]
  const { t, errorText } = useWidget()
  const error = snapshot.error
  return (
    <>
      {room ? (
        <RoomJoin spaceId={props.spaceId} room={room} version={snapshot.version} {...(props.openIn ? { openIn: props.openIn } : {})} />
      ) : error && error.code !== 'bbb_unavailable' ? (
        <p className="bbb-error" role="alert">{errorText(error)}</p>
      ) : snapshot.rooms ? (
        <p className="bbb-error" role="alert">{errorText(ROOM_NOT_FOUND)}</p>
      ) : error ? null : (
        <p className="bbb-muted">{t('status.loading')}</p>
      )}
      <OutageNotice error={error} />
    </>
  )
}

/**
 * "Video service unavailable, retrying…" while the service answers `bbb_unavailable`; a live region that is
 * always there (empty otherwise), so the text is announced when it appears.
 */
export function OutageNotice(props: { error: WidgetError | null }) {
  const { t } = useWidget()
  const down = props.error?.code === 'bbb_unavailable'
  return (
    <p className={down ? 'bbb-error' : 'bbb-sr-only'} role="status" data-bbb-outage>
      {down ? t('status.outage') : ''}
    </p>
  )
}

/** The join control for a known room (used by `MeetingButton` and in `SpaceMeetings`' list). */
export function RoomJoin(props: { spaceId: string; room: Room; version: number; openIn?: OpenIn; compact?: boolean }) {
  const { room, spaceId } = props
  const { api, hub, t, locale, emit, errorText, openIn: defaultOpenIn } = useWidget()
  const tr = useTexts(ROOM_TEXTS)
  const openIn = props.openIn ?? defaultOpenIn
  const announce = useAnnounce()
  const [phase, setPhase] = useState<Phase>('idle')
  const [refusal, setRefusal] = useState<{ code: string; text: string } | null>(null)
  const [fallbackUrl, setFallbackUrl] = useState<string | null>(null)
  const [ended, setEnded] = useState(false)
  const tabRef = useRef<Window | null>(null)
  const busy = useRef(false)
  const wasRunning = useRef<boolean | null>(null)
  const running = room.status.running

  useEffect(() => {
    const before = wasRunning.current
    wasRunning.current = running
    if (before === null || before === running) return
    emit('status', { spaceId, roomId: room.id, running, participants: room.status.participants })
    if (running) {
      setEnded(false)
      announce(t('status.started', { room: room.name }))
    } else {
      setEnded(true)
      if (phase !== 'waiting') setPhase('idle')
      announce(t('status.ended', { room: room.name }))
    }
  }, [running])

  const join = useCallback(
    async (tab: Window | null) => {
      if (busy.current) return
      busy.current = true
      setPhase('joining')
      setRefusal(null)
      setFallbackUrl(null)
      try {
        const { joinUrl, role } = await api.join(room.id)
        tabRef.current = null
        if (openIn === 'same-tab') {
          window.location.assign(joinUrl)
          setPhase('opened')
        } else if (tab && !tab.closed) {
          tab.location.href = joinUrl
          setPhase('opened')
          announce(t('status.joined'))
        } else {
          setFallbackUrl(joinUrl)
          setPhase('blocked')
          announce(t('status.popupBlocked'))
        }
        setEnded(false)
        emit('joined', { spaceId, roomId: room.id, role })
        hub.refresh(spaceId)
      } catch (err) {
        const code = err instanceof WidgetError ? err.code : 'unknown'
        if (code === 'meeting_not_running') {
          tabRef.current = tab
          if (tab && !tab.closed) {
            try {
              // The room-link page's "waiting" state, in the widget's words and language.
              drawWaitingTab(tab, {
                lang: locale,
                title: t('button.waiting'),
                roomName: room.name,
                message: t('status.waiting', { room: room.name }),
              })
            } catch {
              // The tab is no longer ours to write to; it is still ours to navigate.
            }
          }
          setPhase((p) => {
            if (p !== 'waiting') {
              announce(t('status.waiting', { room: room.name }))
              emit('waiting', { spaceId, roomId: room.id })
            }
            return 'waiting'
          })
        } else {
          tab?.close()
          tabRef.current = null
          const text = errorText(err)
          setRefusal({ code, text })
          setPhase('refused')
          announce(text)
          emit('error', { code, message: text, spaceId, roomId: room.id })
          hub.report(spaceId, err)
          if (REFUSAL_CODES.has(code)) hub.refresh(spaceId)
        }
      } finally {
        busy.current = false
      }
    },
    [api, hub, room.id, room.name, spaceId, openIn, t, locale, emit, announce, errorText],
  )

  // Waiting for a moderator: every fresh poll that says the meeting runs is a chance to get in.
  useEffect(() => {
    if (phase === 'waiting' && running) void join(tabRef.current)
  }, [phase, running, props.version, join])

  const onClick = () => {
    if (busy.current || phase === 'waiting') return
    const tab = openIn === 'new-tab' ? openBlankTab(t, locale) : null
    void join(tab)
  }

  const cancel = () => {
    tabRef.current?.close()
    tabRef.current = null
    setPhase('idle')
  }

  const count = room.status.participants
  let label: string
  if (phase === 'joining') label = t('button.opening')
  else if (phase === 'waiting') label = t('button.waiting')
  else if (phase === 'refused' && refusal && REFUSAL_CODES.has(refusal.code)) {
    const licence = LICENCE_FULL[refusal.code]
    label = licence ? tr(licence) : t('button.full')
  } else if (running) label = t('button.joinCount', { count })
  else if (room.canStart) label = t('button.start')
  // An ended meeting is told by the status line below; the button stays what it was before the meeting.
  else label = t('button.join')
  // The visible text starts the accessible name (WCAG 2.5.3), the room name tells several buttons apart.
  const aria = `${label} — ${room.name}`

  return (
    <div className="bbb-join" data-phase={phase} data-running={running ? 'true' : 'false'}>
      <div className="bbb-join-row">
        <button
          type="button"
          className={`bbb-btn bbb-btn-primary${phase === 'refused' ? ' bbb-btn-warn' : ''}`}
          onClick={onClick}
          aria-label={aria}
          aria-busy={phase === 'joining' || phase === 'waiting'}
          aria-disabled={phase === 'waiting' || phase === 'joining'}
          data-bbb-action="join"
        >
          {phase === 'waiting' || phase === 'joining' ? <span className="bbb-spinner" aria-hidden="true" /> : null}
          {label}
        </button>
        {phase === 'waiting' ? (
          <button type="button" className="bbb-btn bbb-btn-quiet" onClick={cancel}>
            {t('button.cancel')}
          </button>
        ) : null}
      </div>
      {!props.compact ? (
        <p className="bbb-status" data-bbb-status>
          {running
            ? count === 1
              ? t('status.runningOne')
              : t('status.running', { count })
            : ended
              ? tr('join.ended')
              : t('status.notRunning')}
        </p>
      ) : ended && !running ? (
        <p className="bbb-status" data-bbb-status>{tr('join.ended')}</p>
      ) : null}
      {phase === 'refused' && refusal ? (
        <p className="bbb-error" data-bbb-error>
          {refusal.text}
        </p>
      ) : null}
      {phase === 'blocked' && fallbackUrl ? (
        <p className="bbb-note">
          {t('status.popupBlocked')}{' '}
          <a href={fallbackUrl} target="_blank" rel="noopener noreferrer">
            {t('button.openLink')}
          </a>
        </p>
      ) : null}
    </div>
  )
}
