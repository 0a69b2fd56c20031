import { FONT_FAMILY, FONT_SIZE, TOKEN_DECLARATIONS } from './tokens.js'

/**
 * The widget's stylesheet, applied inside its shadow root. Hosts theme it through custom properties (which,
 * unlike other styles, cross the shadow boundary): `--bbb-spaces-accent`, `--bbb-spaces-accent-text`,
 * `--bbb-spaces-font`, `--bbb-spaces-font-size`, `--bbb-spaces-text`, `--bbb-spaces-muted`,
 * `--bbb-spaces-surface`, `--bbb-spaces-border`, `--bbb-spaces-danger`, `--bbb-spaces-radius`,
 * `--bbb-spaces-focus` (their defaults are the shared design tokens, `tokens.ts`, the room-link page uses too).
 */
export const WIDGET_CSS = `
:host{display:block}
.bbb-root{all:initial;display:block;box-sizing:border-box;${TOKEN_DECLARATIONS}
font-family:${FONT_FAMILY};font-size:${FONT_SIZE};line-height:1.45;color:var(--tx);text-align:start;direction:inherit}
.bbb-root *,.bbb-root *::before,.bbb-root *::after{box-sizing:border-box}
.bbb-root p{margin:.35em 0}
.bbb-card{background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);padding:1em}
.bbb-head,.bbb-room-head,.bbb-dialog-head{display:flex;align-items:center;justify-content:space-between;gap:.5em;flex-wrap:wrap}
.bbb-h2{font-size:1.2em;margin:0 0 .5em;font-weight:650}
.bbb-h3{font-size:1.05em;margin:0;font-weight:650;display:flex;align-items:center;gap:.4em}
.bbb-h4{font-size:.95em;margin:.6em 0 .2em;font-weight:600}
.bbb-rooms{list-style:none;margin:0;padding:0;display:grid;gap:.75em}
.bbb-room{border-top:1px solid var(--bd);padding-top:.75em}
.bbb-room:first-child{border-top:0;padding-top:0}
.bbb-tools,.bbb-invite-actions{display:flex;gap:.4em;flex-wrap:wrap;align-items:center}
.bbb-attendees ul,.bbb-recs ul,.bbb-past ul{margin:.2em 0;padding-left:1.2em}
.bbb-recs li,.bbb-past li{margin:.2em 0}
.bbb-dot{display:inline-block;width:.6em;height:.6em;border-radius:50%;background:#1e7d32}
.bbb-join{margin:.5em 0}
.bbb-join-row{display:flex;gap:.5em;flex-wrap:wrap;align-items:center}
.bbb-btn{all:unset;box-sizing:border-box;display:inline-flex;align-items:center;gap:.4em;cursor:pointer;
font:inherit;font-weight:600;padding:.45em .9em;border-radius:var(--r);border:1px solid var(--bd);background:var(--sf);
color:var(--tx);min-height:2.25em}
.bbb-btn:hover{background:#eef1f5}
.bbb-btn:focus-visible,.bbb-root a:focus-visible,.bbb-root input:focus-visible,.bbb-root select:focus-visible,
.bbb-root textarea:focus-visible,.bbb-root summary:focus-visible,.bbb-scroll:focus-visible{outline:3px solid var(--fc);outline-offset:2px}
.bbb-btn-primary{background:var(--a);border-color:var(--a);color:var(--at)}
.bbb-btn-primary:hover{background:var(--a);filter:brightness(.9)}
.bbb-btn-warn,.bbb-btn-warn:hover{background:#fff4d6;border-color:#8a5a00;color:#5c3c00;filter:none}
.bbb-btn-danger{background:var(--dg);border-color:var(--dg);color:#fff;margin-top:.4em}
.bbb-btn-danger:hover{background:var(--dg);filter:brightness(.9)}
.bbb-btn-quiet{border-color:transparent;color:var(--a);font-weight:500;padding:.3em .5em}
.bbb-btn-icon{padding:.2em .6em;font-size:1.2em;line-height:1}
.bbb-btn[disabled],.bbb-btn[aria-disabled=true]{cursor:default;opacity:.85}
.bbb-spinner{width:.9em;height:.9em;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;
animation:bbb-spin .9s linear infinite}
@keyframes bbb-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.bbb-spinner{animation:none}}
.bbb-status{color:var(--mu);font-size:.92em}
.bbb-muted{color:var(--mu)}
.bbb-error{color:var(--dg);font-weight:600}
.bbb-note{font-size:.92em}
.bbb-root a{color:var(--a);text-decoration:underline}
.bbb-sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap;border:0}
.bbb-dialog{border:1px solid var(--bd);border-radius:var(--r);padding:1em 1.2em;max-width:min(32em,92vw);width:100%;
color:var(--tx);background:var(--sf);font:inherit}
.bbb-dialog::backdrop{background:#0008}
.bbb-form{display:grid;gap:.6em;grid-template-columns:minmax(0,1fr)}
.bbb-form fieldset{border:1px solid var(--bd);border-radius:var(--r);padding:.6em .8em;margin:0;display:grid;gap:.5em}
.bbb-form legend{font-weight:650;padding:0 .3em}
.bbb-field{display:grid;gap:.2em;grid-template-columns:minmax(0,1fr)}
.bbb-inline{display:flex;gap:.5em;align-items:center;margin:.3em 0}
.bbb-field label{font-weight:600;font-size:.95em}
.bbb-root input:not([type=checkbox]),.bbb-root select,.bbb-root textarea{font:inherit;color:var(--tx);background:var(--sf);
border:1px solid var(--bd);border-radius:var(--r);padding:.35em .5em;min-height:2.2em;max-width:100%}
.bbb-root input[aria-invalid=true]{border-color:var(--dg);border-width:2px}
.bbb-check{display:flex;gap:.2em .5em;align-items:center;flex-wrap:wrap}
.bbb-check label{flex:1;min-width:0}
.bbb-dialog-head{flex-wrap:nowrap;align-items:flex-start}
.bbb-group{border:1px solid var(--bd);border-radius:var(--r);padding:0 .8em}
.bbb-group>summary{cursor:pointer;font-weight:650;padding:.5em 0}
.bbb-group-body{display:grid;gap:.5em;padding:0 0 .7em}
.bbb-fixed{color:var(--mu);font-size:.88em;flex-basis:100%;padding-left:1.6em}
.bbb-code{display:grid;gap:.3em;border-top:1px solid var(--bd);padding-top:.5em}
.bbb-code-row{display:flex;gap:.6em;align-items:baseline;flex-wrap:wrap}
.bbb-code-label{font-weight:600}
.bbb-code-value{font:1.1em ui-monospace,monospace;letter-spacing:.1em}
.bbb-check input{width:1.1em;height:1.1em;accent-color:var(--a)}
.bbb-actions{display:flex;gap:.5em;justify-content:flex-end;flex-wrap:wrap;margin-top:.4em}
.bbb-section{margin-top:1em}
.bbb-gauges{display:grid;gap:.6em;grid-template-columns:repeat(auto-fit,minmax(12em,1fr));margin:.5em 0}
.bbb-gauge-label{display:flex;justify-content:space-between;gap:.5em;font-size:.92em}
.bbb-gauge-track{height:.6em;background:#e3e7ee;border-radius:.3em;overflow:hidden}
.bbb-gauge-bar{height:100%;background:var(--a)}
.bbb-gauge-high{background:var(--dg)}
.bbb-table{border-collapse:collapse;width:100%;font-size:.92em}
.bbb-table th,.bbb-table td{text-align:start;padding:.3em .5em;border-bottom:1px solid #d5dae1;vertical-align:top}
.bbb-scroll{overflow:auto;max-height:20em}
.bbb-detail{word-break:break-word;color:var(--mu)}
.bbb-root [hidden]{display:none!important}
.bbb-contents{display:contents}
.bbb-outage{background:#eef1f5;border-radius:var(--r);padding:.5em .75em}
.bbb-offline .bbb-btn{filter:grayscale(1);opacity:.55}
.bbb-next{margin:0 0 .75em}
.bbb-upcoming ul,.bbb-deliveries{margin:.2em 0;padding-left:1.2em}
.bbb-upcoming li,.bbb-deliveries li{margin:.3em 0}
.bbb-upcoming .bbb-h4{margin:.6em 0 .2em}
.bbb-upcoming .bbb-h4:focus{outline:none}
.bbb-row{display:flex;gap:.6em;flex-wrap:wrap;align-items:flex-end}
.bbb-row>.bbb-field{flex:1 1 8em}
.bbb-sched input:not([type=checkbox]),.bbb-sched select,.bbb-root textarea{width:100%}
.bbb-root textarea{font:inherit;color:var(--tx);background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);
padding:.35em .5em;resize:vertical}
.bbb-root textarea:focus-visible{outline:3px solid var(--fc);outline-offset:2px}
.bbb-hint{color:var(--mu);font-size:.88em}
.bbb-warn{background:#fff4d6;border:1px solid #8a5a00;color:#5c3c00;border-radius:var(--r);padding:.4em .8em}
`

let shared: CSSStyleSheet | null = null

/** Puts the widget's styles in a shadow root (a shared constructed sheet where supported, else a `<style>`). */
export function adoptStyles(root: ShadowRoot): void {
  try {
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
      shared ??= new CSSStyleSheet()
      if (shared.cssRules.length === 0) shared.replaceSync(WIDGET_CSS)
      if (!root.adoptedStyleSheets.includes(shared)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared]
      return
    }
  } catch {
    // Fall through to a <style> element.
  }
  const style = document.createElement('style')
  style.textContent = WIDGET_CSS
  root.prepend(style)
}

/**
 * The element the widget renders into inside `host`'s shadow root (created, with the widget's styles, on first
 * use; reused after): the one place both the standalone script and the React entry make their roots.
 */
export function shadowContainer(host: Element): HTMLElement {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  adoptStyles(root)
  let container = root.querySelector<HTMLElement>(':scope > .bbb-root')
  if (!container) {
    container = document.createElement('div')
    container.className = 'bbb-root'
    root.append(container)
  }
  return container
}
