/**
 * Every event the widget sends to the host page, as `CustomEvent`s named `bbb-spaces:<name>` dispatched on
 * the element the widget is mounted on (bubbling, composed), and to the `onEvent` prop of React hosts.
 */
export interface BbbSpacesEventMap {
  /** The widget mounted and fetched its first data. */
  ready: { spaceId: string | null }
  /** A room's meeting started or ended (as seen by polling). */
  status: { spaceId: string; roomId: string; running: boolean; participants: number }
  /** A join URL was granted and opened. */
  joined: { spaceId: string; roomId: string; role: 'MODERATOR' | 'VIEWER' }
  /** The user waits for a moderator to start the meeting. */
  waiting: { spaceId: string; roomId: string }
  /** A moderator ended a meeting from the widget. */
  ended: { spaceId: string; roomId: string }
  /** Something failed; `code` is the service's stable error code (or `network`). */
  error: { code: string; message: string; spaceId?: string; roomId?: string }
}

export type BbbSpacesEventName = keyof BbbSpacesEventMap

/** Receives the widget's events. */
export type EventSink = <K extends BbbSpacesEventName>(name: K, detail: BbbSpacesEventMap[K]) => void

/** An event sink dispatching `bbb-spaces:*` CustomEvents on an element. */
export function elementEventSink(target: EventTarget): EventSink {
  return (name, detail) => {
    try {
      target.dispatchEvent(new CustomEvent(`bbb-spaces:${name}`, { detail, bubbles: true, composed: true }))
    } catch (err) {
      console.error('[bbb-spaces]', err)
    }
  }
}
