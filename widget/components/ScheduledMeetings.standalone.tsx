import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useWidget } from '../context.js'
import type { ScheduleScriptGlobal, ScheduleView } from '../schedule.js'
import type { RoomMeetingsProps, ScheduleFormProps } from './ScheduledMeetings.js'

// The standalone script's build of `./ScheduledMeetings.js` (widget/build.mjs points the import here): the list and
// dialogs of scheduled meetings live in bbb-spaces-schedule.js, loaded from beside this script the first time a
// room shows its meetings or "Schedule…" is opened, and rendered there with its own Preact. Pages that never plan
// a meeting keep a small widget.

const scriptSrc = (() => {
  try {
    return (document.currentScript as HTMLScriptElement | null)?.src ?? ''
  } catch {
    return ''
  }
})()

const loaded = () => (window as unknown as { BbbSpacesSchedule?: ScheduleScriptGlobal }).BbbSpacesSchedule
let script: Promise<ScheduleScriptGlobal> | null = null

function load(): Promise<ScheduleScriptGlobal> {
  script ??= new Promise<ScheduleScriptGlobal>((resolve, reject) => {
    const el = document.createElement('script')
    el.src = new URL('bbb-spaces-schedule.js', scriptSrc || new URL('/widget/v1/', location.href)).href
    el.async = true
    el.onload = () => {
      const ready = loaded()
      if (ready) resolve(ready)
      else reject(new Error('bbb-spaces-schedule.js did not install BbbSpacesSchedule'))
    }
    el.onerror = () => reject(new Error(`could not load ${el.src}`))
    document.head.append(el)
  }).catch((err: unknown) => {
    script = null // a later render tries again
    throw err
  })
  return script
}

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
