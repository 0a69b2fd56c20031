import { AppError } from '../errors.js'
import { isBbbApiError, isBbbUnavailableError } from '../bbb/index.js'

/**
 * Turns what the BBB client threw into what users see: the video service unreachable, slow or answering
 * garbage is `503 bbb_unavailable`; a FAILED answer is `502 bbb_error` with BBB's messageKey in the details
 * (never its URL, which carries a checksum). AppErrors pass through.
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
