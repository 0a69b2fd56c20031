/**
 * The design tokens the widget and the room-link page share: one short custom property each, defaulting to the
 * host's `--bbb-spaces-*` theme property (custom properties cross the shadow boundary, so a host themes the
 * widget with them), else to the project's own value. `TOKEN_DECLARATIONS` goes inside the rule of the element
 * that roots a design (`.bbb-root` in the widget's shadow root, `:root` on the link page).
 */
export const TOKENS = {
  /** Accent: primary buttons, links, gauges. */
  a: ['--bbb-spaces-accent', '#1a5fb4'],
  /** Text on the accent. */
  at: ['--bbb-spaces-accent-text', '#fff'],
  tx: ['--bbb-spaces-text', '#1b1f24'],
  mu: ['--bbb-spaces-muted', '#4a5361'],
  sf: ['--bbb-spaces-surface', '#fff'],
  bd: ['--bbb-spaces-border', '#8a94a3'],
  dg: ['--bbb-spaces-danger', '#b3261e'],
  r: ['--bbb-spaces-radius', '6px'],
  fc: ['--bbb-spaces-focus', '#1a5fb4'],
} as const satisfies Record<string, readonly [string, string]>

/** The font stack and base size (`--bbb-spaces-font`, `--bbb-spaces-font-size`). */
export const FONT_FAMILY = 'var(--bbb-spaces-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif)'
export const FONT_SIZE = 'var(--bbb-spaces-font-size,15px)'

/** `--a:var(--bbb-spaces-accent,#1a5fb4);…` for every token. */
export const TOKEN_DECLARATIONS = Object.entries(TOKENS)
  .map(([short, [host, fallback]]) => `--${short}:var(${host},${fallback});`)
  .join('')
