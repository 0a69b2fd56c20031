import { checksum, type ChecksumAlgorithm } from './checksum.js'
import { buildQuery, type QueryValue } from './query.js'
import {
  modulesXml,
  toWireParams,
  type CreateParams,
  type DeleteRecordingsParams,
  type EndParams,
  type GetMeetingInfoParams,
  type GetRecordingsParams,
  type HooksCreateParams,
  type HooksDestroyParams,
  type HooksListParams,
  type InsertDocumentParams,
  type JoinParams,
  type MeetingIdParams,
  type PublishRecordingsParams,
  type SendChatMessageParams,
  type UpdateRecordingsParams,
} from './calls.js'
import {
  BbbApiError,
  BbbParamsError,
  BbbUnavailableError,
  redactChecksum,
  type BbbUnavailableReason,
} from './errors.js'
import {
  readEnvelope,
  toApiVersion,
  toCreateResult,
  toDeleted,
  toGetMeetings,
  toGetRecordings,
  toHooksCreate,
  toHooksDestroy,
  toHooksList,
  toIsMeetingRunning,
  toJoinResult,
  toMeetingInfo,
  toMessageResult,
  toPublished,
  toUpdated,
  type ApiVersion,
  type CreateResult,
  type GetMeetingsResult,
  type GetRecordingsResult,
  type Hook,
  type HooksCreateResult,
  type IsMeetingRunningResult,
  type JoinResult,
  type MeetingInfo,
  type MessageResult,
} from './responses.js'
import { parseXml, type XmlObject } from './xml.js'

export interface BbbClientOptions {
  /**
   * What `bbb-conf --secret` prints (`https://host/bigbluebutton/`), with or without `api/` and the
   * trailing slash.
   */
  endpoint: string
  /** The shared secret (`securitySalt`, or Scalelite's `LOADBALANCER_SECRET`). */
  secret: string
  /** Checksum hash. Default `sha256`. */
  algorithm?: ChecksumAlgorithm
  /** Injected transport. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch
  /** Per request, including reading the body. Default 10 000 ms. */
  timeoutMs?: number
  /** Largest answer read, in bytes; a bigger one is cut off and fails as `too_large`. Default 16 MiB. */
  maxAnswerBytes?: number
}

/** Default cap on a BBB answer: a getMeetings of a busy Scalelite is a few MB. */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024

