/**
 * Errors thrown by the BBB client. None of them ever carries the shared secret or a checksum: URLs are
 * kept with the checksum value redacted, and low-level causes are copied without their URLs.
 */

/** Why BBB could not be used: nothing listening, too slow, a non-2xx status, or an answer that is not BBB XML. */
export type BbbUnavailableReason = 'unreachable' | 'timeout' | 'http_status' | 'not_xml' | 'malformed' | 'too_large'

/** Base class: `code` is a BBB messageKey for API failures, `unavailable` or `invalid_params` otherwise. */
export class BbbError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/**
 * BBB answered `FAILED`. `code` is the messageKey (`checksumError`, `notFound`, `idNotUnique`, …), or
 * `failed` when the server gave none; `message` is BBB's English text (not a contract).
 */
export class BbbApiError extends BbbError {
  readonly call: string
  readonly messageKey: string
  /** The request URL with its checksum value redacted. */
  readonly url: string

  constructor(options: { call: string; messageKey: string; message: string; url: string }) {
    super(options.messageKey || 'failed', options.message || options.messageKey || 'BigBlueButton answered FAILED')
    this.call = options.call
    this.messageKey = options.messageKey
    this.url = options.url
  }
}

/** BBB could not be reached or did not answer like BBB (network error, timeout, non-2xx, HTML, truncated XML). */
export class BbbUnavailableError extends BbbError {
  readonly call: string
  readonly reason: BbbUnavailableReason
  /** HTTP status, for `http_status` (and when known for `not_xml` / `malformed`). */
  readonly status: number | undefined
  /** The request URL with its checksum value redacted. */
  readonly url: string

  constructor(options: {
    call: string
    reason: BbbUnavailableReason
    message: string
    url: string
    status?: number
    cause?: unknown
  }) {
    super('unavailable', options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.call = options.call
    this.reason = options.reason
    this.status = options.status
    this.url = options.url
  }
}

/** Parameters the client refuses to sign (a metadata or userdata key BBB would reject or mangle). */
export class BbbParamsError extends BbbError {
  constructor(message: string) {
    super('invalid_params', message)
  }
}

/** An inbound BBB callback whose signature or payload does not check out. */
export class BbbCallbackError extends BbbError {
  readonly reason: 'signature' | 'payload'

  constructor(reason: 'signature' | 'payload', message: string) {
    super('invalid_callback', message)
    this.reason = reason
  }
}

function hasName(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name
}

/** True for a {@link BbbApiError}, also across module copies (matched by name). */
export function isBbbApiError(err: unknown): err is BbbApiError {
  return err instanceof BbbApiError || hasName(err, 'BbbApiError')
}

/** True for a {@link BbbUnavailableError}, also across module copies (matched by name). */
export function isBbbUnavailableError(err: unknown): err is BbbUnavailableError {
  return err instanceof BbbUnavailableError || hasName(err, 'BbbUnavailableError')
}

/** True for any error thrown by the BBB client. */
export function isBbbError(err: unknown): err is BbbError {
  return err instanceof BbbError || (err instanceof Error && /^Bbb[A-Za-z]*Error$/.test(err.name))
}

/** Replaces the value of every `checksum=` pair in a URL or query string with `REDACTED`. */
export function redactChecksum(url: string): string {
  return url.replace(/([?&]|^)checksum=[^&#]*/g, '$1checksum=REDACTED')
}
