import { useEffect, useState, type FormEvent } from 'react'
import { WidgetError } from '../../api.js'
import type { SpaceRetention } from '../../../server/contract/index.js'
import { useTexts, useWidget } from '../../context.js'
import { RETENTION_TEXTS } from '../../i18n/retention.js'
import { useWidgetId } from '../../hooks/use-widget-id.js'
import { Loading } from './Loading.js'
import { SaveBar, useSave } from './SaveBar.js'
import { deleteSpaceRetention, getSpaceRetention, putSpaceRetention } from './admin-api.js'

/** The space's rule as chosen in the form: the global one, its own number of days, or kept until deleted. */
type Choice = 'global' | 'days' | 'kept'

const choiceOf = (space: SpaceRetention): Choice => (space.override === null ? 'global' : space.override.recordingDays === null ? 'kept' : 'days')

/**
 * One space's own rule for its recordings (`GET/PUT/DELETE /admin/spaces/:spaceId/retention`): the rule in force
 * and whose it is; "The global rule" saved removes the space's own. A refused number of days is shown beside its
 * field in words (the typed value stays); "Saved." is announced, like the console's other forms.
 */
export function SpaceRetentionForm(props: { spaceId: string; onSaved: () => void }) {
  const { api, t, locale } = useWidget()
  const tr = useTexts(RETENTION_TEXTS)
  const save = useSave()
  // The global rule too: the "global rule" choice says what it is even while the space has its own.
  const [view, setView] = useState<{ space: SpaceRetention; global: number | null } | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [choice, setChoice] = useState<Choice>('global')
  const [formKey, setFormKey] = useState(0)
  const id = useWidgetId('bbb-sr')

  useEffect(() => {
    Promise.all([getSpaceRetention(api, props.spaceId), api.getRetention()]).then(([space, global]) => {
      setView({ space, global: global.recordingDays })
      setChoice(choiceOf(space))
    }, setLoadError)
  }, [api, props.spaceId])

  if (loadError || !view) return <Loading error={loadError} />

  const rule = (days: number | null) =>
    days === null ? tr('retention.space.kept') : tr(days === 1 ? 'retention.space.days.one' : 'retention.space.days.other', { n: days.toLocaleString(locale) })
  // The service's refusal of the number (`invalid_request` naming `recordingDays`), and an empty field, in words.
  const badDays = (cause?: unknown) =>
    new WidgetError('invalid_request', tr('retention.space.badDays'), { status: 400, details: { field: 'recordingDays' }, cause })
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const typed = String(new FormData(e.currentTarget).get('recordingDays') ?? '').trim()
    const send = async (): Promise<SpaceRetention> => {
      if (choice === 'global') return deleteSpaceRetention(api, props.spaceId)
      if (choice === 'kept') return putSpaceRetention(api, props.spaceId, null)
      // Never Number(''): 0 would be refused anyway, and a NaN would travel as null, "kept until deleted".
      if (typed === '') throw badDays()
      try {
        return await putSpaceRetention(api, props.spaceId, Number(typed))
      } catch (err) {
        throw err instanceof WidgetError && err.code === 'invalid_request' && err.details?.field === 'recordingDays' ? badDays(err) : err
      }
    }
    const ok = await save.run(
      async () => {
        const space = await send()
        setView({ space, global: view.global })
        setChoice(choiceOf(space))
      },
      choice === 'global' ? tr('retention.space.backToGlobal') : undefined,
    )
    if (ok) {
      setFormKey((k) => k + 1)
      props.onSaved()
    }
  }

  const { space } = view
  const title = tr('retention.space.title', { space: props.spaceId })
  const bad = save.error?.field === 'recordingDays'
  const radio = (value: Choice, label: string) => (
    <div className="bbb-check bbb-radio">
      <input
        type="radio"
        id={`${id}-${value}`}
        name="rule"
        value={value}
        checked={choice === value}
        onChange={() => setChoice(value)}
      />
      <label htmlFor={`${id}-${value}`}>{label}</label>
    </div>
  )
  return (
    <form key={formKey} className="bbb-form bbb-section" onSubmit={(e) => void submit(e)} onInput={save.touched} noValidate aria-label={title} data-bbb-space-retention={props.spaceId}>
      <h4 className="bbb-h4">{title}</h4>
      <p data-bbb-retention-in-force={space.override === null ? 'global' : 'own'}>
        {tr(space.override === null ? 'retention.space.global' : 'retention.space.own', { rule: rule(space.recordingDays) })}
      </p>
      <fieldset>
        <legend>{tr('retention.space.rule')}</legend>
        {radio('global', tr('retention.space.useGlobal', { rule: rule(view.global) }))}
        {radio('days', tr('retention.space.useDays'))}
        <div className="bbb-field bbb-indent">
          <label htmlFor={`${id}-number`}>{tr('retention.space.daysField')}</label>
          <input
            id={`${id}-number`}
            name="recordingDays"
            type="number"
            min={1}
            max={3650}
            step={1}
            inputMode="numeric"
            className="bbb-days"
            defaultValue={space.override?.recordingDays ?? ''}
            // Typing a number chooses it.
            onInput={() => setChoice('days')}
            aria-invalid={bad}
            {...(bad ? { 'aria-describedby': `${id}-error` } : {})}
          />
          {bad ? (
            <p className="bbb-error" id={`${id}-error`} data-bbb-field-error="recordingDays">
              {save.error!.text}
            </p>
          ) : null}
        </div>
        {radio('kept', tr('retention.space.useKept'))}
      </fieldset>
      <SaveBar state={save} label={t('common.save')} action="save-space-retention" errorShown={bad} />
    </form>
  )
}
