import type { Params } from './params.js'
import type { DevState } from './state.js'
import type { Webhooks } from './webhooks.js'
import { failed } from './xml.js'

/** What a call answers: an XML or JSON document, or a browser redirect. */
export type Reply =
  | { kind: 'xml'; body: string }
  | { kind: 'json'; body: unknown }
  | { kind: 'redirect'; location: string }
  | { kind: 'status'; status: number; body: string }

/**
 * What bbb-web answers for a call it does not know: no controller action matches, so the servlet container
 * answers HTTP 404 with its own HTML page (not an API document).
 */
export const NOT_FOUND: Reply = {
  kind: 'status',
  status: 404,
  body: '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head>' +
    '<body><h1>HTTP Status 404 – Not Found</h1></body></html>',
}

/** Calls bbb-web answers in JSON, failures included (`{"response":{"returncode":"FAILED","message":…}}`). */
export const JSON_CALLS: ReadonlySet<string> = new Set(['getJoinUrl', 'learningDashboard'])

export interface CallContext {
  call: string
  params: Params
  /** The POST body when it was XML (create, insertDocument). */
  xmlBody: string | undefined
  /** The raw POST body (putRecordingTextTrack). */
  rawBody: Buffer | undefined
  /** Base URL of the mount, ending in '/'. */
  base: string
  state: DevState
  /** The shared secret (getJoinUrl signs the URL it hands out). */
  secret: string
  webhooks: Webhooks
  like: 'bbb' | 'scalelite'
  getMeetingsDisabled: boolean
  maxMeetings: number
}

export const xml = (body: string): Reply => ({ kind: 'xml', body })
export const fail = (key: string, message: string): Reply => xml(failed(key, message))

export const META_NAME = /^meta_[a-zA-Z][a-zA-Z0-9-]*$/
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f]/

/** A comma-separated parameter as a list (blank entries dropped). */
export function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}

/** A number parameter of 0 or more, or the validationError bbb-web answers. */
export function number(p: Params, name: string, fallback: number, integer: boolean): number | Reply {
  const raw = p.get(name)
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    return fail('validationError', `${name} must be a ${integer ? 'whole ' : ''}number of 0 or more`)
  }
  return n
}
