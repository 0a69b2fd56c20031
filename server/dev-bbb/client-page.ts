import type { Meeting, Session } from './model.js'
import { esc } from './xml.js'
import { appliedSettings, settingsSection, type AppliedSettings } from './meeting-settings.js'

/** The JSON the client page polls: who you are, the meeting, who else is in, guests waiting. */
export interface ClientState {
  status: Session['state']
  meeting: { name: string; meetingID: string; running: boolean; logoutURL: string | null }
  you: { userID: string; internalUserID: string; fullName: string; role: string; guest: boolean }
  attendees: { userID: string; internalUserID: string; fullName: string; role: string; guest: boolean; you: boolean }[]
  /** Guests in the lobby (moderators only). */
  waitingGuests: { internalUserID: string; fullName: string }[]
  /** The meeting's presentation documents (create's modules, insertDocument), the current one first marked. */
  presentations: { name: string; current: boolean; state: 'fetching' | 'ready' | 'failed' }[]
  /** The create parameters a user notices (layout, welcome, locks, disabled features). */
  settings: AppliedSettings | null
}

/** `waiting`: the guests in the lobby, shown to a moderator who is in. */
export function clientState(session: Session, meeting: Meeting | undefined, waiting: readonly Session[]): ClientState {
  const attendees = meeting
    ? [...meeting.attendees.values()].map((a) => ({
        userID: a.userID,
        internalUserID: a.internalUserID,
        fullName: a.fullName,
        role: a.role,
        guest: a.guest,
        you: a.internalUserID === session.internalUserID,
      }))
    : []
  const waitingGuests: ClientState['waitingGuests'] =
    meeting && session.role === 'MODERATOR' && session.state === 'in'
      ? waiting.map((s) => ({ internalUserID: s.internalUserID, fullName: s.fullName }))
      : []
  return {
    status: session.state,
    meeting: {
      name: meeting?.name ?? '',
      meetingID: session.meetingID,
      running: !!meeting && meeting.state !== 'ended' && meeting.attendees.size > 0,
      logoutURL: meeting?.logoutURL ?? null,
    },
    you: {
      userID: session.userID,
      internalUserID: session.internalUserID,
      fullName: session.fullName,
      role: session.role,
      guest: session.guest,
    },
    attendees,
    waitingGuests,
    presentations: (meeting?.presentations ?? []).map((d) => ({ name: d.name, current: d.current, state: d.state })),
    settings: meeting ? appliedSettings(meeting, session.role) : null,
  }
}

