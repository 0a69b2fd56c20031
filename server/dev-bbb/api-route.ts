import express, { type Request, type Response } from 'express'
import type { ChecksumAlgorithm } from '../bbb/index.js'
import { HANDLERS, JSON_CALLS, NOT_FOUND, SCALELITE_UNSUPPORTED, type Reply } from './api.js'
import { checkChecksum, Params } from './params.js'
import type { DevState } from './state.js'
import type { Webhooks } from './webhooks.js'
import { el, failed, response } from './xml.js'

/** A fault injected into `/api` calls. */
export interface DevFault {
  mode: 'down' | 'slow' | 'error' | 'malformed' | 'none'
  calls?: string[]
  delayMs?: number
  /** For mode error: 500 (default) or 502. */
  status?: 500 | 502
}

/** What the `/dev` routes control and read: calls counted by name, the fault in force. */
export interface Controls {
  calls: Record<string, number>
  fault: DevFault
}

export interface ApiDeps {
  secret: string
  allowed: readonly ChecksumAlgorithm[]
  like: 'bbb' | 'scalelite'
  getMeetingsDisabled: boolean
  maxMeetings: number
  state: DevState
  webhooks: Webhooks
  controls: Controls
  /** Base URL of the mount, ending in '/'. */
  base: () => string
}

const XML_TYPES = ['text/xml', 'application/xml']
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * Mounts `/api/*` on the router: counts the call, applies a fault, then validates like bbb-web (checksum over
 * the raw query string, POST content types) and hands the call to its handler.
 */
export function mountApi(router: express.Router, deps: ApiDeps): void {
  const { secret, allowed, like, state, webhooks, controls, base } = deps
  router.use('/api', express.raw({ type: () => true, limit: '4mb' }), async (req: Request, res: Response) => {
    const call = req.path.replace(/^\/+|\/+$/g, '') || 'index'
    controls.calls[call] = (controls.calls[call] ?? 0) + 1
    const fault = controls.fault
    const applies = fault.mode !== 'none' && (!fault.calls || fault.calls.includes(call))
    if (applies && fault.mode === 'down') {
      req.socket.destroy()
      return
    }
    if (applies && fault.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 3000))
    if (applies && fault.mode === 'error') {
      const status = fault.status ?? 500
      res.status(status).type('html').send(
        `<html><head><title>${status} ${status === 502 ? 'Bad Gateway' : 'Internal Server Error'}</title></head>` +
          `<body><center><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Internal Server Error'}</h1></center>` +
          '<hr><center>nginx</center></body></html>',
      )
      return
    }
    const reply = await answer(call, req)
    if (reply.kind === 'status') {
      res.status(reply.status).type('html').send(reply.body)
      return
    }
    if (reply.kind === 'redirect') {
      res.redirect(302, reply.location)
      return
    }
    let body = reply.kind === 'xml' ? reply.body : JSON.stringify(reply.body)
    if (applies && fault.mode === 'malformed') body = body.slice(0, Math.max(1, Math.floor(body.length / 2)))
    res.status(200).type(reply.kind === 'xml' ? 'text/xml; charset=utf-8' : 'application/json').send(body)
  })

  async function answer(call: string, req: Request): Promise<Reply> {
    if (call === 'index') {
      const inner = like === 'scalelite' ? el('version', '2.0') : el('version', '2.0') + el('apiVersion', '2.0') + el('bbbVersion', '3.0.0-dev')
      return { kind: 'xml', body: response('SUCCESS', inner) }
    }
    if (like === 'scalelite' && SCALELITE_UNSUPPORTED.has(call)) {
      return { kind: 'xml', body: failed('unsupportedRequest', 'This request is not supported.') }
    }
    const handler = Object.hasOwn(HANDLERS, call) ? HANDLERS[call] : undefined
    if (!handler) {
      if (like === 'scalelite') return { kind: 'xml', body: failed('unsupportedRequest', 'This request is not supported.') }
      return NOT_FOUND
    }
    if (call === 'join' && req.method !== 'GET') {
      return { kind: 'xml', body: failed('unsupportedRequest', 'join only accepts GET.') }
    }
    const original = req.originalUrl
    const q = original.indexOf('?')
    const rawQuery = q < 0 ? '' : original.slice(q + 1)
    const checked = checkChecksum(call, rawQuery, secret, allowed)
    const params = new Params(checked.ok ? checked.query : '')
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? (req.body) : undefined
    let xmlBody: string | undefined
    if (req.method === 'POST' && body) {
      const type = (req.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
      const xmlOk = call === 'create' || call === 'insertDocument'
      const formOk = call !== 'insertDocument'
      if (xmlOk && XML_TYPES.includes(type)) xmlBody = body.toString('utf8')
      else if (formOk && FORM_TYPES.includes(type)) {
        if (type === 'application/x-www-form-urlencoded' && checked.ok) {
          const clashes = params.merge(new URLSearchParams(body.toString('utf8')))
          if (clashes.length > 0) {
            return redirectOrXml(call, req, 'checksumError', 'Parameters may not be both in the URL and in the body')
          }
        }
      } else {
        return { kind: 'xml', body: failed('unsupportedContentType', 'POST request Content-Type is missing or unsupported') }
      }
    }
    if (!checked.ok) {
      if (JSON_CALLS.has(call)) return { kind: 'json', body: { response: { returncode: 'FAILED', message: 'Checksums do not match' } } }
      return redirectOrXml(call, req, 'checksumError', 'Checksums do not match')
    }
    return handler({
      call,
      params,
      xmlBody,
      rawBody: body,
      base: base(),
      state,
      secret,
      webhooks,
      like,
      getMeetingsDisabled: deps.getMeetingsDisabled,
      maxMeetings: deps.maxMeetings,
    })
  }

  // A join with a bad checksum still redirects (bbb-web 3.0 redirects every join validation error), but only to
  // this server's own page: an unsigned errorRedirectUrl would make it an open redirect.
  function redirectOrXml(call: string, req: Request, key: string, message: string): Reply {
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '')
    if (call === 'join' && query.get('redirect')?.toLowerCase() !== 'false') {
      const target = base()
      const sep = target.includes('?') ? '&' : '?'
      return {
        kind: 'redirect',
        location: `${target}${sep}errors=${encodeURIComponent(JSON.stringify([{ key, message }]))}`,
      }
    }
    return { kind: 'xml', body: failed(key, message) }
  }
}