/** Reads a body as UTF-8 text, at most `max` bytes: null (and the stream cancelled) when it is bigger. */
async function readCapped(res: Response, max: number): Promise<string | null> {
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (declared > max) {
    await res.body?.cancel().catch(() => undefined)
    return null
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Signed URLs, one getter per call. Nothing is sent; the URL is exactly what a request would use. */
export interface BbbUrls {
  /** The unsigned API root (`…/bigbluebutton/api`), answering the server's version. */
  apiRoot(): string
  /** Signs `rawQuery` exactly as given (no re-encoding, no re-ordering) for `callName`. */
  sign(callName: string, rawQuery?: string): string
  create(params: CreateParams): string
  /** For a browser redirect; BBB answers 302 unless `redirect: false`. */
  join(params: JoinParams): string
  end(params: EndParams): string
  isMeetingRunning(params: MeetingIdParams): string
  getMeetingInfo(params: GetMeetingInfoParams): string
  getMeetings(): string
  getRecordings(params?: GetRecordingsParams): string
  publishRecordings(params: PublishRecordingsParams): string
  updateRecordings(params: UpdateRecordingsParams): string
  deleteRecordings(params: DeleteRecordingsParams): string
  insertDocument(params: InsertDocumentParams): string
  sendChatMessage(params: SendChatMessageParams): string
  hooksCreate(params: HooksCreateParams): string
  hooksList(params?: HooksListParams): string
  hooksDestroy(params: HooksDestroyParams): string
}

/**
 * A BigBlueButton API client. Every method throws `BbbApiError` (code = messageKey) when BBB answers
 * FAILED and `BbbUnavailableError` (reason `unreachable` | `timeout` | `http_status` | `not_xml` |
 * `malformed`) when it cannot be used; `BbbParamsError` for parameters it refuses to sign.
 */
export interface BbbClient {
  /** The normalised API base, ending in `/api/`. */
  readonly apiBase: string
  readonly algorithm: ChecksumAlgorithm
  readonly urls: BbbUrls
  /** Reads the unsigned API root: a health check that needs no secret. */
  apiVersion(): Promise<ApiVersion>
  /** Idempotent: a running meetingID gives SUCCESS with `duplicateWarning: true`. */
  create(params: CreateParams): Promise<CreateResult>
  /** Performs a join with `redirect=false` (unless given) and returns the XML answer. */
  join(params: JoinParams): Promise<JoinResult>
  /** Asynchronous on BBB's side (`sentEndMeetingRequest`); poll isMeetingRunning to see it gone. */
  end(params: EndParams): Promise<MessageResult>
  isMeetingRunning(params: MeetingIdParams): Promise<IsMeetingRunningResult>
  getMeetingInfo(params: GetMeetingInfoParams): Promise<MeetingInfo>
  getMeetings(): Promise<GetMeetingsResult>
  getRecordings(params?: GetRecordingsParams): Promise<GetRecordingsResult>
  publishRecordings(params: PublishRecordingsParams): Promise<{ published: boolean }>
  updateRecordings(params: UpdateRecordingsParams): Promise<{ updated: boolean }>
  deleteRecordings(params: DeleteRecordingsParams): Promise<{ deleted: boolean }>
  /** POSTs the documents as the `<modules>` XML body. */
  insertDocument(params: InsertDocumentParams): Promise<MessageResult>
  sendChatMessage(params: SendChatMessageParams): Promise<MessageResult>
  hooksCreate(params: HooksCreateParams): Promise<HooksCreateResult>
  hooksList(params?: HooksListParams): Promise<{ hooks: Hook[] }>
  hooksDestroy(params: HooksDestroyParams): Promise<{ removed: boolean }>
  /** Any call by wire name, params sent in insertion order (GET); returns the raw `<response>` content. */
  call(callName: string, params?: Readonly<Record<string, QueryValue>>): Promise<XmlObject>
}

/** `https://h/bigbluebutton`, `…/bigbluebutton/`, `…/api`, `…/api/` → `https://h/bigbluebutton/api/`. */
export function normalizeEndpoint(endpoint: string): string {
  let base = endpoint.trim()
  let parsed: URL
  try {
    parsed = new URL(base)
  } catch {
    throw new BbbParamsError(`BBB endpoint is not a URL: "${base}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BbbParamsError(`BBB endpoint must be http(s): "${base}"`)
  }
  if (parsed.search || parsed.hash) throw new BbbParamsError('BBB endpoint must not have a query or fragment')
  base = base.replace(/\/+$/, '')
  if (base.endsWith('/api')) base = base.slice(0, -'/api'.length)
  return `${base}/api/`
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
}

function lowLevelCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 4 && typeof e === 'object' && e !== null; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** The message of the deepest `cause` (undici's "fetch failed" hides the reason there), checksum redacted. */
function innermostMessage(err: unknown): string | undefined {
  let e: unknown = err
  while (typeof e === 'object' && e !== null && (e as { cause?: unknown }).cause !== undefined) {
    e = (e as { cause?: unknown }).cause
  }
  if (e === err || !(e instanceof Error) || e.message === '') return undefined
  return redactChecksum(e.message)
}

function isTimeout(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name
  return name === 'TimeoutError' || name === 'AbortError'
}

function looksLikeHtml(contentType: string, body: string): boolean {
  return /html/i.test(contentType) || /^\s*(<!doctype\s+html|<html[\s>])/i.test(body)
}

/** Creates a client; see {@link BbbClientOptions} for the defaults. */
export function createBbbClient(options: BbbClientOptions): BbbClient {
  const apiBase = normalizeEndpoint(options.endpoint)
  const secret = options.secret
  const algorithm = options.algorithm ?? 'sha256'
  const fetchImpl = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES
  const apiRoot = apiBase.slice(0, -1)

  function sign(callName: string, rawQuery = ''): string {
    const hex = checksum(callName, rawQuery, secret, algorithm)
    return `${apiBase}${callName}?${rawQuery === '' ? '' : `${rawQuery}&`}checksum=${hex}`
  }

  const signed = (callName: string, params: object = {}) => sign(callName, buildQuery(toWireParams(params)))

  /** A copy of a low-level error without URLs, checksums or the secret, for `cause`. */
  function sanitize(err: unknown): Error {
    const scrub = (s: string) => {
      const out = redactChecksum(s).replace(/checksum=[0-9a-f]{40,128}/gi, 'checksum=REDACTED')
      return secret === '' ? out : out.split(secret).join('REDACTED')
    }
    const original = err instanceof Error ? err : new Error(String(err))
    const copy = new Error(scrub(original.message))
    copy.name = original.name
    const code = lowLevelCode(err)
    if (code) Object.assign(copy, { code })
    return copy
  }

  function unavailable(
    call: string,
    url: string,
    reason: BbbUnavailableReason,
    what: string,
    extra: { status?: number; cause?: unknown } = {},
  ): BbbUnavailableError {
    return new BbbUnavailableError({
      call,
      reason,
      url: redactChecksum(url),
      message: `BigBlueButton ${call}: ${what}`,
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      ...(extra.cause !== undefined ? { cause: sanitize(extra.cause) } : {}),
    })
  }

  async function send(
    call: string,
    url: string,
    init: { body?: string; contentType?: string } = {},
  ): Promise<XmlObject> {
    const method = init.body === undefined ? 'GET' : 'POST'
    let res: Response
    try {
      res = await fetchImpl(url, {
        method,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: init.contentType ? { 'content-type': init.contentType } : {},
        ...(init.body !== undefined ? { body: init.body } : {}),
      })
    } catch (err) {
      if (isTimeout(err)) throw unavailable(call, url, 'timeout', `no answer from ${apiBase} within ${timeoutMs} ms`)
      const code = lowLevelCode(err)
      const why = (code && NETWORK_CODES[code]) ?? code ?? innermostMessage(err) ?? 'network error'
      throw unavailable(call, url, 'unreachable', `cannot reach ${apiBase} (${why})`, { cause: err })
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => undefined)
      throw unavailable(call, url, 'http_status', `${apiBase} answered HTTP ${res.status}`, { status: res.status })
    }
    let body: string
    try {
      const capped = await readCapped(res, maxAnswerBytes)
      if (capped === null) {
        throw unavailable(call, url, 'too_large', `${apiBase} answered more than the cap (larger than ${maxAnswerBytes} bytes)`, { status: res.status })
      }
      body = capped
    } catch (err) {
      if (err instanceof BbbUnavailableError) throw err
      if (isTimeout(err)) {
        throw unavailable(call, url, 'timeout', `answer from ${apiBase} not complete within ${timeoutMs} ms`)
      }
      throw unavailable(call, url, 'unreachable', `connection to ${apiBase} lost while reading`, { cause: err })
    }
    const contentType = res.headers.get('content-type') ?? ''
    if (looksLikeHtml(contentType, body)) {
      throw unavailable(call, url, 'not_xml', `${apiBase} answered an HTML page, not BBB XML`, { status: res.status })
    }
    if (!body.trimStart().startsWith('<')) {
      throw unavailable(call, url, 'not_xml', `${apiBase} answered something that is not XML`, { status: res.status })
    }
    let doc
    try {
      doc = await parseXml(body)
    } catch (err) {
      throw unavailable(call, url, 'malformed', `${apiBase} answered malformed XML`, { status: res.status, cause: err })
    }
    if (doc.root !== 'response') {
      const what = `${apiBase} answered <${doc.root}>, not a BBB <response>`
      throw unavailable(call, url, 'not_xml', what, { status: res.status })
    }
    const envelope = readEnvelope(doc.body)
    if (!envelope) {
      throw unavailable(call, url, 'malformed', `${apiBase} answered without a returncode`, { status: res.status })
    }
    if (envelope.returncode === 'FAILED') {
      throw new BbbApiError({
        call,
        messageKey: envelope.messageKey ?? '',
        message: envelope.message ?? '',
        url: redactChecksum(url),
      })
    }
    return doc.body
  }

  const urls: BbbUrls = {
    apiRoot: () => apiRoot,
    sign,
    create: (p) => signed('create', p),
    join: (p) => signed('join', p),
    end: (p) => signed('end', p),
    isMeetingRunning: (p) => signed('isMeetingRunning', p),
    getMeetingInfo: (p) => signed('getMeetingInfo', p),
    getMeetings: () => signed('getMeetings'),
    getRecordings: (p) => signed('getRecordings', p),
    publishRecordings: (p) => signed('publishRecordings', p),
    updateRecordings: (p) => signed('updateRecordings', p),
    deleteRecordings: (p) => signed('deleteRecordings', p),
    insertDocument: (p) => signed('insertDocument', p),
    sendChatMessage: (p) => signed('sendChatMessage', p),
    hooksCreate: (p) => signed('hooks/create', p),
    hooksList: (p) => signed('hooks/list', p),
    hooksDestroy: (p) => signed('hooks/destroy', p),
  }

  return {
    apiBase,
    algorithm,
    urls,
    async apiVersion() {
      return toApiVersion(await send('index', apiRoot))
    },
    async create(p) {
      const url = urls.create(p)
      const body = p.modules ? modulesXml(p.modules) : undefined
      return toCreateResult(await send('create', url, body ? { body, contentType: 'application/xml' } : {}))
    },
    async join(p) {
      const withXml = p.redirect === undefined ? { ...p, redirect: false } : p
      return toJoinResult(await send('join', urls.join(withXml)))
    },
    async end(p) {
      return toMessageResult(await send('end', urls.end(p)))
    },
    async isMeetingRunning(p) {
      return toIsMeetingRunning(await send('isMeetingRunning', urls.isMeetingRunning(p)))
    },
    async getMeetingInfo(p) {
      return toMeetingInfo(await send('getMeetingInfo', urls.getMeetingInfo(p)))
    },
    async getMeetings() {
      return toGetMeetings(await send('getMeetings', urls.getMeetings()))
    },
    async getRecordings(p) {
      return toGetRecordings(await send('getRecordings', urls.getRecordings(p)))
    },
    async publishRecordings(p) {
      return toPublished(await send('publishRecordings', urls.publishRecordings(p)))
    },
    async updateRecordings(p) {
      return toUpdated(await send('updateRecordings', urls.updateRecordings(p)))
    },
    async deleteRecordings(p) {
      return toDeleted(await send('deleteRecordings', urls.deleteRecordings(p)))
    },
    async insertDocument(p) {
      const body = modulesXml({ presentation: p.documents })
      const init = { body, contentType: 'application/xml' }
      return toMessageResult(await send('insertDocument', urls.insertDocument(p), init))
    },
    async sendChatMessage(p) {
      return toMessageResult(await send('sendChatMessage', urls.sendChatMessage(p)))
    },
    async hooksCreate(p) {
      return toHooksCreate(await send('hooks/create', urls.hooksCreate(p)))
    },
    async hooksList(p) {
      return toHooksList(await send('hooks/list', urls.hooksList(p)))
    },
    async hooksDestroy(p) {
      return toHooksDestroy(await send('hooks/destroy', urls.hooksDestroy(p)))
    },
    async call(callName, params = {}) {
      return send(callName, sign(callName, buildQuery(params)))
    },
  }
}
