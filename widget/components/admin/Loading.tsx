import { useWidget } from '../../context.js'

/** What a panel shows until its data is there: why it could not be read (an alert), else "Loading…". */
export function Loading(props: { error: unknown }) {
  const { t, errorText } = useWidget()
  return props.error ? (
    <p className="bbb-error" role="alert">
      {errorText(props.error)}
    </p>
  ) : (
    <p className="bbb-muted">{t('status.loading')}</p>
  )
}
