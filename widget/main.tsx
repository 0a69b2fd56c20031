import { Component, useEffect, useRef, useState, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { createApiClient } from './api.js'
import type { AdminMountOptions, BbbSpacesAdminGlobal } from './admin.js'
import { MeetingButton } from './components/MeetingButton.js'
import { SpaceMeetings } from './components/SpaceMeetings.js'
import { Announcer, BbbSpacesProvider, type OpenIn } from './context.js'
import { elementEventSink } from './events.js'
import { errorMessage } from './i18n/errors.js'
import { resolveLocale, translator } from './i18n/locale.js'
import { WIDGET_TEXTS } from './i18n/widget.js'
import { createStatusHub, type StatusHub } from './status-hub.js'
import { shadowContainer } from './styles.js'
import { mainScriptSrc, siblingScript } from './sibling-script.js'

declare const __BBB_SPACES_BUILD__: string

/** Options of `BbbSpaces.init`. */
export interface InitOptions {
  /** The service's base URL; default: the origin this script was loaded from. */
  serviceUrl?: string
  /** Returns the host platform's JWT for the current user (called before each request). */
  getToken: () => string | Promise<string>
  /** `fr` or `en`; default: the page's `lang`, else the browser's language. */
  locale?: string
  /** `new-tab` (default) or `same-tab`. */
  openIn?: OpenIn
  /** Poll interval when server push is unavailable; default 5000 ms. */
  pollIntervalMs?: number
  /** With server push, how often the room list (names, new rooms) is read again; default 60000 ms. */
  resyncIntervalMs?: number
}

/** The global `window.BbbSpaces`. */
export interface BbbSpacesGlobal {
  version: '1'
  /** The build that is running (git commit and date), for support. */
  fingerprint: string
  /** Configures the widget and mounts it on every `[data-bbb-space]`, `[data-bbb-view]` and `<bbb-meeting-button>`. */
  init(options: InitOptions): void
  /** Mounts (or remounts) the widget on one element. */
  mount(element: Element): void
  unmount(element: Element): void
  /** Calls queued by the loader stub before the script arrived. */
  q?: unknown[]
}

const SELECTOR = '[data-bbb-space], [data-bbb-view], bbb-meeting-button'
const scriptOrigin = (() => {
  try {
    return mainScriptSrc ? new URL(mainScriptSrc).origin : location.origin
  } catch {
    return ''
  }
})()

// The admin console is a script of its own (`bbb-spaces-admin.js`), loaded the first time an admin view mounts:
// admins are few, and every other page keeps a small widget.
let adminServiceUrl = ''
const adminScript = siblingScript<BbbSpacesAdminGlobal>('bbb-spaces-admin.js', 'BbbSpacesAdmin', () => `${adminServiceUrl.replace(/\/+$/, '')}/widget/v1/`)
function loadAdmin(serviceUrl: string): Promise<BbbSpacesAdminGlobal> {
  adminServiceUrl = serviceUrl
  return adminScript.load()
}

/** Loads the admin script, then lets it render the console (with its own Preact) into this element's root. */
function AdminView(props: { options: AdminMountOptions; target: Element }) {
  const ref = useRef<HTMLDivElement>(null)
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading')
  const locale = resolveLocale(props.options.locale)
  useEffect(() => {
    let unmount: (() => void) | null = null
    let live = true
    loadAdmin(props.options.serviceUrl).then(
      (admin) => {
        if (!live || !ref.current) return
        setState('ready')
        unmount = admin.mount(ref.current, props.options)
      },
      (err: unknown) => {
        if (!live) return
        setState('failed')
        report(err, props.target)
      },
    )
    return () => {
      live = false
      unmount?.()
    }
  }, [props.options, props.target])
  return (
    <>
      {state === 'loading' ? <p className="bbb-muted">{translator(WIDGET_TEXTS, locale)('status.loading')}</p> : null}
      {state === 'failed' ? <p className="bbb-error">{errorMessage('network', locale)}</p> : null}
      <div ref={ref} data-bbb-admin-root />
    </>
  )
}

let config: InitOptions | null = null
let shared: { api: ReturnType<typeof createApiClient>; hub: StatusHub } | null = null
const roots = new Map<Element, Root>()

function report(err: unknown, target: EventTarget = document) {
  console.error('[bbb-spaces]', err)
  elementEventSink(target)('error', { code: 'internal_error', message: String((err as Error)?.message ?? err) })
}

class Boundary extends Component<{ children: ReactNode; fallback: string; target: Element }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override componentDidCatch(err: unknown) {
    report(err, this.props.target)
  }
  override render() {
    return this.state.failed ? <p className="bbb-error">{this.props.fallback}</p> : this.props.children
  }
}

function viewFor(el: Element): ReactNode {
  if (el.localName === 'bbb-meeting-button') {
    const space = el.getAttribute('space') ?? ''
    const room = el.getAttribute('room')
    return <MeetingButton spaceId={space} {...(room ? { roomId: room } : {})} />
  }
  const view = el.getAttribute('data-bbb-view')
  const space = el.getAttribute('data-bbb-space') ?? ''
  if (view === 'button') {
    const room = el.getAttribute('data-bbb-room')
    return <MeetingButton spaceId={space} {...(room ? { roomId: room } : {})} />
  }
  const title = el.getAttribute('data-bbb-title')
  return <SpaceMeetings spaceId={space} {...(title ? { title } : {})} />
}

