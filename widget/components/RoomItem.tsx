import { lazy, Suspense, useLayoutEffect, useRef } from 'react'
import type { Room } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import type { Translate } from '../i18n/locale.js'
import { ROOM_TEXTS, type RoomTextKey } from '../i18n/rooms.js'
import { InviteActions } from './InviteActions.js'
import { RoomJoin } from './MeetingButton.js'
import { RoomSchedule } from './schedule-state.js'

// Recordings are a separate chunk, so the ESM entry stays within its size budget.
const RoomRecordings = lazy(() => import('./Recordings.js').then((m) => ({ default: m.RoomRecordings })))
const PastMeetings = lazy(() => import('./PastMeetings.js').then((m) => ({ default: m.PastMeetings })))

/**
 * The invitation "Copy invitation" copies, in the widget's language: the room's link, its guest access code when
 * the reader may see it (else that one is needed), the dial-in number when the service has one.
 */
export function invitationText(room: Room, tr: Translate<RoomTextKey>): string {
  const lines = [tr('inv.join', { room: room.name }), room.link]
  if (room.settings.accessCode) lines.push(tr('inv.code', { code: room.settings.accessCode }))
  else if (room.settings.hasAccessCode) lines.push(tr('inv.codeAsk'))
  if (room.dialInNumber) lines.push(tr('inv.phone', { number: room.dialInNumber }))
  return lines.join('\n')
}

/**
 * One room of {@link SpaceMeetings}' list: name, settings button, join control, invite actions, who is in, "End
 * meeting", recordings. Room-level sections (past meetings, scheduled meetings…) go in the marked spot below.
 */
export function RoomItem(props: { room: Room; spaceId: string; version: number; recordingEvents: number; onEdit: () => void; onEnd: () => void }) {
  const { room } = props
  const { t } = useWidget()
  const tr = useTexts(ROOM_TEXTS)
  const announce = useAnnounce()
  const attendees = room.status.attendees ?? []
  const item = useRef<HTMLLIElement>(null)
  const endHadFocus = useRef(false)
  // "End meeting" goes once the meeting has ended: focus it had (back from the confirmation) moves to the room's
  // join control rather than falling to the page.
  useLayoutEffect(() => {
    if (room.status.running || !endHadFocus.current) return
    endHadFocus.current = false
    const root = item.current?.getRootNode() as Document | ShadowRoot | undefined
    if (root?.activeElement && root.activeElement !== document.body) return
    item.current?.querySelector<HTMLElement>('[data-bbb-action="join"]')?.focus()
  }, [room.status.running])

  return (
    <li className="bbb-room" data-bbb-room={room.id} ref={item}>
      <div className="bbb-room-head">
        <h3 className="bbb-h3">
          {room.status.running ? <span className="bbb-dot" aria-hidden="true" /> : null}
          {room.name}
        </h3>
        <div className="bbb-tools">
          {room.canManage ? (
            <button
              type="button"
              className="bbb-btn bbb-btn-quiet"
              onClick={props.onEdit}
              aria-label={`${t('meetings.settings')} — ${room.name}`}
              data-bbb-action="settings"
            >
              {t('meetings.settings')}
            </button>
          ) : null}
        </div>
      </div>
      <RoomJoin spaceId={props.spaceId} room={room} version={props.version} />
      <InviteActions room={room} canSchedule={room.canManage || room.canEnd} announce={announce} invitation={invitationText(room, tr)} />
      <RoomSchedule room={room} />
      {room.status.running && attendees.length > 0 ? (
        <div className="bbb-attendees">
          <h4 className="bbb-h4">{t('meetings.attendees')}</h4>
          <ul>
            {attendees.map((a, i) => (
              <li key={`${a.name}-${i}`}>
                {a.name}
                {a.role === 'MODERATOR' ? <span className="bbb-muted"> ({t('meetings.moderator')})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {room.status.running && room.canEnd ? (
        <button
          type="button"
          className="bbb-btn bbb-btn-danger"
          onClick={props.onEnd}
          onFocus={() => (endHadFocus.current = true)}
          // Removing the focused button may blur it too (without a next target): that one must not count.
          onBlur={(e) => e.relatedTarget && (endHadFocus.current = false)}
          aria-label={`${t('meetings.end')} — ${room.name}`}
          data-bbb-action="end"
        >
          {t('meetings.end')}
        </button>
      ) : null}
      {/* Only rooms that record (or just got a recording) ask for their list: no request per room otherwise. */}
      {room.settings.record || props.recordingEvents > 0 ? (
        <Suspense fallback={null}>
          <RoomRecordings room={room} events={props.recordingEvents} />
        </Suspense>
      ) : null}
      {/* Room sections (one line each): past meetings. */}
      {room.canManage || room.canEnd ? <Suspense fallback={null}><PastMeetings room={room} /></Suspense> : null}
    </li>
  )
}
