/**
 * The widget for React hosts: `import { BbbSpacesProvider, MeetingButton } from 'bbb-spaces-widget'`.
 * React 18 or 19 is a peer dependency. Each component renders in its own shadow root.
 */
import { Suspense, createElement, lazy } from 'react'
import type { AdminConsoleProps } from './components/admin/AdminConsole.js'
import { MeetingButton as MeetingButtonView, type MeetingButtonProps } from './components/MeetingButton.js'
import { SpaceMeetings as SpaceMeetingsView, type SpaceMeetingsProps } from './components/SpaceMeetings.js'
import { ShadowContainer } from './shadow.js'

export { BbbSpacesProvider, type BbbSpacesProviderProps, type OpenIn } from './context.js'
export { WidgetError, createApiClient } from './api.js'
export type { ApiClient, ApiOptions, Room, RoomStatus, RoomSettings, Attendee, AdminLimits, AdminUsage, AuditEntry, Policy, WidgetErrorCode } from './api.js'
export type { BbbSpacesEventMap, BbbSpacesEventName, EventSink } from './events.js'
export type { Locale } from './i18n/locale.js'
export type { MeetingButtonProps, SpaceMeetingsProps, AdminConsoleProps }

/** Start / join one room of a space (see the standalone docs for the states). Needs `BbbSpacesProvider`. */
export function MeetingButton(props: MeetingButtonProps) {
  return createElement(ShadowContainer, null, createElement(MeetingButtonView, props))
}

/** A space's rooms with live status, room management for managers. Needs `BbbSpacesProvider`. */
export function SpaceMeetings(props: SpaceMeetingsProps) {
  return createElement(ShadowContainer, null, createElement(SpaceMeetingsView, props))
}

/** Licence usage, limits and policies, audit (token claim `admin: true`). Needs `BbbSpacesProvider`. */
export function AdminConsole(props: AdminConsoleProps) {
  return createElement(ShadowContainer, null, createElement(Suspense, { fallback: null }, createElement(AdminConsoleView, props)))
}

// Few pages show the console: it is a chunk of its own, loaded on first render, keeping the entry small.
const AdminConsoleView = lazy(() => import('./components/admin/AdminConsole.js').then((m) => ({ default: m.AdminConsole })))
