/** Escapes text for XML element content and attribute values. */
export function esc(value: string | number | boolean): string {
  const s = String(value)
  if (!/[&<>"']/.test(s)) return s
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  )
}

/** `<name>value</name>`, escaped. */
export function el(name: string, value: string | number | boolean): string {
  return `<${name}>${esc(value)}</${name}>`
}

/** A CDATA section, split so that `]]>` inside the value stays safe. */
export function cdata(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
}

/** A whole `<response>` document from already rendered children. */
export function response(returncode: 'SUCCESS' | 'FAILED', inner = ''): string {
  return `<response><returncode>${returncode}</returncode>${inner}</response>`
}

/** `FAILED` with messageKey and message, as every bbb-web error. */
export function failed(messageKey: string, message: string): string {
  return response('FAILED', el('messageKey', messageKey) + el('message', message))
}

/** Java's `Date.toString()` in UTC, the format bbb-web uses for createDate. */
export function javaDate(ms: number): string {
  const d = new Date(ms)
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const p = (n: number) => String(n).padStart(2, '0')
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}
