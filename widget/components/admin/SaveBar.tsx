import { useState } from 'react'
import { useAnnounce, useTexts, useWidget } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'

/** A form's outcome: saved (shown until the next change), or a refusal in words (with the field it names). */
export interface SaveState {
  saving: boolean
  saved: boolean
  error: { field: string; text: string } | null
  /** Runs a save: "Saved." shown and announced on success, the error's words otherwise. */
  run(save: () => Promise<void>, words?: string): Promise<boolean>
  /** The form changed: "Saved." no longer holds. */
  touched(): void
}

export function useSave(): SaveState {
  const { errorText } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const announce = useAnnounce()
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<SaveState['error']>(null)
  return {
    saving,
    saved,
    error,
    async run(save, words) {
      setSaving(true)
      setSaved(false)
      setError(null)
      try {
        await save()
        setSaved(true)
        announce(words ?? ta('admin.saved'))
        return true
      } catch (err) {
        const details = (err as { details?: Record<string, unknown> })?.details
        const text = errorText(err)
        setError({ field: typeof details?.field === 'string' ? details.field : '', text })
        announce(text)
        return false
      } finally {
        setSaving(false)
      }
    },
    touched() {
      setSaved(false)
    },
  }
}

/** The form's buttons with its visible outcome beside them ("Saved.", or the refusal when no field shows it). */
export function SaveBar(props: { state: SaveState; label: string; action: string; errorShown?: boolean }) {
  const ta = useTexts(ADMIN_TEXTS)
  const { state } = props
  return (
    <>
      {state.error && !props.errorShown ? (
        <p className="bbb-error" role="alert" data-bbb-form-error>
          {state.error.text}
        </p>
      ) : null}
      <div className="bbb-actions">
        {state.saved ? (
          <span className="bbb-saved" data-bbb-saved>
            <span aria-hidden="true">✓ </span>
            {ta('admin.saved')}
          </span>
        ) : null}
        <button type="submit" className="bbb-btn bbb-btn-primary" disabled={state.saving} data-bbb-action={props.action}>
          {props.label}
        </button>
      </div>
    </>
  )
}
