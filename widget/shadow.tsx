import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { Announcer } from './context.js'
import { shadowContainer } from './styles.js'

/**
 * Renders its children inside a shadow root of its own `<div>`, with the widget's styles, so the host's CSS
 * cannot reach in and the widget's cannot leak out (React hosts; the standalone script makes its own roots).
 */
export function ShadowContainer(props: { children?: ReactNode; className?: string }) {
  const hostRef = useRef<HTMLDivElement>(null)
  const [container, setContainer] = useState<HTMLElement | null>(null)
  useLayoutEffect(() => {
    const host = hostRef.current
    if (!host) return
    setContainer(shadowContainer(host))
  }, [])
  return (
    <div ref={hostRef} className={props.className} data-bbb-spaces-host="">
      {container ? createPortal(<Announcer>{props.children}</Announcer>, container) : null}
    </div>
  )
}
