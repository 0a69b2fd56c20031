// The scheduled meetings' standalone script (`/widget/v1/bbb-spaces-schedule.js`): each room's list of upcoming
// meetings and the schedule, cancel and invitations dialogs. The main script (`bbb-spaces.js`) loads it from beside
// itself the first time a room shows its meetings or "Schedule…" opens (components/ScheduledMeetings.standalone.tsx)
// and has it render into elements of its own tree, handing it the page's client, status hub and language. It brings
// its own Preact, so the main script stays within its budget for the pages that never plan a meeting.
import type { ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { WidgetError, type ApiClient } from './api.js'
import { RoomMeetings, ScheduleForm, type RoomMeetingsProps, type ScheduleFormProps } from './components/ScheduledMeetings.js'
import { BbbSpacesProvider } from './context.js'
import type { Locale } from './i18n/locale.js'
import type { StatusHub } from './status-hub.js'

/** What the script renders: a room's list, or the schedule dialog. */
export type ScheduleView = 'room' | 'form'

/** `window.BbbSpacesSchedule`, set when this script has run. */
export interface ScheduleScriptGlobal {
  version: '1'
  /** Renders `view` with `props` into `container` (again with new props on later calls). */
  render(container: Element, view: ScheduleView, props: object, context: { api: ApiClient; hub: StatusHub; locale: Locale }): void
  unmount(container: Element): void
}

const roots = new Map<Element, Root>()
const clients = new WeakMap<ApiClient, ApiClient>()

/**
 * The page's client, its refusals made this script's WidgetError: the dialogs' `instanceof` checks (capacity
 * figures, words for codes) would not recognise the main script's class.
 */
function ownErrors(api: ApiClient): ApiClient {
  let wrapped = clients.get(api)
  if (!wrapped) {
    wrapped = new Proxy(api, {
      get(target, key) {
        const fn = target[key as keyof ApiClient] as unknown
        if (typeof fn !== 'function') return fn
        return (...args: unknown[]) =>
          (fn as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((err: unknown) => {
            if (err instanceof WidgetError) throw err
            const e = err as WidgetError | undefined
            throw e?.name === 'WidgetError'
              ? new WidgetError(e.code, e.message, { status: e.status, ...(e.details ? { details: e.details } : {}), cause: e })
              : err
          })
      },
    })
    clients.set(api, wrapped)
  }
  return wrapped
}

const schedule: ScheduleScriptGlobal = {
  version: '1',
  render(container, view, props, context) {
    let root = roots.get(container)
    if (!root) {
      root = createRoot(container)
      roots.set(container, root)
    }
    const content: ReactNode =
      view === 'room' ? <RoomMeetings {...(props as RoomMeetingsProps)} /> : <ScheduleForm {...(props as ScheduleFormProps)} />
    root.render(
      <BbbSpacesProvider serviceUrl="" getToken={() => ''} locale={context.locale} shared={{ api: ownErrors(context.api), hub: context.hub }}>
        {content}
      </BbbSpacesProvider>,
    )
  },
  unmount(container) {
    roots.get(container)?.unmount()
    roots.delete(container)
  },
}

;(window as unknown as { BbbSpacesSchedule: ScheduleScriptGlobal }).BbbSpacesSchedule = schedule
