/**
 * The admin console's own styles (with its script, not in every host page's), added inside the widget's shadow
 * root next to the shared sheet. Built to fit a 375 px phone: nothing is wider than the console, fieldsets may
 * shrink, long words break, the tables turn into stacked cards below 40em, and a scrolling box adds nothing to the
 * console's narrowest width (`width:0;min-width:100%`), so a host's grid or flex layout can shrink it.
 */
export const ADMIN_CSS = `
.bbb-admin{min-width:0;max-width:100%;overflow-wrap:anywhere}
.bbb-admin fieldset{min-width:0}
.bbb-scroll-x{overflow-x:auto}
.bbb-admin .bbb-scroll,.bbb-admin .bbb-scroll-x{width:0;min-width:100%}
.bbb-admin input:not([type=checkbox]):not([type=color]),.bbb-admin select,.bbb-admin textarea{max-width:100%;min-width:0;width:100%}
.bbb-radio{align-items:flex-start}
.bbb-admin .bbb-radio input[type=radio]{flex:none;width:1.1em;height:1.1em;min-height:0;padding:0;margin:.2em 0 0}
.bbb-indent{margin-inline-start:1.6em}
.bbb-admin .bbb-indent input.bbb-days{max-width:12em}
.bbb-admin textarea{font:inherit;color:var(--tx);background:var(--sf);border:1px solid var(--bd);border-radius:var(--r);padding:.35em .5em}
.bbb-admin .bbb-inline{flex-wrap:wrap}
.bbb-admin .bbb-inline select{flex:1 1 12em}
.bbb-saved{color:#1e6b2e;font-weight:650;align-self:center}
.bbb-grid2{display:grid;gap:.6em;grid-template-columns:repeat(auto-fit,minmax(min(15em,100%),1fr))}
.bbb-policy{display:grid;gap:.3em;padding:.4em 0;border-top:1px solid #e3e7ee}
.bbb-policy:first-of-type{border-top:0}
.bbb-policy-row{display:grid;gap:.4em;grid-template-columns:repeat(auto-fill,minmax(min(16em,100%),1fr));align-items:end}
.bbb-features{display:grid;gap:.2em .8em;grid-template-columns:repeat(auto-fit,minmax(min(13em,100%),1fr))}
.bbb-admin details>summary{cursor:pointer;font-weight:600;padding:.3em 0}
.bbb-admin details[open]>summary{margin-bottom:.4em}
.bbb-presets{list-style:none;margin:.3em 0;padding:0;display:grid;gap:.4em}
.bbb-presets li{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;justify-content:space-between;border-top:1px solid #e3e7ee;padding-top:.4em}
.bbb-tag{font-size:.85em;color:var(--mu);border:1px solid var(--bd);border-radius:1em;padding:0 .5em;white-space:nowrap}
.bbb-banner-preview{border-radius:var(--r);padding:.5em .8em;display:flex;gap:.6em;align-items:center;border:1px solid var(--bd)}
.bbb-banner-preview img{max-height:2.5em;max-width:8em}
.bbb-over{color:var(--dg);font-weight:650}
.bbb-bar{display:block;height:.5em;border-radius:.25em;background:#e3e7ee;overflow:hidden;margin-top:.2em;position:relative}
.bbb-bar>span{display:block;height:100%;background:var(--a)}
.bbb-bar>i{position:absolute;top:0;bottom:0;width:2px;background:#4a5563}
@media (max-width:40em){
.bbb-admin .bbb-stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.bbb-admin .bbb-stack tr{display:block;border-bottom:1px solid #d5dae1;padding:.3em 0}
.bbb-admin .bbb-stack th,.bbb-admin .bbb-stack td{display:block;border:0;padding:.1em 0}
.bbb-admin .bbb-stack td[data-label]::before{content:attr(data-label);font-weight:600;color:var(--mu)}
}
`
