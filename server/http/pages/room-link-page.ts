import type { Locale, RoomLinkPageData } from '../../contract/index.js'
import { pageText } from '../../i18n/index.js'

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const LANGUAGES: ReadonlyArray<{ locale: Locale; label: string }> = [
  { locale: 'fr', label: 'Français' },
  { locale: 'en', label: 'English' },
]

/**
 * The room-link page: styled and readable before (and without) its script, in the same layout the script then
 * renders (space, language switch, room name, the meeting's state), its data for the script as JSON.
 * `query` is the page's query string, kept by the language links (`?i=`, `?wait=`).
 */
export function roomLinkPageHtml(locale: Locale, data: Omit<RoomLinkPageData, 'locale'>, query: URLSearchParams = new URLSearchParams()): string {
  const title = data.found ? (data.name ?? '') : pageText('roomNotFoundTitle', locale)
  const state = !data.found ? 'notFound' : data.running ? 'running' : 'notStarted'
  const count = data.participants ?? 0
  const status = !data.found
    ? pageText('roomNotFound', locale)
    : data.running
      ? count === 1
        ? pageText('meetingRunningOne', locale)
        : pageText('meetingRunning', locale).replace('{count}', String(count))
      : pageText('meetingNotStarted', locale)
  const json = JSON.stringify({ ...data, locale } satisfies RoomLinkPageData).replace(/</g, '\\u003c')
  const languages = LANGUAGES.map(({ locale: l, label }) => {
    const q = new URLSearchParams(query)
    q.set('lang', l)
    return `<a href="?${escapeHtml(q.toString())}" lang="${l}" hreflang="${l}"${l === locale ? ' aria-current="true"' : ''}>${label}</a>`
  }).join('')
  const space = data.spaceName ? `<span>${escapeHtml(data.spaceName)}</span>` : ''
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · bbb-spaces</title>
<link rel="stylesheet" href="/r/assets/room-link.css">
</head>
<body>
<div id="room-link-root"><div class="bbbs-page"><header class="bbbs-top"><div class="bbbs-space">${space}</div>
<nav class="bbbs-lang" aria-label="${escapeHtml(pageText('language', locale))}">${languages}</nav></header>
<main class="bbbs-card"><h1>${escapeHtml(title)}</h1><p class="bbbs-state" data-state="${state}">${escapeHtml(status)}</p>
<noscript><p>${pageText('needsJavaScript', locale)}</p></noscript></main></div></div>
<script type="application/json" id="room-link-data">${json}</script>
<script type="module" src="/r/assets/room-link.js"></script>
</body>
</html>`
}
