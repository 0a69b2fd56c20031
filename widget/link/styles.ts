import { FONT_FAMILY, FONT_SIZE, TOKEN_DECLARATIONS } from '../tokens.js'

/** What the page and a member's waiting tab (widget/components/waiting-tab.ts) share: the tokens, the page, the card,
 * its heading and the state line (the page adds its marker dot). */
export const LINK_SHELL_CSS = `
:root{${TOKEN_DECLARATIONS}--page:#eef1f5;--ok:#1e7d32;--warn:#8a5a00;
font-family:${FONT_FAMILY};font-size:${FONT_SIZE};line-height:1.5;color:var(--tx);background:var(--page)}
body{margin:0;min-height:100vh;background:var(--page)}
.bbbs-page{max-width:34rem;margin:0 auto;padding:1rem 1rem 3rem;display:flex;flex-direction:column;gap:1rem}
.bbbs-card{background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);padding:1.25rem;display:grid;gap:1rem;
box-shadow:0 1px 3px #0001}
.bbbs-card h1{margin:0;font-size:1.5em;line-height:1.25;font-weight:700;overflow-wrap:anywhere}
.bbbs-card p{margin:0}
.bbbs-state{display:flex;gap:.6rem;align-items:flex-start;padding:.7rem .85rem;border-radius:var(--r);
background:var(--page);border-inline-start:4px solid var(--mu)}
.bbbs-state[data-state=waiting]{border-color:var(--a)}
`

/**
 * The room-link page's stylesheet (`/r/assets/room-link.css`, written by `widget/link/build.mjs`): the widget's
 * design tokens on `:root`, so a partner sees the same buttons, fields and colours as members do in the
 * widget. Sizes are in rem and the layout is one fluid column: readable on a 375 px phone and at 200 % zoom.
 */
export const LINK_CSS = `${LINK_SHELL_CSS}
.bbbs-state::before{content:"";flex:none;width:.7rem;height:.7rem;margin-top:.45em;border-radius:50%;background:var(--mu)}
.bbbs-state[data-state=waiting]::before{background:var(--a);animation:bbbs-pulse 1.4s ease-in-out infinite}
@keyframes bbbs-pulse{50%{opacity:.3}}
@media (prefers-reduced-motion:reduce){.bbbs-state::before{animation:none!important}}
*,*::before,*::after{box-sizing:border-box}
.bbbs-top{display:flex;align-items:center;justify-content:space-between;gap:.75rem;flex-wrap:wrap}
.bbbs-space{display:flex;align-items:center;gap:.6rem;min-width:0;font-weight:650;font-size:1.05em;overflow-wrap:anywhere}
.bbbs-logo{max-height:2.5rem;max-width:8rem;width:auto;height:auto;display:block}
.bbbs-lang{display:flex;gap:.25rem;margin-inline-start:auto}
.bbbs-lang a{color:var(--a);text-decoration:underline;padding:.35rem .55rem;border-radius:var(--r);min-height:2.25rem;
display:inline-flex;align-items:center}
.bbbs-lang a[aria-current=true]{color:var(--tx);text-decoration:none;font-weight:650;background:var(--sf);border:1px solid var(--bd)}
.bbbs-banner{margin:0;padding:.6rem .9rem;border-radius:var(--r);background:var(--a);color:var(--at);font-weight:600;overflow-wrap:anywhere}
.bbbs-state[data-state=running]{border-color:var(--ok)}
.bbbs-state[data-state=running]::before,.bbbs-state[data-state=admitted]::before,.bbbs-state[data-state=starting]::before{background:var(--ok)}
.bbbs-state[data-state=admitted],.bbbs-state[data-state=starting]{border-color:var(--ok)}
.bbbs-state[data-state=full],.bbbs-state[data-state=notFound]{border-color:var(--dg)}
.bbbs-state[data-state=full]::before,.bbbs-state[data-state=notFound]::before{background:var(--dg)}
.bbbs-state[data-state=notOpenYet]{border-color:var(--warn)}
.bbbs-state[data-state=notOpenYet]::before{background:var(--warn)}
.bbbs-note{color:var(--mu)}
.bbbs-access{padding:.7rem .85rem;border-radius:var(--r);border:1px solid var(--bd)}
.bbbs-access-refused{border-color:var(--dg);color:var(--dg);font-weight:600}
.bbbs-form{display:grid;gap:.9rem}
.bbbs-field{display:grid;gap:.3rem}
.bbbs-field label{font-weight:600}
.bbbs-field small{color:var(--mu);font-size:.9em}
.bbbs-field input{font:inherit;font-size:1.05em;color:var(--tx);background:var(--sf);border:1px solid var(--bd);
border-radius:var(--r);padding:.55rem .7rem;min-height:2.75rem;width:100%}
.bbbs-field input[aria-invalid=true]{border-color:var(--dg);border-width:2px}
.bbbs-btn{font:inherit;font-weight:650;display:inline-flex;align-items:center;justify-content:center;gap:.5rem;
min-height:2.75rem;padding:.55rem 1.2rem;border-radius:var(--r);border:1px solid var(--bd);background:var(--sf);color:var(--tx);
cursor:pointer;text-decoration:none;text-align:center}
.bbbs-btn-primary{background:var(--a);border-color:var(--a);color:var(--at);width:100%}
.bbbs-btn-primary:hover{filter:brightness(.9)}
.bbbs-btn[disabled]{cursor:default;opacity:.7}
.bbbs-btn:focus-visible,.bbbs-lang a:focus-visible,.bbbs-field input:focus-visible,.bbbs-error:focus-visible,
.bbbs-link:focus-visible{outline:3px solid var(--fc);outline-offset:2px}
.bbbs-error{color:var(--dg);font-weight:600}
.bbbs-link{color:var(--a)}
.bbbs-account{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
.bbbs-account form{margin:0}
.bbbs-foot{color:var(--mu);font-size:.85em;text-align:center}
`