function mount(el: Element) {
  try {
    if (!config || !shared) return
    unmount(el)
    const container = shadowContainer(el)
    const openIn = (el.getAttribute('data-bbb-open-in') ?? el.getAttribute('open-in') ?? config.openIn) as OpenIn | undefined
    const root = createRoot(container)
    roots.set(el, root)
    if (el.getAttribute('data-bbb-view') === 'admin') {
      // The console brings its own provider and announcer (see admin.tsx).
      const options: AdminMountOptions = {
        serviceUrl: config.serviceUrl ?? scriptOrigin,
        getToken: config.getToken,
        hub: shared.hub,
        onEvent: elementEventSink(el),
        ...(config.locale ? { locale: config.locale } : {}),
        ...(openIn === 'same-tab' || openIn === 'new-tab' ? { openIn } : {}),
      }
      root.render(<AdminView options={options} target={el} />)
      return
    }
    root.render(
      <BbbSpacesProvider
        serviceUrl={config.serviceUrl ?? scriptOrigin}
        getToken={config.getToken}
        shared={shared}
        onEvent={elementEventSink(el)}
        {...(config.locale ? { locale: config.locale } : {})}
        {...(openIn === 'same-tab' || openIn === 'new-tab' ? { openIn } : {})}
      >
        <Announcer>
          <Boundary fallback={errorMessage('unknown', resolveLocale(config.locale))} target={el}>
            {viewFor(el)}
          </Boundary>
        </Announcer>
      </BbbSpacesProvider>,
    )
  } catch (err) {
    report(err, el)
  }
}

function unmount(el: Element) {
  const root = roots.get(el)
  if (!root) return
  roots.delete(el)
  try {
    root.unmount()
  } catch (err) {
    report(err, el)
  }
}

function scan(node: ParentNode = document) {
  for (const el of node.querySelectorAll(SELECTOR)) if (!roots.has(el)) mount(el)
}

let observer: MutationObserver | null = null

function init(options: InitOptions) {
  try {
    if (!options || typeof options.getToken !== 'function') {
      throw new TypeError('BbbSpaces.init needs { getToken }')
    }
    config = { ...options }
    shared?.hub.dispose()
    const locale = resolveLocale(options.locale)
    const client = { serviceUrl: options.serviceUrl ?? scriptOrigin, getToken: options.getToken, locale }
    const api = createApiClient(client)
    const hub = createStatusHub(api, {
      intervalMs: options.pollIntervalMs ?? 5000,
      ...(options.resyncIntervalMs ? { resyncMs: options.resyncIntervalMs } : {}),
      stream: client,
    })
    shared = { api, hub }
    for (const el of [...roots.keys()]) mount(el)
    const start = () => {
      scan()
      if (!observer) {
        observer = new MutationObserver((records) => {
          for (const r of records) {
            for (const n of r.removedNodes) {
              if (!(n instanceof Element)) continue
              for (const el of [...roots.keys()]) if (n === el || n.contains(el)) unmount(el)
            }
            for (const n of r.addedNodes) {
              if (!(n instanceof Element)) continue
              if (n.matches(SELECTOR) && !roots.has(n)) mount(n)
              scan(n)
            }
            if (r.type === 'attributes' && r.target instanceof Element && r.target.matches(SELECTOR)) mount(r.target)
          }
        })
        observer.observe(document.documentElement, {
          childList: true,
          subtree: true,
          attributes: true,
          attributeFilter: ['data-bbb-space', 'data-bbb-view', 'data-bbb-room', 'space', 'room'],
        })
      }
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true })
    else start()
  } catch (err) {
    report(err)
  }
}

class MeetingButtonElement extends HTMLElement {
  connectedCallback() {
    if (!roots.has(this)) mount(this)
  }
  disconnectedCallback() {
    // Moving the element in the page reconnects it right away; only a real removal unmounts.
    queueMicrotask(() => {
      if (!this.isConnected) unmount(this)
    })
  }
}

function install() {
  const previous = (window as unknown as { BbbSpaces?: BbbSpacesGlobal }).BbbSpaces
  const api: BbbSpacesGlobal = {
    version: '1',
    fingerprint: typeof __BBB_SPACES_BUILD__ === 'string' ? __BBB_SPACES_BUILD__ : 'dev',
    init,
    mount,
    unmount,
  }
  ;(window as unknown as { BbbSpaces: BbbSpacesGlobal }).BbbSpaces = api
  if (!customElements.get('bbb-meeting-button')) customElements.define('bbb-meeting-button', MeetingButtonElement)
  // Calls made through the loader stub before this script arrived, replayed in order.
  const queue = Array.isArray(previous?.q) ? previous.q : []
  for (const call of queue) {
    try {
      const [name, ...args] = call as [keyof BbbSpacesGlobal, ...unknown[]]
      const fn = api[name]
      if (typeof fn === 'function') (fn as (...a: unknown[]) => void)(...args)
    } catch (err) {
      report(err)
    }
  }
  document.dispatchEvent(new CustomEvent('bbb-spaces:loaded', { detail: { fingerprint: api.fingerprint } }))
}

try {
  install()
} catch (err) {
  console.error('[bbb-spaces]', err)
}
