import type { XmlValue } from './xml-value.js'

/** Thrown when the fast scanner meets something it does not handle; the caller then parses with xml2js. */
class Unsupported extends Error {}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

interface Frame {
  name: string
  /** Attributes (`$`) and children, in document order; the text is added as `_` when the element closes. */
  obj: Record<string, XmlValue> | null
  text: string
  cdata: boolean
}

/**
 * Parses the XML answers bbb-web writes into exactly the value xml2js gives with the options of `parseXml`
 * (`explicitArray: false`, `trim: true`, `emptyTag: ''`, attributes under `$`, text under `_`), several times
 * faster. It does not validate: anything outside that plain subset (a DOCTYPE, an unknown or malformed entity, a
 * carriage return, mismatched or unclosed tags, duplicate attributes, unquoted values, text outside the root…)
 * returns `undefined`, so the caller parses with xml2js and gets its verdict and errors.
 */
export function scanXml(input: string): { root: string; value: XmlValue } | undefined {
  try {
    return scan(input)
  } catch (err) {
    if (err instanceof Unsupported) return undefined
    throw err
  }
}

function scan(input: string): { root: string; value: XmlValue } {
  const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  if (src.includes('\r') || src.includes('<!DOCTYPE') || src.includes('<!ENTITY')) throw new Unsupported()
  const stack: Frame[] = []
  let top: Frame | undefined
  let result: { root: string; value: XmlValue } | undefined
  let i = 0
  const n = src.length
  const close = (frame: Frame) => {
    stack.pop()
    top = stack[stack.length - 1]
    const value = finish(frame)
    if (top) assign((top.obj ??= {}), frame.name, value)
    else result = { root: frame.name, value }
  }
  while (i < n) {
    const lt = src.indexOf('<', i)
    const end = lt === -1 ? n : lt
    if (end > i) {
      const raw = src.slice(i, end)
      if (top) top.text += raw.includes('&') ? decode(raw) : raw
      else if (raw.trim() !== '') throw new Unsupported()
    }
    if (lt === -1) break
    if (result) throw new Unsupported()
    const c = src.charCodeAt(lt + 1)
    if (c === 0x2f /* / */) {
      if (!top || !src.startsWith(top.name, lt + 2)) throw new Unsupported()
      let j = lt + 2 + top.name.length
      while (isSpace(src.charCodeAt(j))) j++
      if (src.charCodeAt(j) !== 0x3e) throw new Unsupported()
      close(top)
      i = j + 1
    } else if (c === 0x21 /* ! */) {
      if (src.startsWith('<!--', lt)) {
        const stop = src.indexOf('-->', lt + 4)
        if (stop === -1) throw new Unsupported()
        i = stop + 3
      } else if (src.startsWith('<![CDATA[', lt)) {
        const stop = src.indexOf(']]>', lt + 9)
        if (stop === -1 || !top) throw new Unsupported()
        top.text += src.slice(lt + 9, stop)
        top.cdata = true
        i = stop + 3
      } else throw new Unsupported()
    } else if (c === 0x3f /* ? */) {
      // Only the declaration, before the root.
      if (stack.length > 0 || !src.startsWith('<?xml', lt)) throw new Unsupported()
      const stop = src.indexOf('?>', lt + 5)
      if (stop === -1) throw new Unsupported()
      i = stop + 2
    } else {
      const frame: Frame = { name: '', obj: null, text: '', cdata: false }
      const after = openTag(src, lt, frame)
      stack.push(frame)
      top = frame
      if (after < 0) {
        close(frame)
        i = -after
      } else i = after
    }
  }
  if (!result || stack.length > 0) throw new Unsupported()
  return result
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x3a
}

/** The end of the (ASCII) name starting at `i`; Unsupported when there is none or it is one xml2js treats oddly. */
function nameEnd(src: string, i: number): number {
  if (!isNameStart(src.charCodeAt(i))) throw new Unsupported()
  let j = i + 1
  while (isNameChar(src.charCodeAt(j))) j++
  return j
}

/**
 * Reads `<name attr="v" …>` at `lt` into `frame`; returns the index after it, negated when self-closing.
 * xml2js keeps `cdata` and `_` on the element object itself and tests `key in obj` (inherited names too): such
 * names are left to it.
 */
function openTag(src: string, lt: number, frame: Frame): number {
  let i = nameEnd(src, lt + 1)
  const name = src.slice(lt + 1, i)
  if (name === 'cdata' || name === '_' || name in Object.prototype) throw new Unsupported()
  frame.name = name
  let attrs: Record<string, string> | undefined
  for (;;) {
    const before = i
    while (isSpace(src.charCodeAt(i))) i++
    const c = src.charCodeAt(i)
    if (c === 0x3e /* > */) return i + 1
    if (c === 0x2f /* / */) {
      if (src.charCodeAt(i + 1) !== 0x3e) throw new Unsupported()
      return -(i + 2)
    }
    // Attributes must be separated by white space.
    if (i === before) throw new Unsupported()
    const keyEnd = nameEnd(src, i)
    const key = src.slice(i, keyEnd)
    if (key in Object.prototype || (attrs && Object.hasOwn(attrs, key))) throw new Unsupported()
    i = keyEnd
    while (isSpace(src.charCodeAt(i))) i++
    if (src.charCodeAt(i) !== 0x3d /* = */) throw new Unsupported()
    i++
    while (isSpace(src.charCodeAt(i))) i++
    const quote = src[i]
    if (quote !== '"' && quote !== "'") throw new Unsupported()
    const stop = src.indexOf(quote, i + 1)
    if (stop === -1) throw new Unsupported()
    const raw = src.slice(i + 1, stop)
    if (raw.includes('<')) throw new Unsupported()
    if (!attrs) {
      attrs = {}
      frame.obj = { $: attrs }
    }
    attrs[key] = raw.includes('&') ? decode(raw) : raw
    i = stop + 1
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09
}

/** The element's value, as xml2js's close-tag handler builds it. */
function finish(frame: Frame): XmlValue {
  const { obj, text } = frame
  // xml2js tests /^\s*$/ (the same white space as trim()); white-space-only text stays untrimmed then.
  if (!frame.cdata && text.trim() === '') return obj ?? text
  if (!obj) return text.trim()
  return { _: text.trim(), ...obj }
}

function assign(obj: Record<string, XmlValue>, key: string, value: XmlValue): void {
  if (!Object.hasOwn(obj, key)) {
    obj[key] = value
    return
  }
  const old = obj[key]
  if (Array.isArray(old)) old.push(value)
  else obj[key] = [old, value]
}

const ENTITY = /&([^;&\s<]*);/g

/** Entity references as sax (strict) decodes them; anything it would reject or keep as is: Unsupported. */
function decode(raw: string): string {
  const out = raw.replace(ENTITY, (_all, name: string) => {
    const named = NAMED[name]
    if (named !== undefined) return named
    if (name[0] !== '#') throw new Unsupported()
    const hex = name[1] === 'x' || name[1] === 'X'
    const digits = name.slice(hex ? 2 : 1)
    if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) throw new Unsupported()
    const code = parseInt(digits, hex ? 16 : 10)
    // sax refuses leading zeros (its check re-prints the number) and code points out of range.
    if (code.toString(hex ? 16 : 10) !== digits.toLowerCase() || code < 1 || code > 0x10ffff) throw new Unsupported()
    return String.fromCodePoint(code)
  })
  // A bare `&` (no `;` after its name) is an error for sax.
  if (raw.replace(ENTITY, '').includes('&')) throw new Unsupported()
  return out
}
