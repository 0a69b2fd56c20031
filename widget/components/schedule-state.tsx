import { createContext, lazy, Suspense, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Room, ScheduledMeetingView } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import { SPACE_SCHEDULE_TEXTS } from '../i18n/space-schedule.js'
import { meetingWhen } from './schedule-format.js'

/** A space's upcoming scheduled meetings, read once per space view and shared by its rooms. */
export interface ScheduleState {
  /** Soonest first; null until the first answer. */
  meetings: ScheduledMeetingView[] | null
  /** Reads the list again (after a meeting is scheduled, changed or cancelled). */
  refresh: () => void
}

const ScheduleContext = createContext<ScheduleState | null>(null)

/** The space view's scheduled meetings (null outside a space view). */
export function useSchedule(): ScheduleState | null {
  return useContext(ScheduleContext)
}

/**
 * Reads the space's meetings that have not ended (`GET /spaces/:id/meetings?from=now`) while the service is
 * reachable, every minute, and again when it comes back. A failure says nothing: the space view already tells of it once.
 */
export function ScheduleProvider(props: { spaceId: string; online: boolean; children: ReactNode }) {
  const { api } = useWidget()
  const [meetings, setMeetings] = useState<ScheduledMeetingView[] | null>(null)
  const [reads, setReads] = useState(0)
  useEffect(() => {
    if (!props.online) return
    const controller = new AbortController()
    api.listSpaceMeetings(props.spaceId, Date.now(), controller.signal).then(setMeetings, () => {})
    return () => controller.abort()
  }, [api, props.spaceId, props.online, reads])
  // What others plan shows within a minute, without a reload.
  useEffect(() => {
    if (!props.online) return
    const timer = setInterval(() => !document.hidden && setReads((n) => n + 1), 60_000)
    return () => clearInterval(timer)
  }, [props.online])
  const value = useMemo(() => ({ meetings, refresh: () => setReads((n) => n + 1) }), [meetings])
  return <ScheduleContext.Provider value={value}>{props.children}</ScheduleContext.Provider>
}

const upcoming = (meetings: ScheduledMeetingView[] | null | undefined) => (meetings ?? []).filter((m) => Date.parse(m.end) > Date.now())

/** The space view's "Next meeting: title — when, in room" line (nothing when none is planned). */
export function NextMeeting(props: { rooms: Room[] | null }) {
  const state = useSchedule()
  const { locale } = useWidget()
  const tr = useTexts(SPACE_SCHEDULE_TEXTS)
  const next = upcoming(state?.meetings)[0]
  if (!next) return null
  const room = props.rooms?.find((r) => r.id === next.roomId)
  return (
    <p className="bbb-next" data-bbb-next-meeting={next.id}>
      <span className="bbb-muted">{tr('sched.list.next')}</span>{' '}
      <strong>{next.title}</strong> — {meetingWhen(locale, next)}
      {room && (props.rooms?.length ?? 0) > 1 ? ` ${tr('sched.list.inRoom', { room: room.name })}` : ''}
    </p>
  )
}

// The list and its dialogs are a chunk of their own for React hosts; the standalone script builds this import as a
// loader of bbb-spaces-schedule.js (see ScheduledMeetings.standalone.tsx), which keeps the main script small.
const RoomMeetings = lazy(() => import('./ScheduledMeetings.js').then((m) => ({ default: m.RoomMeetings })))

/**
 * A room's upcoming meetings (title, when, attendees; Download .ics; Edit, Invitations and Cancel for those who
 * may plan the room's meetings). Nothing for a member when none is planned.
 */
export function RoomSchedule(props: { room: Room }) {
  const state = useSchedule()
  const announce = useAnnounce()
  const mine = upcoming(state?.meetings).filter((m) => m.roomId === props.room.id)
  const moderates = props.room.canManage || props.room.canEnd
  if (!state?.meetings || (mine.length === 0 && !moderates)) return null
  return (
    <Suspense fallback={null}>
      <RoomMeetings room={props.room} meetings={mine} moderates={moderates} refresh={state.refresh} announce={announce} />
    </Suspense>
  )
}
