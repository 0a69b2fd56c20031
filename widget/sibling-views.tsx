// The side of an on-demand part (bbb-spaces-schedule.js, bbb-spaces-room.js) that the main script talks to: the
// part installs a global with `render` and `unmount`, and the main script (components/sibling-view.tsx) has it
// render one of its views into an element of the main script's own tree, handing it the page's client, status
// hub, language and live region. The part brings its own Preact; nothing of the main script's tree is shared.
import type { ComponentType, ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { WidgetError, type ApiClient } from './api.js'
import { AnnounceTo, BbbSpacesProvider } from './context.js'
import type { Locale } from './i18n/locale.js'
import type { StatusHub } from './status-hub.js'

/** What the main script hands a part with each render. */
export interface SiblingContext {
  api: ApiClient
  hub: StatusHub
  locale: Locale
  /** The main script's live region for this widget. */
  announce: (text: string) => void
}

/** The global a part installs (`window.BbbSpacesSchedule`, `window.BbbSpacesRoom`). */
export interface SiblingViewsGlobal<V extends string> {
  version: '1'
  /** Renders `view` with `props` into `container` (again with new props on later calls). */
  render(container: Element, view: V, props: object, context: SiblingContext): void
  unmount(container: Element): void
}

const clients = new WeakMap<ApiClient, ApiClient>()

/**
 * The page's client, its refusals made this script's WidgetError: the views' `instanceof` checks (capacity
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

/** Installs `window[globalName]`, rendering these views (by name) for the main script. */
export function installViews<V extends string>(globalName: string, views: Readonly<Record<V, ComponentType<never>>>): void {
  const roots = new Map<Element, Root>()
  const part: SiblingViewsGlobal<V> = {
    version: '1',
    render(container, view, props, context) {
      let root = roots.get(container)
      if (!root) {
        root = createRoot(container)
        roots.set(container, root)
      }
      const View = views[view] as ComponentType<object>
      const content: ReactNode = <View {...props} />
      root.render(
        <BbbSpacesProvider serviceUrl="" getToken={() => ''} locale={context.locale} shared={{ api: ownErrors(context.api), hub: context.hub }}>
          <AnnounceTo announce={context.announce}>{content}</AnnounceTo>
        </BbbSpacesProvider>,
      )
    },
    unmount(container) {
      roots.get(container)?.unmount()
      roots.delete(container)
    },
  }
  ;(window as unknown as Record<string, SiblingViewsGlobal<V>>)[globalName] = part
}
