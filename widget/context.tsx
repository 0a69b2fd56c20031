import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { createApiClient, type ApiClient } from './api.js'
import type { EventSink } from './events.js'
import { interimErrorText, loadedErrorWords, loadErrorWords, withErrorWords } from './i18n/errors-on-demand.js'
import { resolveLocale, translator, type Locale, type Texts, type Translate } from './i18n/locale.js'
import { WIDGET_TEXTS, type WidgetTextKey } from './i18n/widget.js'
import { createStatusHub, type SpaceSnapshot, type StatusHub } from './status-hub.js'

/** How a meeting opens: a new tab (default) or this tab. */
export type OpenIn = 'new-tab' | 'same-tab'

export interface WidgetContextValue {
  api: ApiClient
  hub: StatusHub
  /** The entry's words ({@link WIDGET_TEXTS}) in the widget's language. */
  t: Translate<WidgetTextKey>
  /** What to tell the person about a failure, in the widget's language. */
  errorText: (err: unknown) => string
  locale: Locale
  openIn: OpenIn
  emit: EventSink
}

const WidgetContext = createContext<WidgetContextValue | null>(null)

/** Options shared by every widget under one provider. */
export interface BbbSpacesProviderProps {
  /** The service's base URL, e.g. `https://meet.example.org`. */
  serviceUrl: string
  /** Returns the host platform's JWT for the current user (called before each request). */
  getToken: () => string | Promise<string>
  /** `fr` or `en`; default: the document's `lang`, else the browser's language. */
  locale?: string
  /** Default `new-tab`. */
  openIn?: OpenIn
  /** Poll interval when server push is unavailable; default 5000 ms. */
  pollIntervalMs?: number
  /** With server push, how often the room list (names, new rooms) is read again; default 60000 ms. */
  resyncIntervalMs?: number
  /** Receives `ready`, `status`, `joined`, `waiting`, `ended` and `error` events. */
  onEvent?: EventSink
  /** A client and poll shared with other providers (the standalone script shares one per page). */
  shared?: { api: ApiClient; hub: StatusHub }
  children?: ReactNode
}

/** Gives the widgets below it the service, the user's token and the language. */
export function BbbSpacesProvider(props: BbbSpacesProviderProps) {
  const tokenRef = useRef(props.getToken)
  tokenRef.current = props.getToken
  const eventRef = useRef(props.onEvent)
  eventRef.current = props.onEvent
  const locale = resolveLocale(props.locale)
  const shared = props.shared
  const ownApi = useMemo(
    () => (shared ? null : withErrorWords(createApiClient({ serviceUrl: props.serviceUrl, getToken: () => tokenRef.current(), locale }))),
    [shared, props.serviceUrl, locale],
  )
  const ownHub = useMemo(
    () =>
      ownApi
        ? createStatusHub(ownApi, {
            intervalMs: props.pollIntervalMs ?? 5000,
            ...(props.resyncIntervalMs ? { resyncMs: props.resyncIntervalMs } : {}),
            stream: { serviceUrl: props.serviceUrl, getToken: () => tokenRef.current() },
          })
        : null,
    [ownApi, props.pollIntervalMs, props.resyncIntervalMs, props.serviceUrl],
  )
  useEffect(() => () => ownHub?.dispose(), [ownHub])
  const sharedApi = useMemo(() => (shared ? withErrorWords(shared.api) : null), [shared])
  const api = sharedApi ?? ownApi!
  const hub = shared?.hub ?? ownHub!
  // The words of error codes come with the first failure (see errors-on-demand.ts): the widgets say it again then.
  const [errorWords, setErrorWords] = useState(loadedErrorWords)
  const errorText = useCallback(
    (err: unknown) => {
      const words = loadedErrorWords()
      if (words) return words.errorText(err, locale)
      loadErrorWords().then(setErrorWords, () => {})
      return interimErrorText(err, locale)
    },
    // With errorWords: a new function once the words are there, so that what was shown before them is shown again.
    [locale, errorWords],
  )
  const emit = useCallback<EventSink>((name, detail) => {
    try {
      eventRef.current?.(name, detail)
    } catch (err) {
      console.error('[bbb-spaces]', err)
    }
  }, [])
  const value = useMemo<WidgetContextValue>(
    () => ({
      api,
      hub,
      t: translator(WIDGET_TEXTS, locale),
      errorText,
      locale,
      openIn: props.openIn ?? 'new-tab',
      emit,
    }),
    [api, hub, locale, props.openIn, emit, errorText],
  )
  return <WidgetContext.Provider value={value}>{props.children}</WidgetContext.Provider>
}

/** The provider's value; throws when a widget is used outside `BbbSpacesProvider`. */
export function useWidget(): WidgetContextValue {
  const value = useContext(WidgetContext)
  if (!value) throw new Error('bbb-spaces: wrap the widget in <BbbSpacesProvider>')
  return value
}

/** A section of the catalogue loaded with its chunk (admin, recordings), in the widget's language. */
export function useTexts<T extends Texts>(texts: T): Translate<keyof T & string> {
  const { locale } = useWidget()
  return useMemo(() => translator(texts, locale), [texts, locale])
}

/** A space's rooms, kept fresh by the shared stream (or poll). */
export function useSpace(spaceId: string): SpaceSnapshot {
  const { hub } = useWidget()
  const [snapshot, setSnapshot] = useState(() => hub.get(spaceId))
  useEffect(() => {
    setSnapshot(hub.get(spaceId))
    return hub.subscribe(spaceId, setSnapshot)
  }, [hub, spaceId])
  return snapshot
}

const AnnounceContext = createContext<(text: string) => void>(() => {})

/**
 * One polite live region per mounted widget: status changes (started, ended, waiting, refused) are read out
 * once, without moving focus.
 */
export function Announcer({ children }: { children?: ReactNode }) {
  const [message, setMessage] = useState('')
  const announce = useCallback((text: string) => {
    // Clearing first makes a repeated message be read again.
    setMessage('')
    setTimeout(() => setMessage(text), 50)
  }, [])
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="bbb-sr-only" aria-live="polite" aria-atomic="true" data-bbb-live>
        {message}
      </div>
    </AnnounceContext.Provider>
  )
}

/** Announces through a live region that is already there (an on-demand part's views, through the main script's). */
export function AnnounceTo(props: { announce: (text: string) => void; children?: ReactNode }) {
  return <AnnounceContext.Provider value={props.announce}>{props.children}</AnnounceContext.Provider>
}

export function useAnnounce(): (text: string) => void {
  return useContext(AnnounceContext)
}
