import xml2js from 'xml2js'
import { scanXml } from './fast-xml.js'

import type { XmlObject, XmlValue } from './xml-value.js'

export type { XmlObject, XmlValue }

/** The root element's name and content of a parsed document. */
export interface XmlDocument {
  root: string
  body: XmlObject
}

const OPTIONS: xml2js.ParserOptions = {
  explicitArray: false,
  explicitRoot: true,
  trim: true,
  normalize: false,
  emptyTag: '',
  strict: true,
}

/**
 * Parses an XML document (comments, a declaration and CDATA are fine). Rejects with the parser's error on
 * anything that is not well-formed, including a truncated answer. Plain answers (all of bbb-web's) go through a
 * fast scanner giving the same value as xml2js (a 3.7 MB getMeetings in a fraction of the time); anything else,
 * and every error, is xml2js's.
 */
export async function parseXml(text: string): Promise<XmlDocument> {
  const fast = scanXml(text)
  if (fast) return { root: fast.root, body: isObject(fast.value) ? fast.value : { _: fast.value } }
  return parseXmlWithXml2js(text)
}

/** {@link parseXml} by xml2js alone (the reference the fast scanner is checked against, and the bench baseline). */
export async function parseXmlWithXml2js(text: string): Promise<XmlDocument> {
  const parsed = (await xml2js.parseStringPromise(text, OPTIONS)) as Record<string, XmlValue> | null
  const root = parsed ? Object.keys(parsed)[0] : undefined
  if (!parsed || root === undefined) throw new Error('empty XML document')
  const body = parsed[root]
  return { root, body: isObject(body) ? body : { _: body ?? '' } }
}

export function isObject(value: XmlValue | undefined): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A repeated element as an array: absent or empty → [], one → [it], many → them. */
export function asArray(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined || value === '') return []
  return Array.isArray(value) ? value : [value]
}

/** The children named `name` of a container element (`<attendees><attendee/>…`), always an array. */
export function children(container: XmlValue | undefined, name: string): XmlObject[] {
  if (!isObject(container)) return []
  return asArray(container[name]).map((v) => (isObject(v) ? v : { _: typeof v === 'string' ? v : '' }))
}

/** The text of an element ('' when empty or absent; an element's own text when it also has attributes). */
export function text(value: XmlValue | undefined): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return text(value[0])
  const own = value['_']
  return typeof own === 'string' ? own : ''
}

/** The text, or undefined when the element is absent or empty. */
export function optText(value: XmlValue | undefined): string | undefined {
  const t = text(value)
  return t === '' ? undefined : t
}

/** A number from the element's text; `fallback` when absent, empty or not a number. */
export function num(value: XmlValue | undefined, fallback = 0): number {
  const t = text(value)
  if (t === '') return fallback
  const n = Number(t)
  return Number.isFinite(n) ? n : fallback
}

export function optNum(value: XmlValue | undefined): number | undefined {
  const t = text(value)
  if (t === '') return undefined
  const n = Number(t)
  return Number.isFinite(n) ? n : undefined
}

/** `true` only for the text `true` (any case). */
export function bool(value: XmlValue | undefined): boolean {
  return text(value).toLowerCase() === 'true'
}

export function optBool(value: XmlValue | undefined): boolean | undefined {
  const t = text(value).toLowerCase()
  return t === 'true' ? true : t === 'false' ? false : undefined
}

/** An element with arbitrary child names (`<metadata>`, `<customdata>`) as a string record. */
export function record(value: XmlValue | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isObject(value)) return out
  for (const [key, child] of Object.entries(value)) {
    if (key === '$' || key === '_' || key === '__proto__') continue
    out[key] = text(child)
  }
  return out
}

/** An element's attributes (`$`), as strings. */
export function attributes(value: XmlValue | undefined): Record<string, string> {
  if (!isObject(value)) return {}
  const attrs = value['$']
  if (!isObject(attrs)) return {}
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, text(v)]))
}
