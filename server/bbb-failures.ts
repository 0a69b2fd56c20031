import { AppError } from './errors.js'
import { isBbbApiError, isBbbUnavailableError } from './bbb/index.js'

/**
 * The one place BigBlueButton's errors become the service's: every domain module that calls BBB (directly or
 * through the status source) maps what it caught here, and branches on a FAILED answer's messageKey only
 * through {@link bbbMessageKey}.
 */

/**
 * Turns what the BBB client threw into what users see: the video service unreachable, slow or answering
 * garbage is `503 bbb_unavailable`; a FAILED answer is `502 bbb_error` with BBB's messageKey in the details
 * (never its URL, which carries a checksum); a rejected checksum is `503 bbb_unavailable` with
 * `details.reason = 'secret_rejected'`. AppErrors pass through.
 */
export function toBbbFailure(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (isBbbUnavailableError(err)) {
    return new AppError('bbb_unavailable', 'The video service is unavailable right now. Retrying shortly usually works.', {
      details: { reason: err.reason },
      cause: err,
    })
  }
  if (isBbbApiError(err)) {
    if (err.messageKey === 'checksumError') {
      return new AppError('bbb_unavailable', 'The video service rejected our credentials; an administrator must check the BBB secret.', {
        details: { reason: 'secret_rejected', messageKey: err.messageKey },
        cause: err,
      })
    }
    return new AppError('bbb_error', 'The video service refused the request.', {
      details: { messageKey: err.messageKey, call: err.call },
      cause: err,
    })
  }
  return new AppError('internal_error', 'Unexpected error while talking to the video service.', { cause: err })
}

/** The same promise, its BBB failures mapped by {@link toBbbFailure}. */
export function mapBbbFailure<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((err: unknown) => Promise.reject(toBbbFailure(err)))
}

/** The messageKey of a FAILED BBB answer (`notFound`, `noRecordings`, `unsupportedRequest`…), else undefined. */
export function bbbMessageKey(err: unknown): string | undefined {
  if (isBbbApiError(err)) return err.messageKey
  if (err && typeof err === 'object' && 'messageKey' in err) {
    const key = (err as { messageKey?: unknown }).messageKey
    return typeof key === 'string' ? key : undefined
  }
  return undefined
}
