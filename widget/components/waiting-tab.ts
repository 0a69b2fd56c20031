import { LINK_SHELL_CSS } from '../link/styles.js'

/**
 * The pre-opened tab of a member waiting for a moderator, drawn as the room-link page in its "waiting" state: the
 * link page's own shell styles (its design tokens, card and state line), the room's name as the heading, the
 * waiting words in a live status. The styles go in as a constructed stylesheet, which the host page's
 * Content-Security-Policy (inherited by the blank tab) does not block as it would a <link> to the service. The
 * tab stays a blank document of this page's origin, so the widget can still send it into the meeting once it
 * starts (a navigation to the service's page would take it out of reach).
 * Built with DOM calls and text only: no markup from data.
 */
export function drawWaitingTab(tab: Window, page: { lang: string; title: string; roomName: string; message: string }): void {
  const doc = tab.document
  doc.documentElement.lang = page.lang
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, text?: string) => {
    const el = Object.assign(doc.createElement(tag), props)
    if (text !== undefined) el.textContent = text
    return el
  }
  doc.head.replaceChildren(make('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), make('title', {}, page.title))
  try {
    const sheet = new (tab as Window & typeof globalThis).CSSStyleSheet()
    sheet.replaceSync(LINK_SHELL_CSS)
    doc.adoptedStyleSheets = [sheet]
  } catch {
    doc.head.append(make('style', {}, LINK_SHELL_CSS))
  }
  const status = make('p', { className: 'bbbs-state' }, page.message)
  status.setAttribute('role', 'status')
  status.setAttribute('aria-live', 'polite')
  status.dataset.state = 'waiting'
  const card = make('main', { className: 'bbbs-card' })
  card.append(make('h1', {}, page.roomName), status)
  const root = make('div', { className: 'bbbs-page' })
  root.append(card)
  doc.body.replaceChildren(root)
}
