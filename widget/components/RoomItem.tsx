import { lazy, Suspense } from 'react'
import type { Room } from '../api.js'
import { useAnnounce, useWidget } from '../context.js'
import { InviteActions } from './InviteActions.js'
import { RoomJoin } from './MeetingButton.js'

// Recordings are a separate chunk, so the ESM entry stays within its size budget.
const RoomRecordings = lazy(() => import('./Recordings.js').then((m) => ({ default: m.RoomRecordings })))
const PastMeetings = lazy(() => import('./PastMeetings.js').then((m) => ({ default: m.PastMeetings })))

/**
 * One room of {@link SpaceMeetings}' list: name, settings button, join control, invite actions, who is in, "End
 * meeting", recordings. Room-level sections (past meetings, scheduled meetings…) go in the marked spot below.
 */
export function RoomItem(props: { room: Room; spaceId: string; version: number; recordingEvents: number; onEdit: () => void; onEnd: () => void }) {
  const { room } = props
  const { t } = useWidget()
  const announce = useAnnounce()
  const attendees = room.status.attendees ?? []

  return (
    <li className="bbb-room" data-bbb-room={room.id}>
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
      <InviteActions room={room} canSchedule={room.canManage || room.canEnd} announce={announce} />
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