const PRESENTATION_STATE = { fetching: 'downloading…', ready: 'ready', failed: 'could not be downloaded' } as const

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6fa;color:#1b1f24}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 .25rem}.dev{color:#6a4a00;background:#fff4d6;padding:.25rem .5rem;border-radius:4px;font-size:.85rem}
ul{padding-left:1.2rem}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #888;cursor:pointer}
#bbb-dev-leave{background:#b3261e;color:#fff;border-color:#b3261e}button:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
`

/** The development "client" a join redirects to. Server-rendered; a small inline script keeps it live. */
export function clientPage(state: ClientState, token: string, base: string, nonce: string): string {
  const you = state.you
  const roleText = you.role + (you.guest ? ' (guest)' : '')
  const list = state.attendees
    .map((a) => `<li data-user-id="${esc(a.userID)}">${esc(a.fullName)} — ${esc(a.role)}${a.guest ? ' (guest)' : ''}${a.you ? ' (you)' : ''}</li>`)
    .join('')
  const slides = state.presentations
    .map((d) => `<li data-state="${d.state}" data-current="${d.current}">${esc(d.name)}${d.current ? ' (current)' : ''} — ${PRESENTATION_STATE[d.state]}</li>`)
    .join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(state.meeting.name || 'Meeting')} — BigBlueButton (development)</title>
<style>${STYLE}</style>
</head>
<body>
<main id="bbb-dev-client" data-status="${esc(state.status)}">
<p class="dev">BigBlueButton development server — no audio or video here.</p>
<h1 id="bbb-dev-meeting-name">${esc(state.meeting.name)}</h1>
<p>You are <strong id="bbb-dev-user-name">${esc(you.fullName)}</strong>,
<span id="bbb-dev-user-role" data-role="${esc(you.role)}" data-guest="${you.guest}">${esc(roleText)}</span>.</p>
<p id="bbb-dev-status" role="status" aria-live="polite"></p>
<section id="bbb-dev-waiting" aria-labelledby="bbb-dev-waiting-title" hidden>
<h2 id="bbb-dev-waiting-title">Guests waiting to be admitted</h2>
<ul id="bbb-dev-waiting-list"></ul>
</section>
${settingsSection(state.settings)}
<section aria-labelledby="bbb-dev-attendees-title">
<h2 id="bbb-dev-attendees-title">In this meeting (<span id="bbb-dev-count">${state.attendees.length}</span>)</h2>
<ul id="bbb-dev-attendees">${list}</ul>
</section>
<section aria-labelledby="bbb-dev-presentations-title">
<h2 id="bbb-dev-presentations-title">Presentation (<span id="bbb-dev-presentations-count">${state.presentations.length}</span>)</h2>
<ul id="bbb-dev-presentations">${slides}</ul>
</section>
<button type="button" id="bbb-dev-leave">Leave</button>
</main>
<script nonce="${nonce}">
(() => {
  const token = ${JSON.stringify(token)}
  const base = ${JSON.stringify(base)}
  const q = '?sessionToken=' + encodeURIComponent(token)
  const $ = (id) => document.getElementById(id)
  let stopped = false
  const messages = {
    waiting: 'Please wait: a moderator must admit you.',
    denied: 'A moderator did not admit you to this meeting.',
    ended: 'The meeting has ended.',
    left: 'You left the meeting.',
    in: '',
    pending: '',
  }
  const slideStates = ${JSON.stringify(PRESENTATION_STATE)}
  function li(text, attrs) {
    const el = document.createElement('li')
    el.textContent = text
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v)
    return el
  }
  function render(s) {
    $('bbb-dev-client').dataset.status = s.status
    $('bbb-dev-status').textContent = messages[s.status] || ''
    $('bbb-dev-count').textContent = String(s.attendees.length)
    $('bbb-dev-attendees').replaceChildren(...s.attendees.map((a) =>
      li(a.fullName + ' — ' + a.role + (a.guest ? ' (guest)' : '') + (a.you ? ' (you)' : ''), { 'data-user-id': a.userID })))
    $('bbb-dev-presentations-count').textContent = String(s.presentations.length)
    $('bbb-dev-presentations').replaceChildren(...s.presentations.map((d) =>
      li(d.name + (d.current ? ' (current)' : '') + ' — ' + slideStates[d.state], { 'data-state': d.state, 'data-current': String(d.current) })))
    const waiting = $('bbb-dev-waiting')
    waiting.hidden = s.waitingGuests.length === 0
    $('bbb-dev-waiting-list').replaceChildren(...s.waitingGuests.map((g) => {
      const item = li(g.fullName + ' ')
      for (const decision of ['allow', 'deny']) {
        const b = document.createElement('button')
        b.type = 'button'
        b.className = 'bbb-dev-' + decision
        b.textContent = (decision === 'allow' ? 'Admit ' : 'Deny ') + g.fullName
        b.addEventListener('click', () => {
          fetch(base + 'client/admit' + q + '&userID=' + encodeURIComponent(g.internalUserID) + '&decision=' + decision,
            { method: 'POST' }).then(beat)
        })
        item.append(b)
      }
      return item
    }))
    if (s.status === 'left' || s.status === 'ended' || s.status === 'denied') {
      stopped = true
      $('bbb-dev-leave').disabled = true
    }
  }
  function beat() {
    if (stopped) return
    fetch(base + 'client/heartbeat' + q, { method: 'POST' })
      .then((r) => r.ok ? r.json() : null)
      .then((s) => { if (s) render(s) })
      .catch(() => {})
  }
  function leave() {
    if (stopped) return
    stopped = true
    navigator.sendBeacon(base + 'client/leave' + q)
  }
  $('bbb-dev-leave').addEventListener('click', () => {
    stopped = true
    fetch(base + 'client/leave' + q, { method: 'POST' }).then((r) => r.json()).then(render)
  })
  window.addEventListener('pagehide', leave)
  beat()
  setInterval(beat, 2000)
})()
</script>
</body>
</html>`
}

/** Where joins with errors and leaving users land when there is no logoutURL. */
export function landingPage(errors: string | undefined): string {
  let items = ''
  try {
    const parsed = errors ? (JSON.parse(errors) as { key?: string; message?: string }[]) : []
    items = parsed.map((e) => `<li><code>${esc(String(e.key))}</code> ${esc(String(e.message))}</li>`).join('')
  } catch {
    items = ''
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>BigBlueButton (development)</title>
<style>${STYLE}</style></head><body><main><h1>BigBlueButton development server</h1>
${items ? `<p>The join did not succeed:</p><ul id="bbb-dev-errors">${items}</ul>` : '<p>You are not in a meeting.</p>'}
</main></body></html>`
}

export function playbackPage(rec: { name: string; recordID: string; startTime: number; endTime: number }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(rec.name)} — recording</title>
<style>${STYLE}</style></head><body><main><h1 id="bbb-dev-recording-name">${esc(rec.name)}</h1>
<p>Recording <code id="bbb-dev-record-id">${esc(rec.recordID)}</code>, from ${new Date(rec.startTime).toISOString()}
to ${new Date(rec.endTime).toISOString()}. The development server records no media.</p></main></body></html>`
}
