import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { useAnnounce, useWidget } from '../context.js'
import { siblingScript } from '../sibling-script.js'
import type { SiblingViewsGlobal } from '../sibling-views.js'

const parts = new Map<string, ReturnType<typeof siblingScript<SiblingViewsGlobal<string>>>>()

/**
 * In the standalone script, a component whose view lives in an on-demand part (`file`, installing `globalName`):
 * it renders a placeholder element, loads the part the first time it mounts, and has the part render `view` with
 * these props into the placeholder, again on every render (see sibling-views.tsx for the part's side).
 */
export function siblingView<P extends object>(file: string, globalName: string, view: string) {
  // One loader per part, shared by its views: the part's script is added to the page once.
  let part = parts.get(file)
  if (!part) parts.set(file, (part = siblingScript<SiblingViewsGlobal<string>>(file, globalName, () => '/widget/v1/')))
  const loader = part
  return function SiblingView(props: P) {
    const { api, hub, locale } = useWidget()
    const announce = useAnnounce()
    const ref = useRef<HTMLDivElement>(null)
    const [ready, setReady] = useState(loader.installed)
    useEffect(() => {
      if (!ready) loader.load().then(setReady, (err: unknown) => console.error('[bbb-spaces]', err))
    }, [ready])
    useLayoutEffect(() => {
      if (ready && ref.current) ready.render(ref.current, view, props, { api, hub, locale, announce })
    })
    // A layout effect, so the part's view leaves in the same commit as this placeholder (its dialog returns focus
    // at once, see Dialog.tsx); a passive cleanup would run after the next paint, with the placeholder long gone.
    useLayoutEffect(() => {
      const el = ref.current
      return () => {
        if (el) loader.installed()?.unmount(el)
      }
    }, [])
    return <div ref={ref} className="bbb-contents" />
  }
}
