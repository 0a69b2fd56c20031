import type { ErrorRequestHandler, RequestHandler } from 'express'
import { AppError, isAppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { ErrorBody } from '../contract/index.js'
import { errorText } from '../i18n/index.js'
import { localeOf } from './auth.js'

/** `{ error: { code, message, details? } }`: the one error envelope of the API. */
export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }
}

/** Maps body-parser and other framework errors to stable codes. */
function fromFrameworkError(err: unknown): AppError | undefined {
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean }
  switch (e?.type) {
    case 'entity.parse.failed':
      return new AppError('invalid_json', 'The request body is not valid JSON.')
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The request body is too large.')
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'Unsupported body encoding or charset.')
    case 'request.aborted':
      return new AppError('invalid_request', 'The request was aborted.')
    default:
      break
  }
  const status = e?.status ?? e?.statusCode
  if (status && status >= 400 && status < 500) {
    return new AppError('invalid_request', 'The request could not be read.', { status })
  }
  if (err instanceof URIError) return new AppError('invalid_request', 'The request path is not valid.')
  return undefined
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let appError = isAppError(err) ? err : fromFrameworkError(err)
    if (!appError) {
      log.error({ err, reqId: res.locals.reqId, path: loggablePath(req) }, 'unhandled error')
      appError = new AppError('internal_error', 'Something went wrong on our side. It has been logged.')
    } else if (appError.status >= 500) {
      log.warn({ code: appError.code, reqId: res.locals.reqId, path: loggablePath(req), cause: causeSummary(appError) }, appError.message)
    }
    if (res.headersSent) {
      res.end()
      return
    }
    // Rate limiters that count only some refusals (wrong access codes) read the code here.
    res.locals.errorCode = appError.code
    const body = errorBody(appError)
    body.error.message = errorText(appError.code, localeOf(req, res), appError.details ?? {}, appError.message)
    if (appError.code === 'bbb_unavailable') res.setHeader('Retry-After', '5')
    res.status(appError.status).json(body)
  }
}

function causeSummary(err: AppError): string | undefined {
  const c = err.cause
  return c instanceof Error ? `${c.name}: ${c.message}` : undefined
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', `No route for ${req.method} ${req.path}.`))
}

const END_CALLBACK = /^(\/callbacks\/bbb\/end\/)[^/]*/i

/**
 * The path as logged: the request's original path (a router sees only what follows its mount point), without
 * its query. An end-callback token is a credential (it can end a meeting), so it never reaches logs, whatever
 * the case of the path it came in on.
 */
export function loggablePath(req: { originalUrl?: string; url: string }): string {
  const raw = req.originalUrl ?? req.url
  const q = raw.indexOf('?')
  const path = q === -1 ? raw : raw.slice(0, q)
  return path.replace(END_CALLBACK, '$1[redacted]')
}
