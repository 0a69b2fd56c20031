// The admin console's standalone script (`/widget/v1/bbb-spaces-admin.js`). Few people are admins: the main script
// (`bbb-spaces.js`) loads this one, from its own origin, only when a `data-bbb-view="admin"` element mounts, and
// hands it the page's client, status hub, language and event sink. It brings its own Preact (a second copy is
// cheaper than making every host pay for the console), so nothing of the main script's component tree is shared.
import { Component, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from './api.js'
import { AdminConsole } from './components/admin/AdminConsole.js'
import { Announcer, BbbSpacesProvider, type OpenIn } from './context.js'
import type { EventSink } from './events.js'
import { errorMessage } from './i18n/errors.js'
import { resolveLocale } from './i18n/locale.js'
import type { StatusHub } from './status-hub.js'

/** What the main script gives the console when it mounts it. */
export interface AdminMountOptions {
  serviceUrl: string
  getToken: () => string | Promise<string>
  /** The page's status hub (the console's own API client is made here: see `mount`). */
  hub: StatusHub
  locale?: string
  openIn?: OpenIn
  onEvent: EventSink
}

/** `window.BbbSpacesAdmin`, set when this script has run. */
export interface BbbSpacesAdminGlobal {
  version: '1'
  /** Renders the console into `container` (inside the widget's shadow root); returns its unmount. */
  mount(container: Element, options: AdminMountOptions): () => void
}

class Boundary extends Component<{ children: ReactNode; fallback: string; onError: (err: unknown) => void }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override componentDidCatch(err: unknown) {
    this.props.onError(err)
  }
  override render() {
    return this.state.failed ? <p className="bbb-error">{this.props.fallback}</p> : this.props.children
  }
}

function mount(container: Element, options: AdminMountOptions): () => void {
  const root = createRoot(container)
  // An API client of this script's own: its errors are this script's WidgetError class, which the console's
  // `instanceof` checks (field errors, words for codes) must recognise; the main script's would not be.
  const locale = resolveLocale(options.locale)
  const api = createApiClient({ serviceUrl: options.serviceUrl, getToken: options.getToken, locale })
  const onError = (err: unknown) => {
    console.error('[bbb-spaces]', err)
    options.onEvent('error', { code: 'internal_error', message: String((err as Error)?.message ?? err) })
  }
  root.render(
    <BbbSpacesProvider
      serviceUrl={options.serviceUrl}
      getToken={options.getToken}
      shared={{ api, hub: options.hub }}
      onEvent={options.onEvent}
      {...(options.locale ? { locale: options.locale } : {})}
      {...(options.openIn ? { openIn: options.openIn } : {})}
    >
      <Announcer>
        <Boundary fallback={errorMessage('unknown', locale)} onError={onError}>
          <AdminConsole />
        </Boundary>
      </Announcer>
    </BbbSpacesProvider>,
  )
  return () => root.unmount()
}

const api: BbbSpacesAdminGlobal = { version: '1', mount }
;(window as unknown as { BbbSpacesAdmin: BbbSpacesAdminGlobal }).BbbSpacesAdmin = api
document.dispatchEvent(new CustomEvent('bbb-spaces-admin:loaded'))
