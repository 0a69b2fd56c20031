import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useWidget } from '../context.js'
import type { ScheduleScriptGlobal, ScheduleView } from '../schedule.js'
import type { RoomMeetingsProps, ScheduleFormProps } from './ScheduledMeetings.js'
import { siblingScript } from '../sibling-script.js'

// The standalone script's build of `./ScheduledMeetings.js` (widget/build.mjs points the import here): the list and
// dialogs of scheduled meetings live in bbb-spaces-schedule.js, loaded from beside this script the first time a
// room shows its meetings or "Schedule…" is opened, and rendered there with its own Preact. Pages that never plan
// a meeting keep a small widget.

const schedule = siblingScript<ScheduleScriptGlobal>('bbb-spaces-schedule.js', 'BbbSpacesSchedule', () => '/widget/v1/')
const loaded = schedule.installed
const load = schedule.load

/** A placeholder element the schedule script renders `view` into, with these props, again on every render. */
function host<P extends object>(view: ScheduleView) {
  return function ScheduleHost(props: P) {
    const { api, hub, locale } = useWidget()
    const ref = useRef<HTMLDivElement>(null)
    const [ready, setReady] = useState(loaded)
    useEffect(() => {
      if (!ready) load().then(setReady, (err: unknown) => console.error('[bbb-spaces]', err))
    }, [ready])
    useLayoutEffect(() => {
      if (ready && ref.current) ready.render(ref.current, view, props, { api, hub, locale })
    })
    useEffect(() => {
      const el = ref.current
      return () => {
        if (el) loaded()?.unmount(el)
      }
    }, [])
    return <div ref={ref} className="bbb-contents" />
  }
}

export const RoomMeetings = host<RoomMeetingsProps>('room')
export const ScheduleForm = host<ScheduleFormProps>('form')
