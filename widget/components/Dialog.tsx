import { useLayoutEffect, useRef, type ReactNode } from 'react'
import { useWidget } from '../context.js'
import { useWidgetId } from '../hooks/use-widget-id.js'

/**
 * A modal dialog on the native `<dialog>`: the page behind is inert, focus stays inside, Esc closes, and focus
 * returns to the control that opened it.
 *
 * Opening and closing run as layout effects: their cleanup runs while the dialog is still in the page, in the same
 * commit that removes it. A passive effect's cleanup runs after the next paint (React, and Preact 11), so focus
 * would sit on the page's body in between, and a screen reader would announce it.
 */
export function Dialog(props: {
  title: string
  onClose: () => void
  /** Where focus goes when the control that opened the dialog is gone (e.g. "End meeting" once it ended). */
  returnFocus?: (root: Document | ShadowRoot) => HTMLElement | null
  children: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useWidgetId('bbb-dialog')
  const { t } = useWidget()
  const onClose = useRef(props.onClose)
  onClose.current = props.onClose
  const returnFocus = useRef(props.returnFocus)
  returnFocus.current = props.returnFocus

  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const root = dialog.getRootNode() as Document | ShadowRoot
    const opener = root.activeElement as HTMLElement | null
    if (!dialog.open) dialog.showModal()
    const first = dialog.querySelector<HTMLElement>('input, select, textarea, button:not([data-bbb-close])')
    first?.focus()
    const cancel = (e: Event) => {
      e.preventDefault()
      onClose.current()
    }
    dialog.addEventListener('cancel', cancel)
    return () => {
      dialog.removeEventListener('cancel', cancel)
      if (dialog.open) dialog.close()
      if (opener?.isConnected) opener.focus()
      else returnFocus.current?.(root)?.focus()
    }
  }, [])

  return (
    <dialog ref={ref} className="bbb-dialog" aria-labelledby={titleId}>
      <div className="bbb-dialog-head">
        <h2 id={titleId} className="bbb-h2">
          {props.title}
        </h2>
        <button type="button" className="bbb-btn bbb-btn-icon" aria-label={t('common.close')} data-bbb-close onClick={() => props.onClose()}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {props.children}
    </dialog>
  )
}
