import { createRoot } from 'react-dom/client'
import type { Locale } from '../i18n/locale.js'
import { LINK_TEXTS } from '../i18n/link.js'
import { RoomLinkPage, type RoomLinkData } from './RoomLinkPage.js'

const dataElement = document.getElementById('room-link-data')
const root = document.getElementById('room-link-root')
if (dataElement && root) {
  const data = JSON.parse(dataElement.textContent ?? '{}') as RoomLinkData
  const query = new URLSearchParams(window.location.search)
  // A new language keeps the page as it is (what was typed, the waiting), and the address says it for a reload.
  const onLocale = (locale: Locale) => {
    document.documentElement.lang = locale
    if (!data.found) document.title = `${LINK_TEXTS['link.notFoundTitle'][locale]} · bbb-spaces`
    const url = new URL(window.location.href)
    url.searchParams.set('lang', locale)
    window.history.replaceState(window.history.state, '', url)
  }
  createRoot(root).render(<RoomLinkPage data={data} memberWaiting={query.get('wait') === '1'} invitationToken={query.get('i')} onLocale={onLocale} />)
}
