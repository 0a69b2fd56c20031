import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import type { Room } from '../api.js'
import { useSpace, useTexts, useWidget } from '../context.js'
import { SPACE_SCHEDULE_TEXTS } from '../i18n/space-schedule.js'
import { RoomItem } from './RoomItem.js'
import { NextMeeting, ScheduleProvider } from './schedule-state.js'

// Only managers open it, and it carries every room setting: a chunk of its own for React hosts, bbb-spaces-room.js
// for the standalone script (widget/build.mjs points this import at RoomDialog.standalone.tsx there).
const RoomDialog = lazy(() => import('./RoomDialog.js').then((m) => ({ default: m.RoomDialog })))
// "End meeting" and "Delete room" ask first: their dialog comes with the first click (a chunk for React hosts; the
// standalone script has it inline, where dynamic imports are bundled in).
const EndDialog = lazy(() => import('./ConfirmDialog.js').then((m) => ({ default: m.EndDialog })))
const DeleteDialog = lazy(() => import('./ConfirmDialog.js').then((m) => ({ default: m.DeleteDialog })))

/** Failures that mean "the service (or its video server) cannot be reached right now": they heal by themselves. */
const OUTAGE = new Set(['network', 'bbb_unavailable', 'service_unavailable'])

/** Props of {@link SpaceMeetings}. */
export interface SpaceMeetingsProps {
  /** The host's space id (as in the token's `spaces` claim). */
  spaceId: string
  /** Heading text; default "Meetings" / "Réunions". */
  title?: string
}

type DialogState = { kind: 'create' } | { kind: 'edit'; room: Room } | { kind: 'end'; room: Room } | { kind: 'delete'; room: Room } | null

/**
 * A space's rooms with live status, who is in (for members), join/start buttons, copy link, the next scheduled
 * meeting and each room's upcoming ones; managers create, rename, configure and delete rooms; moderators end
 * meetings and plan them. While the service cannot be reached it says so once, calmly, and shows the rooms with
 * their actions greyed, without the last known (stale) counts, until it comes back by itself.
 */
export function SpaceMeetings(props: SpaceMeetingsProps) {
  const { t, emit, errorText } = useWidget()
  const tr = useTexts(SPACE_SCHEDULE_TEXTS)
  const snapshot = useSpace(props.spaceId)
  const outage = snapshot.error && OUTAGE.has(snapshot.error.code) ? snapshot.error.code : null
  const [dialog, setDialog] = useState<DialogState>(null)
  const readySent = useRef(false)
  const rooms = snapshot.rooms
  const canManage = rooms?.some((r) => r.canManage) ?? false

  useEffect(() => {
    if (!readySent.current && (rooms || snapshot.error)) {
      readySent.current = true
      emit('ready', { spaceId: props.spaceId })
    }
  }, [rooms, snapshot.error, emit, props.spaceId])

  return (
    <section className="bbb-card" aria-labelledby={`bbb-title-${props.spaceId}`} data-bbb-space-meetings={props.spaceId}>
      <div className="bbb-head">
        <h2 className="bbb-h2" id={`bbb-title-${props.spaceId}`}>
          {props.title ?? t('meetings.title')}
        </h2>
        {canManage ? (
          <button type="button" className="bbb-btn" onClick={() => setDialog({ kind: 'create' })} disabled={Boolean(outage)} data-bbb-action="new-room">
            <span aria-hidden="true">+ </span>
            {t('meetings.newRoom')}
          </button>
        ) : null}
      </div>
      {/* One live region, always there, so the outage is announced once when it starts. */}
      <p className={outage ? 'bbb-outage' : 'bbb-sr-only'} role="status" data-bbb-outage>
        {outage === 'bbb_unavailable' ? t('status.outage') : outage ? tr('sched.outage.network') : ''}
      </p>
      {snapshot.error && !outage ? (
        <p className="bbb-error" role="alert">
          {errorText(snapshot.error)}
        </p>
      ) : null}
      <ScheduleProvider spaceId={props.spaceId} online={!outage}>
        {outage ? null : <NextMeeting rooms={rooms} />}
        {!rooms ? (
          snapshot.error ? null : <p className="bbb-muted">{t('status.loading')}</p>
        ) : rooms.length === 0 ? (
          <p className="bbb-muted">{t('meetings.none')}</p>
        ) : (
          <>
            {/* Kept mounted while the service is away (a waiting join, open sections), only hidden. */}
            <ul className="bbb-rooms" hidden={Boolean(outage)}>
              {rooms.map((room) => (
                <RoomItem
                  key={room.id}
                  room={room}
                  spaceId={props.spaceId}
                  version={snapshot.version}
                  recordingEvents={snapshot.recordings[room.id] ?? 0}
                  onEdit={() => setDialog({ kind: 'edit', room })}
                  onEnd={() => setDialog({ kind: 'end', room })}
                />
              ))}
            </ul>
            {outage ? (
              <ul className="bbb-rooms bbb-offline" data-bbb-offline>
                {rooms.map((room) => (
                  <li className="bbb-room" key={room.id}>
                    <h3 className="bbb-h3">{room.name}</h3>
                    <button type="button" className="bbb-btn bbb-btn-primary" disabled>
                      {room.canStart && !room.status.running ? t('button.start') : t('button.join')}
                      <span className="bbb-sr-only"> — {room.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </ScheduleProvider>
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <Suspense fallback={null}>
          <RoomDialog
            spaceId={props.spaceId}
            room={dialog.kind === 'edit' ? dialog.room : null}
            onClose={() => setDialog(null)}
            onDelete={(room) => setDialog({ kind: 'delete', room })}
          />
        </Suspense>
      ) : null}
      {dialog?.kind === 'end' ? (
        <Suspense fallback={null}>
          <EndDialog spaceId={props.spaceId} room={dialog.room} onClose={() => setDialog(null)} />
        </Suspense>
      ) : null}
      {dialog?.kind === 'delete' ? (
        <Suspense fallback={null}>
          <DeleteDialog spaceId={props.spaceId} room={dialog.room} onClose={() => setDialog(null)} />
        </Suspense>
      ) : null}
    </section>
  )
}
