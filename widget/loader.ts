/**
 * The loader stub a host may paste inline instead of a plain script tag: `BbbSpaces.init(…)` works at once
 * (calls queue up) and the versioned bundle is fetched once, asynchronously. Kept dependency-free and tiny;
 * the README shows its minified form.
 */
export function installLoader(serviceUrl: string): void {
  const w = window as unknown as { BbbSpaces?: { q?: unknown[]; init?: (...a: unknown[]) => void } }
  if (w.BbbSpaces) return
  const q: unknown[] = []
  w.BbbSpaces = { q, init: (...a: unknown[]) => void q.push(['init', ...a]) }
  const s = document.createElement('script')
  s.async = true
  s.src = `${serviceUrl.replace(/\/+$/, '')}/widget/v1/bbb-spaces.js`
  document.head.append(s)
}
