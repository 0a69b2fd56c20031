import { useEffect, useState, type FormEvent } from 'react'
import type { SpaceBranding } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { Loading } from './Loading.js'
import { SaveBar, useSave } from './SaveBar.js'
import { getBranding, putBranding } from './admin-api.js'

const DEFAULT_COLOR = '#1a5fb4'

/** Black or white text, whichever reads better on a #RRGGBB background. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#000' : '#fff'
}

/** A space's branding (logo address, banner text and colour) with a preview, as the room-link page shows it. */
export function BrandingForm(props: { spaceId: string; onSaved: () => void }) {
  const { api, t } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const save = useSave()
  const [branding, setBranding] = useState<SpaceBranding | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [draft, setDraft] = useState<SpaceBranding>({})
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    getBranding(api, props.spaceId).then((b) => {
      setBranding(b)
      setDraft(b)
    }, setLoadError)
  }, [api, props.spaceId])

  const read = (form: HTMLFormElement): SpaceBranding => {
    const data = new FormData(form)
    const text = (name: string) => String(data.get(name) ?? '').trim() || null
    return { logo: text('logo'), bannerText: text('bannerText'), bannerColor: data.get('noColor') === 'on' ? null : text('bannerColor') }
  }
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const next = read(e.currentTarget)
    const ok = await save.run(async () => {
      const saved = await putBranding(api, props.spaceId, next)
      setBranding(saved)
      setDraft(saved)
    })
    if (ok) {
      setFormKey((k) => k + 1)
      props.onSaved()
    }
  }
  const title = ta('brand.title', { space: props.spaceId })
  if (loadError || !branding) return <Loading error={loadError} />
  const logoBad = save.error?.field === 'logo'
  return (
    <form
      key={formKey}
      className="bbb-form bbb-section"
      onSubmit={(e) => void submit(e)}
      onInput={(e) => {
        save.touched()
        setDraft(read(e.currentTarget))
      }}
      noValidate
      aria-label={title}
      data-bbb-branding-form
    >
      <h4 className="bbb-h4">{title}</h4>
      <div className="bbb-field">
        <label htmlFor="bbb-b-logo">{ta('brand.logo')}</label>
        <input
          id="bbb-b-logo"
          name="logo"
          type="url"
          inputMode="url"
          maxLength={2000}
          defaultValue={branding.logo ?? ''}
          aria-invalid={logoBad}
          {...(logoBad ? { 'aria-describedby': 'bbb-b-logo-error' } : {})}
        />
        {logoBad ? (
          <p className="bbb-error" id="bbb-b-logo-error">
            {ta('brand.badLogo')}
          </p>
        ) : null}
      </div>
      <div className="bbb-field">
        <label htmlFor="bbb-b-text">{ta('brand.bannerText')}</label>
        <input id="bbb-b-text" name="bannerText" maxLength={200} defaultValue={branding.bannerText ?? ''} />
      </div>
      <div className="bbb-grid2">
        <div className="bbb-field">
          <label htmlFor="bbb-b-color">{ta('brand.bannerColor')}</label>
          <input id="bbb-b-color" name="bannerColor" type="color" defaultValue={branding.bannerColor ?? DEFAULT_COLOR} style={{ minHeight: '2.2em', width: '4em' }} />
        </div>
        <div className="bbb-check">
          <input type="checkbox" id="bbb-b-nocolor" name="noColor" defaultChecked={!branding.bannerColor} />
          <label htmlFor="bbb-b-nocolor">{ta('brand.noColor')}</label>
        </div>
      </div>
      <div className="bbb-field">
        <span className="bbb-muted">{ta('brand.preview')}</span>
        <div className="bbb-banner-preview" style={draft.bannerColor ? { background: draft.bannerColor, color: textOn(draft.bannerColor) } : {}} data-bbb-branding-preview>
          {draft.logo && /^https:\/\//.test(draft.logo) ? <img src={draft.logo} alt="" /> : null}
          <span>{draft.bannerText ?? props.spaceId}</span>
        </div>
      </div>
      <SaveBar state={save} label={t('common.save')} action="save-branding" errorShown={logoBad} />
    </form>
  )
}
