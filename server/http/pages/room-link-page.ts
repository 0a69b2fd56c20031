import type { Locale, RoomLinkPageData } from '../../contract/index.js'
import { pageText } from '../../i18n/index.js'

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The room-link page: readable without script (name and status in the HTML), its data for the script as JSON. */
export function roomLinkPageHtml(locale: Locale, data: Omit<RoomLinkPageData, 'locale'>): string {
  const title = data.found ? (data.name ?? '') : pageText('roomNotFoundTitle', locale)
  const status = pageText(!data.found ? 'roomNotFound' : data.running ? 'meetingRunning' : 'meetingNotStarted', locale)
  const json = JSON.stringify({ ...data, locale } satisfies RoomLinkPageData).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · bbb-spaces</title>
</head>
<body>
<div id="room-link-root"><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(status)}</p>
<noscript>${pageText('needsJavaScript', locale)}</noscript></main></div>
<script type="application/json" id="room-link-data">${json}</script>
<script type="module" src="/r/assets/room-link.js"></script>
</body>
</html>`
}
